import { localLambdaContext } from '../../src/dev/lambda-context.ts';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webApi } from '@slack/bolt';
import { planWeek } from '../../src/solver/plan-week.ts';
import { createLocalStore } from '../../src/storage/local-store.ts';
import type { ObjectStore } from '../../src/storage/object-store.ts';
import type { Guardrails } from '../../src/approvals/governance.ts';
import { createSlackApp, type AwsHandler, type SlackAppDeps } from '../../src/slack/app.ts';
import { createCampaignWebhook } from '../../src/approvals/campaign-webhook.ts';
import { createInProcessDispatcher, type InProcessDispatcher } from '../../src/jobs/dispatchers.ts';
import { startLoopbackSlack, type CapturedCall, type LoopbackSlack } from '../../src/dev/loopback-slack.ts';
import type { PlanWeekFn } from '../../src/jobs/plan-run.ts';
import { silentLogger } from '../../src/observability/app-logger.ts';
import { approveClickBody, buildSlackEvent, slashCommandBody } from '../../src/slack/signed-request.ts';
import { createSlackOutbox } from '../../src/slack/outbox/web-api-outbox.ts';
import { createWorker, type WorkerDeps } from '../../src/jobs/worker.ts';
import { publishHome } from '../../src/slack/home/publish-home.ts';
import { SAMPLE_CSV } from './sample.ts';

export { startLoopbackSlack, type CapturedCall, type LoopbackSlack };

export const SIGNING_SECRET = 'test-signing-secret-8f1c';
export const WEBHOOK_SECRET = 'test-webhook-secret-77aa';
export const APPROVER = 'UAPPROVER1';
export const OTHER_APPROVER = 'UAPPROVER2';
export const CHANNEL = 'CRETENTION';
export const SAMPLE_KEY = 'predictions/2026-11-16/predictions.csv';

/** Everything an integration test drives: the real Lambda handler, the worker, a temp store and a loopback Slack. */
export interface SlackTestbed {
  handler: AwsHandler;
  slack: LoopbackSlack;
  store: ObjectStore;
  root: string;
  dispatcher: InProcessDispatcher;
  worker: ReturnType<typeof createWorker>;
  workerDeps: WorkerDeps;
  /** Sends a signed slash command through the handler and returns the HTTP answer. */
  command(
    text: string,
    options?: { user?: string; timestamp?: number; signature?: string | null; triggerId?: string },
  ): Promise<{ statusCode: number; body: string; responseUrl: string; answeredAt: number }>;
  /** Sends any signed body (a shortcut, a form submission, an event) through the handler. */
  send(body: string, contentType?: string): Promise<{ statusCode: number; body: string; answeredAt: number }>;
  /** Sends a signed Approve & send click through the handler; `blocks` are the message's blocks as Slack sends them back. */
  click(
    planId: string,
    options?: { user?: string; via?: 'response_url' | 'chat'; messageTs?: string; blocks?: unknown[] },
  ): Promise<{ statusCode: number; responseUrl: string }>;
  /** Sends a signed click on any button (`actionId`, raw `value`) through the handler. */
  clickButton(
    actionId: string,
    value: string,
    options?: { user?: string; userTeamId?: string; triggerId?: string },
  ): Promise<{ statusCode: number; responseUrl: string; answeredAt: number }>;
  close(): Promise<void>;
}

export interface TestbedOptions {
  planWeek?: PlanWeekFn;
  stillWorkingAfterMs?: number;
  webhook?: boolean;
  /** Seed the sample predictions (default true). */
  seed?: boolean;
  /** Allowed range per numeric policy key, as POLICY_GUARDRAILS gives it. */
  guardrails?: Guardrails;
  /** Where the stepping clock starts (default Monday 2026-11-16 08:30 UTC). */
  clockStart?: number;
  /** Wraps the local store, e.g. to answer `link` with an https URL as S3 would. */
  wrapStore?: (store: ObjectStore) => ObjectStore;
  /** PLAN_VIEWER_USER_IDS: who may download plans besides the approvers (default: anyone in the workspace). */
  planViewers?: string[];
}

/** A deterministic clock that moves one second per call, starting Monday 2026-11-16 08:30 UTC. */
export function steppingClock(start = Date.UTC(2026, 10, 16, 8, 30)): () => Date {
  let now = start;
  return () => new Date((now += 1000));
}

export async function startSlackTestbed(options: TestbedOptions = {}): Promise<SlackTestbed> {
  const root = await mkdtemp(join(tmpdir(), 'slack-testbed-'));
  if (options.seed !== false) {
    await mkdir(join(root, 'predictions', '2026-11-16'), { recursive: true });
    await copyFile(SAMPLE_CSV, join(root, ...SAMPLE_KEY.split('/')));
  }
  const local = createLocalStore(root);
  const store = options.wrapStore ? options.wrapStore(local) : local;
  const slack = await startLoopbackSlack();
  const clock = steppingClock(options.clockStart);
  const client = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  const outbox = createSlackOutbox(client);
  const workerDeps: WorkerDeps = {
    approvers: [APPROVER, OTHER_APPROVER],
    store,
    outbox,
    logger: silentLogger,
    planWeek: options.planWeek ?? planWeek,
    clock,
    timeLimitSeconds: 30,
    version: 'test',
    timeZone: 'Europe/Paris',
    stillWorkingAfterMs: options.stillWorkingAfterMs ?? 60_000,
    refreshHome: (users) =>
      publishHome({ store, outbox, logger: silentLogger, approvers: [APPROVER, OTHER_APPROVER] }, users),
    ...(options.webhook
      ? { webhook: createCampaignWebhook({ url: slack.webhookUrl, secret: WEBHOOK_SECRET, clock: () => new Date() }) }
      : {}),
  };
  const worker = createWorker(workerDeps);
  const dispatcher = createInProcessDispatcher(async () => (jobId) => worker.runJob(jobId), silentLogger);
  const deps: SlackAppDeps = {
    signingSecret: SIGNING_SECRET,
    botToken: 'xoxb-test',
    slackApiUrl: slack.apiUrl,
    store,
    dispatcher,
    outbox,
    approvers: [APPROVER, OTHER_APPROVER],
    clock,
    logger: silentLogger,
    ...(options.guardrails ? { guardrails: options.guardrails } : {}),
    ...(options.planViewers ? { planViewers: options.planViewers } : {}),
  };
  const { handler } = createSlackApp(deps);
  const now = () => Math.floor(Date.now() / 1000);

  return {
    handler,
    slack,
    store,
    root,
    dispatcher,
    worker,
    workerDeps,
    async command(text, opts = {}) {
      const responseUrl = slack.responseUrl();
      const body = slashCommandBody({
        text,
        userId: opts.user ?? 'UASKER1',
        channelId: CHANNEL,
        responseUrl,
        ...(opts.triggerId ? { triggerId: opts.triggerId } : {}),
      });
      const event = buildSlackEvent({
        body,
        signingSecret: SIGNING_SECRET,
        timestamp: opts.timestamp ?? now(),
        signature: opts.signature,
      });
      const result = await handler(event, localLambdaContext());
      return { statusCode: result.statusCode, body: result.body, responseUrl, answeredAt: performance.now() };
    },
    async send(body, contentType) {
      const event = buildSlackEvent({ body, signingSecret: SIGNING_SECRET, timestamp: now(), contentType });
      const result = await handler(event, localLambdaContext());
      return { statusCode: result.statusCode, body: result.body, answeredAt: performance.now() };
    },
    async click(planId, opts = {}) {
      const responseUrl = slack.responseUrl();
      const value = { plan: planId, via: opts.via ?? 'response_url' };
      const body = approveClickBody({
        userId: opts.user ?? APPROVER,
        value,
        responseUrl,
        channelId: CHANNEL,
        messageTs: opts.messageTs ?? '1700000000.000001',
        blocks: opts.blocks,
      });
      const result = await handler(
        buildSlackEvent({ body, signingSecret: SIGNING_SECRET, timestamp: now() }),
        localLambdaContext(),
      );
      return { statusCode: result.statusCode, responseUrl };
    },
    async clickButton(actionId, value, opts = {}) {
      const responseUrl = slack.responseUrl();
      const body = approveClickBody({
        userId: opts.user ?? APPROVER,
        value,
        responseUrl,
        channelId: CHANNEL,
        messageTs: '1700000000.000002',
        actionId,
        ...(opts.userTeamId ? { userTeamId: opts.userTeamId } : {}),
        ...(opts.triggerId ? { triggerId: opts.triggerId } : {}),
      });
      const result = await handler(
        buildSlackEvent({ body, signingSecret: SIGNING_SECRET, timestamp: now() }),
        localLambdaContext(),
      );
      return { statusCode: result.statusCode, responseUrl, answeredAt: performance.now() };
    },
    async close() {
      await dispatcher.idle();
      await slack.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The calls made to one response URL, in order. */
export function callsTo(slack: LoopbackSlack, responseUrl: string): CapturedCall[] {
  const path = new URL(responseUrl).pathname;
  return slack.calls.filter((call) => call.kind === 'response_url' && call.target === path);
}

/** Every mrkdwn and plain text in a message's blocks, joined, for "the message says X" assertions. */
export function blockText(body: Record<string, unknown>): string {
  return (
    JSON.stringify(body.blocks ?? [])
      .match(/"text":"(?:[^"\\]|\\.)*"/g)
      ?.map((match) => JSON.parse(match.slice('"text":'.length)) as string)
      .join('\n') ?? ''
  );
}
