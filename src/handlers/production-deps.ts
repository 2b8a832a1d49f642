import { webApi } from '@slack/bolt';
import packageJson from '../../package.json' with { type: 'json' };
import type { Env } from '../config/env.ts';
import {
  anyInSsm,
  cacheSecrets,
  createSecretsLoader,
  readSecretSources,
  type ParameterClient,
  type SecretKey,
} from '../config/secrets.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { createLocalStore } from '../storage/local-store.ts';
import type { SlackAppDeps } from '../slack/app.ts';
import { createCampaignWebhook } from '../approvals/campaign-webhook.ts';
import { createInProcessDispatcher, type InProcessDispatcher } from '../jobs/dispatchers.ts';
import type { MondayDeps } from '../jobs/monday-summary.ts';
import { createLazyAnalytics } from '../jobs/lazy-analytics.ts';
import type { PlanRunDeps, PlanWeekFn } from '../jobs/plan-run.ts';
import { createLogger, logLevelFrom } from '../observability/logger.ts';
import { consoleLogger, type AppLogger } from '../observability/app-logger.ts';
import type { JobDispatcher } from '../jobs/dispatchers.ts';
import { createSlackOutbox } from '../slack/outbox/web-api-outbox.ts';
import type { SlackOutbox } from '../slack/outbox/outbox.ts';
import { publishHome } from '../slack/home/publish-home.ts';
import type { WorkerDeps } from '../jobs/worker.ts';

/** The AWS SDK's clients (S3, Lambda, SSM), imported on first use only. */
let awsClients: Promise<typeof import('./aws-clients.ts')> | undefined;
const loadAwsClients = () => (awsClients ??= import('./aws-clients.ts'));

/**
 * True when this function will call AWS: its store is a bucket, its jobs go to the worker
 * function, or one of its secrets (`keys`) lives in SSM. Local runs (the simulator) set none.
 */
function usesAws(env: Env, source: NodeJS.ProcessEnv, keys: readonly SecretKey[]): boolean {
  return !env.LOCAL_STORE_DIR || Boolean(env.WORKER_FUNCTION_NAME) || anyInSsm(readSecretSources(source, keys));
}

/**
 * Starts loading the AWS clients at cold start (Lambda's init phase) when they will be used,
 * so the first request does not wait for them; a failure surfaces where they are used.
 */
function preloadAwsClients(env: Env, source: NodeJS.ProcessEnv, keys: readonly SecretKey[]): void {
  if (usesAws(env, source, keys)) loadAwsClients().catch(() => undefined);
}

/** An SSM client whose module is loaded on its first call (only when some secret lives in SSM). */
function lazyParameterClient(): ParameterClient {
  let client: Promise<ParameterClient> | undefined;
  return {
    send: async (command) =>
      (await (client ??= loadAwsClients().then((aws) => aws.createParameterClient()))).send(command),
  };
}

/** The one place that builds real clients: S3 or the local folder, Lambda, SSM, Slack's Web API. */
async function buildStore(env: Env): Promise<ObjectStore> {
  if (env.LOCAL_STORE_DIR) return createLocalStore(env.LOCAL_STORE_DIR);
  return (await loadAwsClients()).createBucketStore(env.DATA_BUCKET ?? '');
}

function buildOutbox(env: Env, botToken: string) {
  const client = new webApi.WebClient(botToken, {
    ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
    retryConfig: { retries: 2 },
  });
  return createSlackOutbox(client);
}

/** Points HiGHS and the chart renderer at the files shipped beside the bundle (Lambda has no node_modules). */
async function prepareSolverAssets(env: Env): Promise<void> {
  const { setHighsWasmPath } = await import('../solver/highs-runtime.ts');
  if (env.HIGHS_WASM_PATH) setHighsWasmPath(env.HIGHS_WASM_PATH);
  if (env.CHART_WASM_PATH && env.CHART_FONT_PATHS) {
    const { setChartAssets } = await import('../analytics/rasterize.ts');
    setChartAssets({ wasmPath: env.CHART_WASM_PATH, fontPaths: env.CHART_FONT_PATHS });
  }
}

/**
 * The solver is imported on first use only, so no module that builds deps loads HiGHS. The
 * decomposition is registered with it: without it a large week goes to the whole-model MIP,
 * which finds no plan at all within a worker's time.
 */
function lazyPlanWeek(env: Env): PlanWeekFn {
  return async (input) => {
    await prepareSolverAssets(env);
    const { planWeek } = await import('../solver/plan-week.ts');
    return planWeek(input);
  };
}

function planRunDeps(env: Env, store: ObjectStore): PlanRunDeps {
  let prepared: Promise<void> | undefined;
  return {
    store,
    planWeek: lazyPlanWeek(env),
    analytics: createLazyAnalytics(() => (prepared ??= prepareSolverAssets(env))),
    timeZone: env.TIME_ZONE,
    clock: () => new Date(),
    timeLimitSeconds: env.SOLVE_TIME_LIMIT_SECONDS,
    version: packageJson.version,
  };
}

let localDispatcher: InProcessDispatcher | undefined;

/** Local mode (LOCAL_STORE_DIR): jobs run in this process, through the worker's real handler. */
async function buildDispatcher(env: Env): Promise<JobDispatcher> {
  if (env.WORKER_FUNCTION_NAME) return (await loadAwsClients()).createWorkerDispatcher(env.WORKER_FUNCTION_NAME);
  localDispatcher ??= createInProcessDispatcher(async () => {
    const { handler } = await import('./worker.ts');
    return (jobId) => handler({ job_id: jobId });
  }, consoleLogger);
  return localDispatcher;
}

/** Resolves when every job run in this process so far has finished (local simulator only). */
export async function idleLocalJobs(): Promise<void> {
  await localDispatcher?.idle();
}

/** Republishes Home tabs after a plan, an approval or a calibration: the users given and every approver. */
function homeRefresher(
  env: Env,
  deps: { store: ObjectStore; outbox: SlackOutbox; logger: AppLogger },
): (userIds: readonly string[]) => Promise<void> {
  return (userIds) =>
    publishHome({ ...deps, approvers: env.APPROVER_USER_IDS, predictionsPrefix: env.PREDICTIONS_PREFIX }, userIds);
}

/** The function's structured JSON logger (LOG_LEVEL, default info); the secrets it was given never reach a line. */
function buildLogger(service: string, source: NodeJS.ProcessEnv, secrets: (string | undefined)[]): AppLogger {
  return createLogger({
    service,
    level: logLevelFrom(source.LOG_LEVEL),
    secrets: secrets.filter((secret): secret is string => Boolean(secret)),
  });
}

/**
 * Each loader reads where its secrets come from now (cold start: a missing variable fails
 * here, naming it) and builds the dependencies once, on first use, after fetching them.
 */
export function slackDepsLoader(env: Env, source: NodeJS.ProcessEnv = process.env): () => Promise<SlackAppDeps> {
  const keys = ['slackSigningSecret', 'slackBotToken'] as const;
  const secrets = createSecretsLoader(source, lazyParameterClient, keys);
  preloadAwsClients(env, source, keys);
  return cacheSecrets(async () => {
    const { slackSigningSecret, slackBotToken } = await secrets();
    return {
      signingSecret: slackSigningSecret,
      botToken: slackBotToken,
      slackApiUrl: env.SLACK_API_URL,
      store: await buildStore(env),
      dispatcher: await buildDispatcher(env),
      outbox: buildOutbox(env, slackBotToken),
      approvers: env.APPROVER_USER_IDS,
      ...(env.PLAN_VIEWER_USER_IDS ? { planViewers: env.PLAN_VIEWER_USER_IDS } : {}),
      downloadLinkSeconds: env.PLAN_LINK_TTL_SECONDS,
      predictionsPrefix: env.PREDICTIONS_PREFIX,
      guardrails: env.POLICY_GUARDRAILS,
      clock: () => new Date(),
      logger: buildLogger('retention-slack', source, [slackSigningSecret, slackBotToken]),
    };
  });
}

/** Dependencies of the worker (plans and approvals). */
export function workerDepsLoader(env: Env, source: NodeJS.ProcessEnv = process.env): () => Promise<WorkerDeps> {
  const keys = ['slackBotToken', 'webhookSecret'] as const;
  const secrets = createSecretsLoader(source, lazyParameterClient, keys);
  preloadAwsClients(env, source, keys);
  return cacheSecrets(async () => {
    const { slackBotToken, webhookSecret } = await secrets();
    const clock = () => new Date();
    const webhook =
      env.WEBHOOK_URL && webhookSecret
        ? createCampaignWebhook({ url: env.WEBHOOK_URL, secret: webhookSecret, clock })
        : undefined;
    const store = await buildStore(env);
    const outbox = buildOutbox(env, slackBotToken);
    const logger = buildLogger('retention-worker', source, [slackBotToken, webhookSecret]);
    return {
      ...planRunDeps(env, store),
      outbox,
      logger,
      refreshHome: homeRefresher(env, { store, outbox, logger }),
      approvers: env.APPROVER_USER_IDS,
      timeZone: env.TIME_ZONE,
      stillWorkingAfterMs: 10_000,
      ...(webhook ? { webhook } : {}),
    };
  });
}

/** Dependencies of the Monday summary. */
export function mondayDepsLoader(env: Env, source: NodeJS.ProcessEnv = process.env): () => Promise<MondayDeps> {
  const keys = ['slackBotToken'] as const;
  const secrets = createSecretsLoader(source, lazyParameterClient, keys);
  preloadAwsClients(env, source, keys);
  return cacheSecrets(async () => {
    const { slackBotToken } = await secrets();
    const store = await buildStore(env);
    const outbox = buildOutbox(env, slackBotToken);
    const logger = buildLogger('retention-monday', source, [slackBotToken]);
    return {
      ...planRunDeps(env, store),
      outbox,
      logger,
      refreshHome: homeRefresher(env, { store, outbox, logger }),
      channelId: env.SUMMARY_CHANNEL_ID ?? '',
      timeZone: env.TIME_ZONE,
      predictionsPrefix: env.PREDICTIONS_PREFIX,
    };
  });
}
