import { localLambdaContext } from '../../../src/dev/lambda-context.ts';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEPLOYED_ENV_NAMES } from '../../../src/config/env.ts';
import { startLoopbackSlack, type LoopbackSlack } from '../../../src/dev/loopback-slack.ts';
import { approveClickBody, buildSlackEvent, slashCommandBody } from '../../../src/slack/signed-request.ts';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import { listRuns } from '../../../src/storage/run-record.ts';
import { SAMPLE_CSV } from '../../support/sample.ts';
import { tempDirPerBlock } from '../../support/temp-dir.ts';

const SIGNING_SECRET = 'logs-test-signing-secret-5be1d0c2';
const BOT_TOKEN = 'xoxb-logs-test-91c4-4d2a-token';
const APPROVER = 'UAPPROVERLOG';
const CHANNEL = 'CLOGS';

/** Everything written to stdout, stderr and the console while the run lasts. */
const captured: string[] = [];
const root = tempDirPerBlock('hardening-logs-');
let slack: LoopbackSlack;
let customerIds: string[];

function capture(): () => void {
  const spies = [
    vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => (captured.push(String(chunk)), true)),
    vi
      .spyOn(process.stderr, 'write')
      .mockImplementation((chunk: string | Uint8Array) => (captured.push(String(chunk)), true)),
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((name) =>
      vi
        .spyOn(console, name)
        .mockImplementation((...parts: unknown[]) => void captured.push(`${parts.map(String).join(' ')}\n`)),
    ),
  ];
  return () => spies.forEach((spy) => spy.mockRestore());
}

beforeAll(async () => {
  await mkdir(join(root(), 'predictions', '2026-11-16'), { recursive: true });
  await copyFile(SAMPLE_CSV, join(root(), 'predictions', '2026-11-16', 'predictions.csv'));
  customerIds = (await readFile(SAMPLE_CSV, 'utf8'))
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(',')[0]);
  slack = await startLoopbackSlack();
  for (const name of [...DEPLOYED_ENV_NAMES, 'HIGHS_WASM_PATH']) vi.stubEnv(name, '');
  vi.stubEnv('LOCAL_STORE_DIR', root());
  vi.stubEnv('SLACK_SIGNING_SECRET', SIGNING_SECRET);
  vi.stubEnv('SLACK_BOT_TOKEN', BOT_TOKEN);
  vi.stubEnv('SLACK_API_URL', slack.apiUrl);
  vi.stubEnv('APPROVER_USER_IDS', APPROVER);
  vi.stubEnv('LOG_LEVEL', 'debug');
  vi.stubEnv('SOLVE_TIME_LIMIT_SECONDS', '20');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await slack?.close();
});

const now = (): number => Math.floor(Date.now() / 1000);

describe('logs of a full run through the production handlers (local mode)', () => {
  it('are JSON lines with the plan id as correlation id, and never hold a secret, the bot token, a response URL or a customer id', async () => {
    // Prepare
    const [{ handler }, { idleLocalJobs }] = await Promise.all([
      import('../../../src/handlers/slack.ts'),
      import('../../../src/handlers/production-deps.ts'),
    ]);
    const restore = capture();
    let planId: string;
    try {
      // Act: a plan, its approval, a forged request, then a week whose file has a duplicate customer id
      const planUrl = slack.responseUrl();
      const planAck = await handler(
        buildSlackEvent({
          body: slashCommandBody({ text: 'budget=200', userId: 'UASKER', channelId: CHANNEL, responseUrl: planUrl }),
          signingSecret: SIGNING_SECRET,
          timestamp: now(),
        }),
        localLambdaContext(),
      );
      await idleLocalJobs();
      [{ plan_id: planId }] = await listRuns(createLocalStore(root()), 1);
      const click = approveClickBody({
        userId: APPROVER,
        value: { plan: planId, via: 'response_url' },
        responseUrl: slack.responseUrl(),
        channelId: CHANNEL,
        messageTs: '1700000000.000001',
      });
      await handler(
        buildSlackEvent({ body: click, signingSecret: SIGNING_SECRET, timestamp: now() }),
        localLambdaContext(),
      );
      await idleLocalJobs();
      await handler(
        buildSlackEvent({
          body: slashCommandBody({ text: '', userId: 'UX', channelId: CHANNEL, responseUrl: slack.responseUrl() }),
          signingSecret: 'wrong',
          timestamp: now(),
        }),
        localLambdaContext(),
      );
      await createLocalStore(root()).put(
        'predictions/2026-11-23/week.csv',
        `customer_id,churn_probability,subscription_type\nC900001,0.5,Free\nC900001,0.6,Free\n`,
      );
      await handler(
        buildSlackEvent({
          body: slashCommandBody({
            text: 'plan',
            userId: 'UASKER',
            channelId: CHANNEL,
            responseUrl: slack.responseUrl(),
          }),
          signingSecret: SIGNING_SECRET,
          timestamp: now(),
        }),
        localLambdaContext(),
      );
      await idleLocalJobs();
      expect(planAck.statusCode).toBe(200);
    } finally {
      restore();
    }

    // Assess: the run happened
    expect(
      slack.calls.some((call) => call.kind === 'response_url' && String(call.body.text).includes('Approved by')),
    ).toBe(true);
    expect(slack.calls.some((call) => String(call.body.text).includes('Planning failed (BAD_INPUT)'))).toBe(true);

    // Assess: every line ours, JSON, and clean
    const lines = captured
      .join('')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    expect(lines.length).toBeGreaterThan(5);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const record of records)
      expect(record).toMatchObject({
        level: expect.any(String),
        timestamp: expect.any(String),
        service: expect.any(String),
        message: expect.any(String),
      });
    const all = lines.join('\n');
    expect(all).not.toContain(SIGNING_SECRET);
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toMatch(/\/response\/\d+/);
    expect(all).not.toMatch(/C[19]\d{5}/);
    for (const id of customerIds) expect(all).not.toContain(id);

    const workerLines = records.filter((record) => record.service === 'retention-worker');
    expect(workerLines.filter((record) => record.correlation_id === planId).map((record) => record.message)).toEqual(
      expect.arrayContaining(['job started', 'job finished']),
    );
    const failed = workerLines.find((record) => record.message === 'job failed');
    expect(failed).toMatchObject({ code: 'BAD_INPUT', location: { row: 3, column: 'customer_id' } });
    expect(
      records.some((record) => record.service === 'retention-slack' && record.message === 'slack request refused'),
    ).toBe(true);
  });
});
