import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../scripts/package-lib.ts';
import {
  findNodeModulesAbove,
  slashCommandEvent,
  startPackagedFunction,
  unpackArtifact,
  type InvocationReport,
  type PackagedFunction,
} from '../../../scripts/package-harness.ts';
import {
  invokedFunction,
  startFakeLambda,
  startFakeSlack,
  type FakeServer,
  type RecordedRequest,
} from './fake-aws-slack.ts';
import { startFakeSsm, type FakeSsmServer } from './fake-ssm-server.ts';
import { deployedEnvironment, packagedArtifacts, readTemplate, TEST_STAGE as STAGE } from './packaged-artifacts.ts';
import type { Template } from './template-policy.ts';

/**
 * The deployable artifact, end to end: `serverless package` offline, the zips unpacked into a
 * temporary folder with no node_modules above it, each handler run in one fresh `node` (no tsx)
 * kept warm across its invocations as a Lambda instance is,
 * its environment taken from the packaged CloudFormation template, secrets from a loopback
 * SSM, the worker invoked through a loopback Lambda API, Slack played by a loopback server,
 * the embedded local store in place of S3. A bundle missing a dependency or the HiGHS Wasm
 * fails here, not in AWS.
 */

const SIGNING_SECRET = 'ci-signing-secret-0123456789abcdef';
const BOT_TOKEN = 'xoxb-ci-0000-bot-token';
const PREDICTIONS_DATE = '2025-01-06';

let work: string;
let template: Template;
let ssm: FakeSsmServer;
let slack: FakeServer;
let lambda: FakeServer;
/** The embedded local store every function of this file uses, seeded with the sample. */
let storeDir: string;
let slackFunction: PackagedFunction | undefined;
const started: PackagedFunction[] = [];

/** The packaged function in `dir` (its artifact folder), in one process for all its invocations. */
function startFunction(dir: string, bundle: string, functionLogicalId: string): PackagedFunction {
  const instance = startPackagedFunction({ dir, bundle, env: environment(functionLogicalId, dir) });
  started.push(instance);
  return instance;
}

function environment(functionLogicalId: string, taskRoot: string): Record<string, string> {
  return deployedEnvironment(template, functionLogicalId, taskRoot, {
    LOCAL_STORE_DIR: storeDir,
    SLACK_API_URL: `${slack.url}/api/`,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDCITEST',
    AWS_SECRET_ACCESS_KEY: 'ci-test-secret',
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
  });
}

function describeFailure(report: InvocationReport): string {
  return JSON.stringify({ error: report.error, result: report.result, stderr: report.stderr.slice(-2000) }, null, 2);
}

function seedStore(): void {
  const folder = join(storeDir, 'predictions', PREDICTIONS_DATE);
  mkdirSync(folder, { recursive: true });
  cpSync(join(REPO_ROOT, 'data', 'sample', 'predictions.csv'), join(folder, 'predictions.csv'));
}

/** Invokes the Slack function, started (cold) by the first command. */
function sendSlashCommand(text: string, responsePath: string): Promise<InvocationReport> {
  slackFunction ??= startFunction(join(work, 'slack'), 'src/handlers/slack.mjs', 'SlackLambdaFunction');
  return slackFunction.invoke(
    slashCommandEvent({ signingSecret: SIGNING_SECRET, text, responseUrl: `${slack.url}${responsePath}` }),
  );
}

/** The plan folders in the store. */
const planFolders = (): string[] => (existsSync(join(storeDir, 'plans')) ? readdirSync(join(storeDir, 'plans')) : []);

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'retention-package-'));
  const artifacts = await packagedArtifacts();
  template = readTemplate(artifacts);
  await unpackArtifact(join(artifacts, 'slack.zip'), join(work, 'slack'));
  await unpackArtifact(join(artifacts, 'worker.zip'), join(work, 'worker'));
  [ssm, slack, lambda] = await Promise.all([
    startFakeSsm({
      [`/retention-planner/${STAGE}/slack-signing-secret`]: { value: SIGNING_SECRET },
      [`/retention-planner/${STAGE}/slack-bot-token`]: { value: BOT_TOKEN },
    }),
    startFakeSlack(),
    startFakeLambda(),
  ]);
  storeDir = join(work, 'store');
  seedStore();
}, 300_000);

afterAll(async () => {
  await Promise.all(started.map((instance) => instance.close()));
  await Promise.all([ssm?.close(), slack?.close(), lambda?.close()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packaged artifacts', () => {
  it('unpack where Node can find no node_modules, one bundle per function, the Wasm beside the solver', () => {
    // Prepare
    const listing = (dir: string) => readdirSync(join(work, dir), { recursive: true }).map(String).sort();

    // Act
    const slackFiles = listing('slack');
    const workerFiles = listing('worker');

    // Assess
    expect(findNodeModulesAbove(join(work, 'slack'))).toBeUndefined();
    expect(slackFiles).toContain(join('src', 'handlers', 'slack.mjs'));
    expect(workerFiles).toContain(join('src', 'handlers', 'worker.mjs'));
    expect(workerFiles).toContain(join('node_modules', 'highs', 'build', 'highs.wasm'));
    expect(workerFiles).toContain(join('node_modules', '@resvg', 'resvg-wasm', 'index_bg.wasm'));
    expect(workerFiles).toContain(join('node_modules', 'dejavu-fonts-ttf', 'ttf', 'DejaVuSans-Bold.ttf'));
    expect(workerFiles.filter((file) => file.endsWith('.mjs') && file !== 'package-invoke.mjs')).toEqual([
      join('src', 'handlers', 'worker.mjs'),
    ]);
  });

  it('answer a signed slash command from a cold process within Slack 3 s and hand the job to the worker', async () => {
    // Act: the Slack function's first invocation
    const slash = await sendSlashCommand('budget=200', '/respond/plan');
    const invoke = await lambda.waitFor((request) => request.path.includes('/invocations'), 1_000);

    // Assess
    expect(slash.ok, describeFailure(slash)).toBe(true);
    const response = slash.result as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    expect(response.body.length).toBeGreaterThan(0);
    // Slack's deadline for the ack: the work from node's start to the handler's answer, as CPU
    // time, since the wall time stretches with whatever else this machine runs
    expect(slash.cpuMs, `wall ${slash.sinceProcessStartMs} ms`).toBeLessThan(3_000);
    expect(invokedFunction(invoke)).toBe(`retention-planner-${STAGE}-worker`);
    expect(invoke.headers['x-amz-invocation-type']).toBe('Event');
    expect(ssm.requests[0]).toEqual({
      Names: [`/retention-planner/${STAGE}/slack-signing-secret`, `/retention-planner/${STAGE}/slack-bot-token`],
      WithDecryption: true,
    });
  });

  it('run the worker on the sample: a plan in the store and a message to Slack', async () => {
    // Prepare
    const invoke = await lambda.waitFor((request) => request.path.includes('/invocations'), 1_000);
    const worker = startFunction(join(work, 'worker'), 'src/handlers/worker.mjs', 'WorkerLambdaFunction');

    // Act
    const run = await worker.invoke(invoke.body);
    const posted = await slack.waitFor((request: RecordedRequest) => request.path === '/respond/plan', 5_000);

    // Assess
    expect(run.ok, describeFailure(run)).toBe(true);
    const outcome = run.result as { status: string; plan_id?: string };
    expect(outcome.status, describeFailure(run)).toBe('optimal');
    expect(existsSync(join(storeDir, 'plans', outcome.plan_id ?? 'missing', 'plan.csv'))).toBe(true);
    expect(existsSync(join(storeDir, 'plans', outcome.plan_id ?? 'missing', 'run.json'))).toBe(true);
    expect(JSON.stringify(posted.body)).toContain(outcome.plan_id);
  });

  it('fail loudly when the HiGHS Wasm is missing from the worker bundle (what this test guards)', async () => {
    // Prepare
    const brokenDir = join(work, 'worker-without-wasm');
    cpSync(join(work, 'worker'), brokenDir, { recursive: true });
    rmSync(join(brokenDir, 'node_modules'), { recursive: true });
    const broken = startFunction(brokenDir, 'src/handlers/worker.mjs', 'WorkerLambdaFunction');
    const plansBefore = planFolders();
    const before = lambda.requests.length;
    const slash = await sendSlashCommand('budget=150', '/respond/broken');
    expect(slash.ok, describeFailure(slash)).toBe(true);
    const invoke = await lambda.waitFor(
      (request) => lambda.requests.indexOf(request) >= before && request.path.includes('/invocations'),
      1_000,
    );

    // Act
    const run = await broken.invoke(invoke.body);

    // Assess
    const outcome = run.result as { status?: string; error?: { code: string } } | undefined;
    const told = await slack.waitFor((request) => request.path === '/respond/broken', 5_000);
    expect(run.ok, describeFailure(run)).toBe(true);
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'SOLVER' } });
    expect(JSON.stringify(outcome)).toContain('highs.wasm');
    expect(JSON.stringify(told.body)).toContain('Planning failed (SOLVER)');
    expect(planFolders()).toEqual(plansBefore);
  });
});
