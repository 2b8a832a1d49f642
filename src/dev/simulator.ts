import { randomBytes } from 'node:crypto';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CALIBRATE_ACCEPT_ACTION } from '../slack/blocks/learning-blocks.ts';
import { groupPartitions } from '../storage/latest-predictions.ts';
import { createLocalStore } from '../storage/local-store.ts';
import { startLoopbackSlack, type CapturedCall } from './loopback-slack.ts';
import { isMondayNine, runMondaySummary } from '../jobs/monday-summary.ts';
import { approveClickBody, buildSlackEvent, slashCommandBody } from '../slack/signed-request.ts';

/** The predictions that ship with the project. */
export const SAMPLE_PREDICTIONS = fileURLToPath(new URL('../../data/sample/predictions.csv', import.meta.url));

/** What one simulated request produced: the HTTP answer, then everything Slack received. */
export interface SimulatedExchange {
  kind: 'ack' | 'response_url' | 'api' | 'webhook';
  target: string;
  status?: number;
  body: unknown;
}

export type SimulatedRequest =
  | { kind: 'command'; text: string; user: string; channel: string }
  | { kind: 'approve'; planId: string; user: string; channel: string; messageTs?: string }
  | { kind: 'accept'; version: string; user: string; channel: string }
  | { kind: 'monday'; channel: string };

/** The signed form body of a command or a click, as Slack would send it. */
function requestBody(request: Exclude<SimulatedRequest, { kind: 'monday' }>, responseUrl: string): string {
  switch (request.kind) {
    case 'command':
      return slashCommandBody({ text: request.text, userId: request.user, channelId: request.channel, responseUrl });
    case 'approve':
      return approveClickBody({
        userId: request.user,
        value: { plan: request.planId, via: request.messageTs ? 'chat' : 'response_url' },
        responseUrl,
        channelId: request.channel,
        messageTs: request.messageTs ?? '0000000000.000000',
      });
    case 'accept':
      return approveClickBody({
        userId: request.user,
        value: JSON.stringify({ version: request.version }),
        responseUrl,
        channelId: request.channel,
        messageTs: '0000000000.000000',
        actionId: CALIBRATE_ACCEPT_ACTION,
      });
  }
}

/** `now` when it is Monday 09:xx in `timeZone`, else the latest half past an hour before it that is. */
export function lastMondayNine(now: Date, timeZone: string): Date {
  if (isMondayNine(now, timeZone)) return now;
  const start = Math.floor(now.getTime() / 3_600_000) * 3_600_000 + 1_800_000;
  for (let hours = 0; hours <= 8 * 24; hours++) {
    const candidate = new Date(start - hours * 3_600_000);
    if (candidate <= now && isMondayNine(candidate, timeZone)) return candidate;
  }
  throw new Error(`no Monday 09:xx in ${timeZone} in the last 8 days`);
}

export interface SimulatorOptions {
  /** The embedded local store (a folder); seeded with the sample when it has no predictions. */
  storeDir: string;
  approvers: string;
  timeZone?: string;
  today?: Date;
}

/** Places the sample as `predictions/<today>/predictions.csv` unless the store already has predictions. */
export async function seedLocalStore(storeDir: string, today: Date): Promise<string | undefined> {
  const store = createLocalStore(storeDir);
  if (groupPartitions(await store.list('predictions/')).length > 0) return undefined;
  const key = `predictions/${today.toISOString().slice(0, 10)}/predictions.csv`;
  await mkdir(join(storeDir, ...key.split('/').slice(0, -1)), { recursive: true });
  await copyFile(SAMPLE_PREDICTIONS, join(storeDir, ...key.split('/')));
  return key;
}

function toExchange(call: CapturedCall): SimulatedExchange {
  return { kind: call.kind, target: call.target, body: call.body };
}

/**
 * The Slack simulator (SPEC 5): signs a request (a command, an Approve or an Accept catalog
 * click) as Slack does, passes it through the real
 * Lambda handler (`src/handlers/slack.ts`, local mode: the local store and in-process
 * worker), waits for the worker, and returns the ack and every message Slack would receive
 * (captured by a loopback stand-in of the Web API and of response URLs).
 */
export async function simulateSlack(
  request: SimulatedRequest,
  options: SimulatorOptions,
): Promise<SimulatedExchange[]> {
  await seedLocalStore(options.storeDir, options.today ?? new Date());
  const slack = await startLoopbackSlack();
  const signingSecret = randomBytes(16).toString('hex');
  for (const name of [
    'DATA_BUCKET',
    'WORKER_FUNCTION_NAME',
    'WEBHOOK_URL',
    'SLACK_SIGNING_SECRET_PARAM',
    'SLACK_BOT_TOKEN_PARAM',
    'WEBHOOK_SECRET_PARAM',
  ]) {
    delete process.env[name];
  }
  Object.assign(process.env, {
    LOCAL_STORE_DIR: options.storeDir,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_BOT_TOKEN: 'xoxb-local-simulator',
    SLACK_API_URL: slack.apiUrl,
    APPROVER_USER_IDS: options.approvers,
    SUMMARY_CHANNEL_ID: request.kind === 'monday' ? request.channel : (process.env.SUMMARY_CHANNEL_ID ?? 'CLOCAL'),
    TIME_ZONE: options.timeZone ?? process.env.TIME_ZONE ?? 'UTC',
  });
  try {
    if (request.kind === 'monday') return await simulateMonday(options.today ?? new Date(), slack.calls);
    const [{ handler }, { idleLocalJobs }] = await Promise.all([
      import('../handlers/slack.ts'),
      import('../handlers/production-deps.ts'),
    ]);
    const body = requestBody(request, slack.responseUrl());
    const answer = await handler(
      buildSlackEvent({ body, signingSecret, timestamp: Math.floor(Date.now() / 1000) }),
      {},
    );
    await idleLocalJobs();
    let ack: unknown = answer.body;
    try {
      ack = answer.body === '' ? '' : JSON.parse(answer.body);
    } catch {
      // a plain-text body stays text
    }
    return [{ kind: 'ack', target: 'http', status: answer.statusCode, body: ack }, ...slack.calls.map(toExchange)];
  } finally {
    await slack.close();
  }
}

/** The Monday summary as if it were Monday 09:xx now in TIME_ZONE (the latest such hour), through the production deps. */
async function simulateMonday(today: Date, calls: CapturedCall[]): Promise<SimulatedExchange[]> {
  const [{ loadEnv }, { mondayDepsLoader }] = await Promise.all([
    import('../config/env.ts'),
    import('../handlers/production-deps.ts'),
  ]);
  const env = loadEnv(process.env, 'monday');
  const result = await runMondaySummary(await mondayDepsLoader(env)(), lastMondayNine(today, env.TIME_ZONE));
  return [
    { kind: 'ack', target: 'schedule', status: result.posted ? 200 : 204, body: result },
    ...calls.map(toExchange),
  ];
}
