import { DEPLOYED_ENV_NAMES } from '../config/env.ts';
import { localLambdaContext } from './lambda-context.ts';
import type { ModalView } from '@slack/types';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { groupPartitions } from '../storage/latest-predictions.ts';
import { createLocalStore } from '../storage/local-store.ts';
import { readRun } from '../storage/run-record.ts';
import { policySchema, SLACK_BASE_POLICY } from '../domain/policy.ts';
import { policyWords } from '../domain/policy-words.ts';
import { fillPolicyForm } from './fill-form.ts';
import { startLoopbackSlack, type CapturedCall, type LoopbackSlack } from './loopback-slack.ts';
import { isMondayNine, runMondaySummary } from '../jobs/monday-summary.ts';
import { buildSlackEvent } from '../slack/signed-request.ts';
import { homeOpenedBody, viewSubmissionBody } from './slack-payloads.ts';
import { clickBody, requestBody, type SimulatedRequest } from './simulated-requests.ts';

export type { SimulatedRequest } from './simulated-requests.ts';

/** The predictions that ship with the project. */
export const SAMPLE_PREDICTIONS = fileURLToPath(new URL('../../data/sample/predictions.csv', import.meta.url));

/**
 * What one simulated request produced: the HTTP answer (`ack`), then everything Slack received:
 * Web API calls (`api`, `method` the method name), `response_url` posts, file `upload`s, the
 * campaign `webhook`.
 */
export interface SimulatedExchange {
  kind: 'ack' | CapturedCall['kind'];
  method: string;
  status?: number;
  body: unknown;
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
  const method = call.kind === 'api' ? call.target : call.kind;
  return { kind: call.kind, method, body: call.body };
}

/** One loopback Slack and one signing secret per process: the handler module reads its environment once. */
interface Session {
  slack: LoopbackSlack;
  signingSecret: string;
  storeDir: string;
}

let session: Session | undefined;

async function openSession(options: SimulatorOptions, channel: string): Promise<Session> {
  if (session) {
    if (session.storeDir !== options.storeDir)
      throw new Error(`the simulator already runs on ${session.storeDir} in this process`);
    return session;
  }
  const slack = await startLoopbackSlack({ filesDir: join(options.storeDir, 'slack-files') });
  const signingSecret = randomBytes(16).toString('hex');
  for (const name of DEPLOYED_ENV_NAMES) {
    delete process.env[name];
  }
  Object.assign(process.env, {
    LOCAL_STORE_DIR: options.storeDir,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_BOT_TOKEN: 'xoxb-local-simulator',
    SLACK_API_URL: slack.apiUrl,
    APPROVER_USER_IDS: options.approvers,
    SUMMARY_CHANNEL_ID: process.env.SUMMARY_CHANNEL_ID ?? channel,
    TIME_ZONE: options.timeZone ?? process.env.TIME_ZONE ?? 'UTC',
  });
  session = { slack, signingSecret, storeDir: options.storeDir };
  return session;
}

/** Stops the loopback Slack of this process (the CLI calls it before exiting; tests after their last request). */
export async function closeSimulator(): Promise<void> {
  const open = session;
  session = undefined;
  await open?.slack.close();
}

/** Sends one signed body through the real Lambda handler and waits for every job it started. */
async function send(current: Session, body: string, contentType?: string): Promise<SimulatedExchange> {
  const [{ handler }, { idleLocalJobs }] = await Promise.all([
    import('../handlers/slack.ts'),
    import('../handlers/production-deps.ts'),
  ]);
  const event = buildSlackEvent({
    body,
    signingSecret: current.signingSecret,
    timestamp: Math.floor(Date.now() / 1000),
    ...(contentType ? { contentType } : {}),
  });
  const answer = await handler(event, localLambdaContext());
  await idleLocalJobs();
  let ack: unknown = answer.body;
  try {
    ack = answer.body === '' ? '' : JSON.parse(answer.body);
  } catch {
    // a plain-text body stays text
  }
  return { kind: 'ack', method: 'http', status: answer.statusCode, body: ack };
}

/** Opens the form as plain `/retention` does, fills it with the words and submits it. */
async function submitForm(
  current: Session,
  request: Extract<SimulatedRequest, { kind: 'submit' }>,
): Promise<SimulatedExchange[]> {
  const before = current.slack.calls.length;
  await send(
    current,
    requestBody(
      { kind: 'command', text: '', user: request.user, channel: request.channel },
      current.slack.responseUrl(),
    ),
  );
  const opened = current.slack.calls.slice(before).find((call) => call.target === 'views.open');
  if (!opened) throw new Error('the form did not open (no views.open call)');
  const view = opened.body.view as ModalView;
  const filled = fillPolicyForm(view, {
    ...request,
    channelId: request.channel,
    responseUrl: () => current.slack.responseUrl(),
  });
  const from = current.slack.calls.length;
  const ack = await send(current, viewSubmissionBody({ userId: request.user, view, filled }));
  return [ack, ...current.slack.calls.slice(from).map(toExchange)];
}

/**
 * The Slack simulator (SPEC 5): signs a request as Slack does (a command, a button click, a
 * form submission, the Home tab opening), passes it through the real Lambda handler
 * (`src/handlers/slack.ts`, local mode: the local store and the in-process worker), waits for
 * the worker, and returns the ack and every call Slack would receive, in order (captured by a
 * loopback stand-in of the Web API, response URLs and file uploads; uploaded files are saved
 * under `<store>/slack-files/`).
 */
export async function simulateSlack(
  request: SimulatedRequest,
  options: SimulatorOptions,
): Promise<SimulatedExchange[]> {
  await seedLocalStore(options.storeDir, options.today ?? new Date());
  const channel = 'channel' in request ? request.channel : 'CLOCAL';
  const current = await openSession(options, channel);
  const from = current.slack.calls.length;
  if (request.kind === 'monday') return simulateMonday(options.today ?? new Date(), current.slack.calls, from);
  if (request.kind === 'submit') return submitForm(current, request);
  if ((request.kind === 'edit' || request.kind === 'download') && request.words.length === 0)
    request = { ...request, words: await planWords(options.storeDir, request.planId) };
  const ack =
    request.kind === 'home'
      ? await send(current, homeOpenedBody({ userId: request.user }), 'application/json')
      : await send(
          current,
          request.kind === 'command'
            ? requestBody(request, current.slack.responseUrl())
            : clickBody(request, current.slack.responseUrl()),
        );
  return [ack, ...current.slack.calls.slice(from).map(toExchange)];
}

/** The words of a recorded plan's policy, as its message's buttons carry them (none when it cannot be read). */
async function planWords(storeDir: string, planId: string): Promise<string[]> {
  try {
    const run = await readRun(createLocalStore(storeDir), planId);
    const policy = policySchema.safeParse({ ...SLACK_BASE_POLICY, ...run.policy });
    return policy.success ? policyWords(policy.data, SLACK_BASE_POLICY) : [];
  } catch {
    return [];
  }
}

/** The Monday summary as if it were Monday 09:xx now in TIME_ZONE (the latest such hour), through the production deps. */
async function simulateMonday(today: Date, calls: CapturedCall[], from: number): Promise<SimulatedExchange[]> {
  const [{ loadEnv }, { mondayDepsLoader }] = await Promise.all([
    import('../config/env.ts'),
    import('../handlers/production-deps.ts'),
  ]);
  const env = loadEnv(process.env, 'monday');
  const result = await runMondaySummary(await mondayDepsLoader(env)(), lastMondayNine(today, env.TIME_ZONE));
  return [
    { kind: 'ack', method: 'schedule', status: result.posted ? 200 : 204, body: result },
    ...calls.slice(from).map(toExchange),
  ];
}
