import { localLambdaContext } from '../../../src/dev/lambda-context.ts';
import { encode } from 'fast-png';
import { readFile } from 'node:fs/promises';
import { webApi } from '@slack/bolt';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../../../src/domain/policy.ts';
import type { DeadlineTimer } from '../../../src/slack/answer-command.ts';
import { createSlackApp, type AwsHandler, type SlackAppDeps } from '../../../src/slack/app.ts';
import { createInProcessDispatcher, type InProcessDispatcher } from '../../../src/jobs/dispatchers.ts';
import { startLoopbackSlack, type LoopbackSlack } from '../../../src/dev/loopback-slack.ts';
import type { PlanAnalytics, PlanWeekFn } from '../../../src/jobs/plan-run.ts';
import { silentLogger, type AppLogger } from '../../../src/observability/app-logger.ts';
import type { JobDispatcher } from '../../../src/jobs/dispatchers.ts';
import { approveClickBody, buildSlackEvent, slashCommandBody } from '../../../src/slack/signed-request.ts';
import { createSlackOutbox } from '../../../src/slack/outbox/web-api-outbox.ts';
import { createWorker, type WorkerDeps } from '../../../src/jobs/worker.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import type { ObjectStore } from '../../../src/storage/object-store.ts';
import {
  APPROVER,
  CHANNEL,
  OTHER_APPROVER,
  SAMPLE_KEY,
  SIGNING_SECRET,
  steppingClock,
} from '../../support/fake-slack.ts';
import { loadSample, SAMPLE_CSV } from '../../support/sample.ts';
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts';

export { APPROVER, CHANNEL, SAMPLE_KEY, SIGNING_SECRET };
export const BOT_TOKEN = 'xoxb-hardening-7c1e2f9a';

/** Holds dispatched jobs (like Lambda's event queue) until the test delivers them. */
export interface QueueDispatcher extends JobDispatcher {
  queued: string[];
}

export interface BedOptions {
  /** The store; it is seeded with the sample at SAMPLE_KEY unless `seed` is false. */
  store: ObjectStore;
  seed?: boolean;
  planWeek?: PlanWeekFn;
  logger?: AppLogger;
  /** Put a fault proxy in front of the fake Slack: the WebClient and the response URLs go through it. */
  slackFaults?: boolean;
  /** WebClient retries (the production outbox uses 2). */
  slackRetries?: number;
  /** `inline`: jobs run in this process as they are dispatched; `queue`: they wait in `queued`. */
  dispatch?: 'inline' | 'queue';
  worker?: Partial<WorkerDeps>;
  /** How long the acknowledgement may take (production: ACK_DEADLINE_MS). */
  ackDeadlineMs?: number;
  /** Times that deadline (production: a real timer). */
  deadlineTimer?: DeadlineTimer;
}

/** The real signed Lambda handler and the worker over a given store, with a loopback Slack. */
export interface HardeningBed {
  handler: AwsHandler;
  slack: LoopbackSlack;
  store: ObjectStore;
  worker: ReturnType<typeof createWorker>;
  workerDeps: WorkerDeps;
  inline: InProcessDispatcher;
  queue: QueueDispatcher;
  /** The fault proxy in front of the fake Slack, with `slackFaults`. */
  slackProxy?: FaultProxy;
  /** A fresh response URL at the fake Slack (through `slackBase` when given). */
  responseUrl(): string;
  command(
    text: string,
    options?: { user?: string },
  ): Promise<{ statusCode: number; body: string; responseUrl: string; ms: number }>;
  /** A signed Approve & send click on `planId`. */
  click(
    planId: string,
    options?: { user?: string; via?: 'response_url' | 'chat'; messageTs?: string },
  ): Promise<{ statusCode: number; body: string; responseUrl: string }>;
  close(): Promise<void>;
}

/** Starts the bed: the handler as production builds it, but with the given store and a loopback Slack. */
export async function startHardeningBed(options: BedOptions): Promise<HardeningBed> {
  const { store } = options;
  if (options.seed !== false) await store.put(SAMPLE_KEY, await readFile(SAMPLE_CSV), 'text/csv');
  const slack = await startLoopbackSlack();
  const slackProxy = options.slackFaults ? await startFaultProxy(new URL(slack.apiUrl).origin) : undefined;
  const base = slackProxy?.url;
  const apiUrl = base ? `${base}/api/` : slack.apiUrl;
  const responseUrl = (): string =>
    base ? slack.responseUrl().replace(/^http:\/\/127\.0\.0\.1:\d+/, base) : slack.responseUrl();
  const logger = options.logger ?? silentLogger;
  const clock = steppingClock();
  const client = new webApi.WebClient(BOT_TOKEN, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: options.slackRetries ?? 0, minTimeout: 10, maxTimeout: 50 },
  });
  const outbox = createSlackOutbox(client);
  const workerDeps: WorkerDeps = {
    approvers: [APPROVER, OTHER_APPROVER],
    store,
    outbox,
    logger,
    planWeek: options.planWeek ?? planWeek,
    catalog: [...DEFAULT_CATALOG],
    clock,
    timeLimitSeconds: 30,
    version: 'test',
    timeZone: 'Europe/Paris',
    stillWorkingAfterMs: 60_000,
    ...options.worker,
  };
  const worker = createWorker(workerDeps);
  const inline = createInProcessDispatcher(async () => (jobId) => worker.runJob(jobId), logger);
  const queued: string[] = [];
  const queue: QueueDispatcher = { queued, dispatch: async (jobId) => void queued.push(jobId) };
  const deps: SlackAppDeps = {
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    slackApiUrl: apiUrl,
    store,
    dispatcher: options.dispatch === 'queue' ? queue : inline,
    outbox,
    approvers: [APPROVER, OTHER_APPROVER],
    clock,
    logger,
    ...(options.ackDeadlineMs === undefined ? {} : { ackDeadlineMs: options.ackDeadlineMs }),
    deadlineTimer: options.deadlineTimer,
  };
  const { handler } = createSlackApp(deps);
  return {
    handler,
    slack,
    store,
    worker,
    workerDeps,
    inline,
    queue,
    slackProxy,
    responseUrl,
    async command(text, opts = {}) {
      const url = responseUrl();
      const body = slashCommandBody({ text, userId: opts.user ?? 'UASKER1', channelId: CHANNEL, responseUrl: url });
      const started = performance.now();
      const result = await handler(
        buildSlackEvent({ body, signingSecret: SIGNING_SECRET, timestamp: Math.floor(Date.now() / 1000) }),
        localLambdaContext(),
      );
      return { statusCode: result.statusCode, body: result.body, responseUrl: url, ms: performance.now() - started };
    },
    async click(planId, opts = {}) {
      const url = responseUrl();
      const body = approveClickBody({
        userId: opts.user ?? APPROVER,
        value: { plan: planId, via: opts.via ?? 'response_url' },
        responseUrl: url,
        channelId: CHANNEL,
        messageTs: opts.messageTs ?? '1700000000.000001',
      });
      const result = await handler(
        buildSlackEvent({ body, signingSecret: SIGNING_SECRET, timestamp: Math.floor(Date.now() / 1000) }),
        localLambdaContext(),
      );
      return { statusCode: result.statusCode, body: result.body, responseUrl: url };
    },
    async close() {
      await inline.idle();
      await slackProxy?.close();
      await slack.close();
    },
  };
}

/**
 * Analytics that compute nothing: the plan message's marginal values re-solve the MIP several
 * times per plan, which tests of delivery, load and logging do not need; the plan chart is a
 * one-pixel PNG.
 */
export const NO_ANALYTICS: PlanAnalytics = {
  marginalValues: async () => ({ values: [], note: 'not computed in this test', seconds: 0 }),
  sweep: () => Promise.reject(new Error('not used in this test')),
  chartPng: () => Promise.reject(new Error('not used in this test')),
  planChartPng: async () => encode({ width: 1, height: 1, data: new Uint8Array([255, 255, 255]), channels: 3 }),
};

/**
 * A planner that replays one real plan of the sample (solved once, here) for every job, with
 * the job's policy and plan id: for tests whose subject is delivery, not the solver.
 */
export async function replayedPlanWeek(): Promise<PlanWeekFn> {
  const recorded = await planWeek({
    predictions: await loadSample(),
    catalog: [...DEFAULT_CATALOG],
    policy: { ...DEFAULT_POLICY },
  });
  return async (input) => ({ ...recorded, policy: input.policy, ...(input.planId ? { plan_id: input.planId } : {}) });
}

/** The path part of a response URL, as the fake Slack records it. */
export const pathOf = (url: string): string => new URL(url).pathname;
