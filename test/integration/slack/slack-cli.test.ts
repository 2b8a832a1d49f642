import { stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SimulatedExchange } from '../../../src/dev/simulator.ts';
import { collectingIo, spawnCli, type CliResult } from '../../support/run-cli.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

const env = { APPROVER_USER_IDS: 'UBOSS1', DATA_BUCKET: '', WORKER_FUNCTION_NAME: '' };

beforeEach(() => {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/**
 * `npm run slack -- ARGS` in this process. The Lambda handlers keep their configuration and
 * clients in module state for the life of a process, as on Lambda; a fresh module graph per
 * call makes each call a new process's, as each `npm run slack` is.
 */
async function slack(args: string[]): Promise<CliResult> {
  vi.resetModules();
  const { runSlackCli } = await import('../../../src/dev/slack-cli.ts');
  const io = collectingIo();
  return io.result(await runSlackCli(args, io));
}

/** The plan id on the Approve button of a plan message. */
function planIdOf(exchanges: SimulatedExchange[]): string | undefined {
  const post = exchanges.find((exchange) => exchange.kind === 'response_url')?.body as { blocks: unknown[] };
  return /"plan\\":\\"(\d{8}-\d{6}-[0-9a-z]{6})\\"/.exec(JSON.stringify(post.blocks))?.[1];
}

describe('npm run slack (the Slack simulator)', () => {
  it('plans from the seeded sample and prints every message as JSON (smoke test: a fresh process from dist/)', async () => {
    // Prepare
    const storeDir = await tempDirForTest('slack-cli-');

    // Act
    const planned = await spawnCli(
      'slack',
      ['/retention budget=200', '--user', 'UASK1', '--json', '--store', storeDir],
      {
        env,
      },
    );

    // Assess
    expect(planned.code, planned.stderr).toBe(0);
    const exchanges = JSON.parse(planned.stdout) as SimulatedExchange[];
    expect(exchanges[0]).toMatchObject({ kind: 'ack', status: 200, body: { response_type: 'ephemeral' } });
    expect(JSON.stringify(exchanges[0].body)).toContain('Planning for 250 customers from predictions/');
    expect(exchanges.find((exchange) => exchange.kind === 'response_url')?.body).toMatchObject({
      response_type: 'in_channel',
    });
    expect(planIdOf(exchanges)).toBeDefined();
  });

  it('approves a plan with --click, printing the updated message', async () => {
    // Prepare
    const storeDir = await tempDirForTest('slack-cli-');
    const planned = await slack(['/retention budget=200', '--user', 'UASK1', '--json', '--store', storeDir]);
    const planId = planIdOf(JSON.parse(planned.stdout) as SimulatedExchange[]);

    // Act
    const approved = await slack([
      '--click',
      'approve',
      '--plan',
      planId ?? 'missing',
      '--user',
      'UBOSS1',
      '--store',
      storeDir,
    ]);

    // Assess
    expect(planned.code, planned.stderr).toBe(0);
    expect(planId).toBeDefined();
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain('--- response_url post replacing the original');
    expect(approved.stdout).toMatch(/Approved by @UBOSS1 at .*: \d+ actions sent/);
  });

  it('sweeps in the simulator, saving the chart it uploads to Slack, and answers an Accept click', async () => {
    // Prepare
    const storeDir = await tempDirForTest('slack-cli-');

    // Act
    const swept = await slack(['/retention sweep budget=150..200:2', '--store', storeDir]);
    const accepted = await slack([
      '--click',
      'accept',
      '--version',
      '2026-11-01-0123abcd',
      '--user',
      'UBOSS1',
      '--store',
      storeDir,
    ]);

    // Assess
    expect(swept.code).toBe(0);
    expect(swept.stdout).toContain('Sweeping budget over 2 levels ($150 to $200)');
    const chart =
      /upload of sweep-\d{8}-\d{6}-[0-9a-z]{6}\.png \(\d+ bytes\), saved as (\S+\/slack-files\/\S+\.png)/.exec(
        swept.stdout,
      )?.[1];
    expect(chart, swept.stdout + swept.stderr).toBeDefined();
    expect((await stat(chart!)).size).toBeGreaterThan(1000);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain('No proposal 2026-11-01-0123abcd is stored; run `/retention calibrate` again.');
  });

  it('prints the usage for --help and exits 0', async () => {
    // Act
    const result = await slack(['--help']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage:\n {2}npm run --silent slack -- "\/retention" \[--json\]/);
    expect(result.stdout).toContain('--click approve|download|edit --plan <plan_id>');
    expect(result.stderr).toBe('');
  });

  it('refuses a command that is not /retention with the usage and exit code 2', async () => {
    // Act
    const result = await slack(['/weather']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the command must start with /retention');
    expect(result.stderr).toContain('usage:');
  });

  it('asks for --version with --click accept', async () => {
    // Act
    const result = await slack(['--click', 'accept']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--click accept needs --version <catalog version>');
  });
});
