import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServerlessPackage, REPO_ROOT } from '../../../scripts/package-lib.ts';
import {
  findNodeModulesAbove,
  invokePackagedHandler,
  slashCommandEvent,
  unpackArtifact,
  type InvocationReport,
} from '../../../scripts/package-harness.ts';
import { invokedFunction, startFakeLambda, startFakeSlack, type FakeServer, type RecordedRequest } from './fake-aws-slack.ts';
import { startFakeSsm, type FakeSsmServer } from './fake-ssm-server.ts';

/**
 * The deployable artifact, end to end: `serverless package` offline, the zips unpacked into a
 * temporary folder with no node_modules above it, each handler run in a fresh `node` (no tsx),
 * its environment taken from the packaged CloudFormation template, secrets from a loopback
 * SSM, the worker invoked through a loopback Lambda API, Slack played by a loopback server.
 * A bundle missing a dependency or the HiGHS Wasm fails here, not in AWS.
 */

const STAGE = 'ci';
const SIGNING_SECRET = 'ci-signing-secret-0123456789abcdef';
const BOT_TOKEN = 'xoxb-ci-0000-bot-token';
const PREDICTIONS_DATE = '2025-01-06';
/** Where Lambda unpacks a zip-packaged function's code. */
const LAMBDA_TASK_ROOT = '/var/task/';

interface Template {
  Conditions: Record<string, unknown>;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

let work: string;
let artifacts: string;
let template: Template;
let ssm: FakeSsmServer;
let slack: FakeServer;
let lambda: FakeServer;

/**
 * The function's environment as deployed (plain strings), with the local store instead of S3
 * and Lambda's code folder `/var/task` standing for the folder the zip was unpacked into.
 */
function deployedEnvironment(functionLogicalId: string, storeDir: string, taskRoot: string): Record<string, string> {
  const variables = (template.Resources[functionLogicalId].Properties.Environment as { Variables: Record<string, unknown> }).Variables;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    if (typeof value === 'string') env[name] = value.startsWith(LAMBDA_TASK_ROOT) ? join(taskRoot, value.slice(LAMBDA_TASK_ROOT.length)) : value;
  }
  return {
    ...env,
    LOCAL_STORE_DIR: storeDir,
    SLACK_API_URL: `${slack.url}/api/`,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDCITEST',
    AWS_SECRET_ACCESS_KEY: 'ci-test-secret',
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    AWS_LAMBDA_FUNCTION_NAME: `retention-planner-${STAGE}-${functionLogicalId.replace('LambdaFunction', '').toLowerCase()}`,
  };
}

function describeFailure(report: InvocationReport): string {
  return JSON.stringify({ error: report.error, result: report.result, stderr: report.stderr.slice(-2000) }, null, 2);
}

function seedStore(storeDir: string): void {
  const folder = join(storeDir, 'predictions', PREDICTIONS_DATE);
  mkdirSync(folder, { recursive: true });
  cpSync(join(REPO_ROOT, 'data', 'sample', 'predictions.csv'), join(folder, 'predictions.csv'));
}

async function sendSlashCommand(storeDir: string, text: string, responsePath: string): Promise<InvocationReport> {
  const event = slashCommandEvent({ signingSecret: SIGNING_SECRET, text, responseUrl: `${slack.url}${responsePath}` });
  return invokePackagedHandler({ dir: join(work, 'slack'), bundle: 'src/handlers/slack.mjs', event, env: deployedEnvironment('SlackLambdaFunction', storeDir, join(work, 'slack')) });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'retention-package-'));
  artifacts = process.env.RETENTION_PACKAGE_DIR ?? join(work, 'artifacts');
  if (!process.env.RETENTION_PACKAGE_DIR) {
    const built = await runServerlessPackage({
      args: ['--stage', STAGE, '--region', 'eu-west-1', '--param=approverUserIds=U0APPROVER', '--param=summaryChannelId=C0SUMMARY'],
      outDir: artifacts,
      stdio: 'pipe',
    });
    if (built.code !== 0) throw new Error(`serverless package failed (${built.code}):\n${built.output}`);
  }
  template = JSON.parse(readFileSync(join(artifacts, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
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
}, 180_000);

afterAll(async () => {
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
    expect(workerFiles.filter((file) => file.endsWith('.mjs') && file !== 'package-invoke.mjs')).toEqual([join('src', 'handlers', 'worker.mjs')]);
  });

  it('answer a signed slash command from a cold process within Slack 3 s and hand the job to the worker', async () => {
    // Prepare
    const storeDir = join(work, 'store-plan');
    seedStore(storeDir);

    // Act
    const slash = await sendSlashCommand(storeDir, 'budget=200', '/respond/plan');
    const invoke = await lambda.waitFor((request) => request.path.includes('/invocations'), 1_000);

    // Assess
    expect(slash.ok, describeFailure(slash)).toBe(true);
    const response = slash.result as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    expect(response.body.length).toBeGreaterThan(0);
    // Slack's deadline for the ack, measured from node's start to the handler's answer
    expect(slash.sinceProcessStartMs).toBeLessThan(3_000);
    expect(invokedFunction(invoke)).toBe(`retention-planner-${STAGE}-worker`);
    expect(invoke.headers['x-amz-invocation-type']).toBe('Event');
    expect(ssm.requests[0]).toEqual({
      Names: [`/retention-planner/${STAGE}/slack-signing-secret`, `/retention-planner/${STAGE}/slack-bot-token`],
      WithDecryption: true,
    });
  });

  it('run the worker on the sample: a plan in the store and a message to Slack', async () => {
    // Prepare
    const storeDir = join(work, 'store-plan');
    const invoke = await lambda.waitFor((request) => request.path.includes('/invocations'), 1_000);

    // Act
    const run = await invokePackagedHandler({
      dir: join(work, 'worker'),
      bundle: 'src/handlers/worker.mjs',
      event: invoke.body,
      env: deployedEnvironment('WorkerLambdaFunction', storeDir, join(work, 'worker')),
    });
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
    const storeDir = join(work, 'store-broken');
    seedStore(storeDir);
    const brokenDir = join(work, 'worker-without-wasm');
    cpSync(join(work, 'worker'), brokenDir, { recursive: true });
    rmSync(join(brokenDir, 'node_modules'), { recursive: true });
    const before = lambda.requests.length;
    const slash = await sendSlashCommand(storeDir, 'budget=150', '/respond/broken');
    expect(slash.ok, describeFailure(slash)).toBe(true);
    const invoke = await lambda.waitFor((request) => lambda.requests.indexOf(request) >= before && request.path.includes('/invocations'), 1_000);

    // Act
    const run = await invokePackagedHandler({
      dir: brokenDir,
      bundle: 'src/handlers/worker.mjs',
      event: invoke.body,
      env: deployedEnvironment('WorkerLambdaFunction', storeDir, brokenDir),
    });

    // Assess
    const outcome = run.result as { status?: string; error?: { code: string } } | undefined;
    const told = await slack.waitFor((request) => request.path === '/respond/broken', 5_000);
    expect(run.ok, describeFailure(run)).toBe(true);
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'SOLVER' } });
    expect(JSON.stringify(outcome)).toContain('highs.wasm');
    expect(JSON.stringify(told.body)).toContain('Planning failed (SOLVER)');
    expect(existsSync(join(storeDir, 'plans'))).toBe(false);
  });
});

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: { StringLike?: Record<string, string[]> };
}

/** Evaluates a template condition built from Fn::Equals / Fn::Not on literals (all this template uses). */
function holds(condition: unknown): boolean {
  const record = condition as Record<string, unknown[]>;
  if ('Condition' in record) return holds(template.Conditions[String(record.Condition)]);
  if ('Fn::Not' in record) return !holds(record['Fn::Not'][0]);
  if ('Fn::Equals' in record) return JSON.stringify(record['Fn::Equals'][0]) === JSON.stringify(record['Fn::Equals'][1]);
  throw new Error(`unexpected condition ${JSON.stringify(condition)}`);
}

/** A role's statements as `action -> resource patterns` (Fn::Sub templates, Fn::If resolved for these parameters). */
function permissions(roleLogicalId: string): Map<string, string[]> {
  const policies = template.Resources[roleLogicalId].Properties.Policies as { PolicyDocument: { Statement: unknown[] } }[];
  const byAction = new Map<string, string[]>();
  const render = (resource: unknown): string[] => {
    if (typeof resource === 'string') return [resource];
    if (Array.isArray(resource)) return resource.flatMap(render);
    const record = resource as Record<string, unknown>;
    if ('Fn::Sub' in record) return [Array.isArray(record['Fn::Sub']) ? String(record['Fn::Sub'][0]) : String(record['Fn::Sub'])];
    if ('Fn::If' in record) {
      const [name, whenTrue, whenFalse] = record['Fn::If'] as [string, unknown, unknown];
      return render(holds({ Condition: name }) ? whenTrue : whenFalse);
    }
    if ('Ref' in record && record.Ref === 'AWS::NoValue') return [];
    return [JSON.stringify(record)];
  };
  for (const raw of policies.flatMap((policy) => policy.PolicyDocument.Statement)) {
    const chosen = 'Fn::If' in (raw as object) ? (raw as { 'Fn::If': [string, unknown, unknown] })['Fn::If'] : undefined;
    const statement = (chosen ? (holds({ Condition: chosen[0] }) ? chosen[1] : chosen[2]) : raw) as Statement | { Ref: string };
    if ('Ref' in statement) continue;
    for (const action of [statement.Action].flat()) {
      byAction.set(action, [...(byAction.get(action) ?? []), ...render(statement.Resource).map((arn) => arn.replace(/^arn:\$\{AWS::Partition\}:/, ''))]);
    }
  }
  return byAction;
}

function listPrefixes(roleLogicalId: string): string[] | undefined {
  const policies = template.Resources[roleLogicalId].Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[];
  const statement = policies.flatMap((policy) => policy.PolicyDocument.Statement).find((candidate) => candidate.Action === 's3:ListBucket');
  return statement?.Condition?.StringLike?.['s3:prefix'];
}

describe('the packaged CloudFormation template', () => {
  it('gives each function its own role and no wildcard action or resource', () => {
    // Act
    const roles = ['Slack', 'Worker', 'Monday'].map((name) => (template.Resources[`${name}LambdaFunction`].Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]);
    const everything = roles.map((role) => [...permissions(role).entries()]).flat();

    // Assess
    expect(roles).toEqual(['SlackFunctionRole', 'WorkerFunctionRole', 'MondayFunctionRole']);
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
    expect(everything.filter(([action]) => action.includes('*'))).toEqual([]);
    expect(everything.filter(([, resources]) => resources.some((arn) => arn === '*' || arn.endsWith(':::${Bucket}/*')))).toEqual([]);
  });

  it('lets the Slack function invoke only the worker, write only jobs and approvals, read only its parameters', () => {
    // Act
    const slackRole = permissions('SlackFunctionRole');

    // Assess
    expect(slackRole.get('lambda:InvokeFunction')).toEqual([`lambda:\${AWS::Region}:\${AWS::AccountId}:function:retention-planner-${STAGE}-worker`]);
    expect(slackRole.get('s3:PutObject')).toEqual(['s3:::${Bucket}/jobs/*', 's3:::${Bucket}/plans/*/approval.json']);
    expect(slackRole.get('s3:GetObject')).toEqual(['s3:::${Bucket}/predictions/*', 's3:::${Bucket}/plans/*']);
    expect(listPrefixes('SlackFunctionRole')).toEqual(['predictions/', 'predictions/*', 'plans/', 'plans/*']);
    expect(slackRole.get('ssm:GetParameters')).toEqual([
      `ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/retention-planner/${STAGE}/slack-signing-secret`,
      `ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/retention-planner/${STAGE}/slack-bot-token`,
    ]);
  });

  it('lets the worker write plans, exports and job records but list nothing and invoke nothing', () => {
    // Act
    const workerRole = permissions('WorkerFunctionRole');

    // Assess
    expect(workerRole.get('s3:PutObject')).toEqual(['s3:::${Bucket}/jobs/*', 's3:::${Bucket}/plans/*', 's3:::${Bucket}/exports/*']);
    expect(workerRole.get('s3:GetObject')).toEqual(['s3:::${Bucket}/jobs/*', 's3:::${Bucket}/predictions/*', 's3:::${Bucket}/plans/*']);
    expect(workerRole.has('s3:ListBucket')).toBe(false);
    expect(workerRole.has('lambda:InvokeFunction')).toBe(false);
    expect(workerRole.get('ssm:GetParameters')).toEqual([`ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/retention-planner/${STAGE}/slack-bot-token`]);
  });

  it('keeps secrets out: only parameter names in the environment', () => {
    // Act
    const names = ['Slack', 'Worker', 'Monday'].flatMap((name) =>
      Object.keys((template.Resources[`${name}LambdaFunction`].Properties.Environment as { Variables: Record<string, unknown> }).Variables),
    );

    // Assess
    expect(names.filter((name) => /SECRET|TOKEN/.test(name) && !name.endsWith('_PARAM'))).toEqual([]);
    expect(names).toContain('SLACK_SIGNING_SECRET_PARAM');
  });

  it('routes POST /slack/events, runs Monday 09:00 in the time zone, and lets the solver stop before the worker is killed', () => {
    // Prepare
    const resources = Object.values(template.Resources);
    const worker = template.Resources.WorkerLambdaFunction.Properties;
    const workerEnv = (worker.Environment as { Variables: Record<string, string> }).Variables;

    // Act
    const routes = resources.filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route').map((resource) => resource.Properties.RouteKey);
    const schedules = resources.filter((resource) => resource.Type === 'AWS::Scheduler::Schedule').map((resource) => resource.Properties);
    const retries = resources.find((resource) => resource.Type === 'AWS::Lambda::EventInvokeConfig' && JSON.stringify(resource.Properties.FunctionName).includes('Worker'));

    // Assess
    expect(routes).toEqual(['POST /slack/events']);
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({ ScheduleExpression: 'cron(0 9 ? * MON *)', ScheduleExpressionTimezone: 'UTC' });
    expect(Number(workerEnv.SOLVE_TIME_LIMIT_SECONDS) + 20).toBeLessThanOrEqual(Number(worker.Timeout));
    expect(retries?.Properties.MaximumRetryAttempts).toBe(0);
    expect(worker).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], MemorySize: 2048 });
  });
});
