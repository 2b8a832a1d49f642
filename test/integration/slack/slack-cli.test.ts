import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatedExchange } from '../../../src/dev/simulator.ts';
import { runCli } from '../../support/run-cli.ts';

let storeDir: string | undefined;

afterEach(async () => {
  if (storeDir) await rm(storeDir, { recursive: true, force: true });
  storeDir = undefined;
});

const env = { APPROVER_USER_IDS: 'UBOSS1', DATA_BUCKET: '', WORKER_FUNCTION_NAME: '' };

describe('npm run slack (the Slack simulator)', () => {
  it('plans from the seeded sample, prints every message as JSON, and approves with --click', async () => {
    // Prepare
    storeDir = await mkdtemp(join(tmpdir(), 'slack-cli-'));

    // Act
    const planned = await runCli(
      'src/dev/slack-cli.ts',
      ['/retention budget=200', '--user', 'UASK1', '--json', '--store', storeDir],
      { env },
    );
    const exchanges = JSON.parse(planned.stdout) as SimulatedExchange[];
    const post = exchanges.find((exchange) => exchange.kind === 'response_url')?.body as {
      blocks: unknown[];
      response_type: string;
    };
    const planId = /"plan\\":\\"(\d{8}-\d{6}-[0-9a-z]{6})\\"/.exec(JSON.stringify(post.blocks))?.[1];
    const approved = await runCli(
      'src/dev/slack-cli.ts',
      ['--click', 'approve', '--plan', planId ?? 'missing', '--user', 'UBOSS1', '--store', storeDir],
      { env },
    );

    // Assess
    expect(planned.code).toBe(0);
    expect(exchanges[0]).toMatchObject({ kind: 'ack', status: 200, body: { response_type: 'ephemeral' } });
    expect(JSON.stringify(exchanges[0].body)).toContain('Planning for 250 customers from predictions/');
    expect(post.response_type).toBe('in_channel');
    expect(planId).toBeDefined();
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('--- response_url post replacing the original');
    expect(approved.stdout).toMatch(/Approved by @UBOSS1 at .*: \d+ actions sent/);
  });

  it('sweeps in the simulator, saving the chart it uploads to Slack, and answers an Accept click', async () => {
    // Prepare
    storeDir = await mkdtemp(join(tmpdir(), 'slack-cli-'));

    // Act
    const swept = await runCli('src/dev/slack-cli.ts', ['/retention sweep budget=150..200:2', '--store', storeDir], {
      env,
    });
    const accepted = await runCli(
      'src/dev/slack-cli.ts',
      ['--click', 'accept', '--version', '2026-11-01-0123abcd', '--user', 'UBOSS1', '--store', storeDir],
      { env },
    );

    // Assess
    expect(swept.code).toBe(0);
    expect(swept.stdout).toContain('Sweeping budget over 2 levels ($150 to $200)');
    const chart =
      /upload of sweep-\d{8}-\d{6}-[0-9a-z]{6}\.png \(\d+ bytes\), saved as (\S+\/slack-files\/\S+\.png)/.exec(
        swept.stdout,
      )?.[1];
    expect(chart).toBeDefined();
    expect((await stat(chart!)).size).toBeGreaterThan(1000);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain('No proposal 2026-11-01-0123abcd is stored; run `/retention calibrate` again.');
  });

  it('refuses a command that is not /retention with the usage and exit code 2', async () => {
    // Act
    const result = await runCli('src/dev/slack-cli.ts', ['/weather'], { env });

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the command must start with /retention');
    expect(result.stderr).toContain('usage:');
  });

  it('asks for --version with --click accept', async () => {
    // Act
    const result = await runCli('src/dev/slack-cli.ts', ['--click', 'accept'], { env });

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--click accept needs --version <catalog version>');
  });
});
