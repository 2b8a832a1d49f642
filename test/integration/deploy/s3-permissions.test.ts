import { PutObjectCommand } from '@aws-sdk/client-s3';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../scripts/package-lib.ts';
import {
  slashCommandEvent,
  startPackagedFunction,
  unpackArtifact,
  type InvocationReport,
  type PackagedFunction,
} from '../../../scripts/package-harness.ts';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { catalogVersion, type CatalogProposal } from '../../../src/learning/calibrate.ts';
import { DEFAULT_CATALOG_VERSION } from '../../../src/learning/catalog-store.ts';
import { CALIBRATE_ACCEPT_ACTION } from '../../../src/slack/blocks/learning-blocks.ts';
import { approveClickBody, buildSlackEvent } from '../../../src/slack/signed-request.ts';
import { homeOpenedBody, viewClickBody, viewSubmissionBody } from '../../../src/dev/slack-payloads.ts';
import { HOME_OPEN_PLAN_ACTION_ID } from '../../../src/slack/blocks/home-view.ts';
import { DOWNLOAD_CSV_ACTION_ID, EDIT_REPLAN_ACTION_ID } from '../../../src/slack/blocks/plan-files-blocks.ts';
import { POLICY_FORM_CALLBACK_ID } from '../../../src/slack/blocks/policy-modal.ts';
import { catalogHash } from '../../../src/storage/run-ids.ts';
import { describeWithMoto } from '../../support/moto-server.ts';
import { startFakeAws, startMotoAws, type AwsBackend } from './aws-backends.ts';
import { startFakeSlack, type FakeServer } from './fake-aws-slack.ts';
import { deployedEnvironment, packagedArtifacts, readTemplate, TEST_STAGE as STAGE } from './packaged-artifacts.ts';
import { startRecordingS3Proxy, type RecordingS3Proxy, type S3Call } from './recording-s3-proxy.ts';
import { allowsS3, type Template } from './template-policy.ts';

/**
 * Are the IAM grants in serverless.yml enough? The packaged functions run against S3 (s3rver,
 * and moto_server, each behind a recording proxy) through every command, the worker's jobs, an approval, accepting
 * a catalog and the Monday summary; each S3 call is then checked against the calling function's role in the
 * packaged template. A call the role would refuse (AccessDenied in AWS) fails here. A read of
 * a missing key must also be covered by the role's ListBucket, or S3 answers 403, not 404.
 */

const BUCKET = 'retention-ci-data';
const SIGNING_SECRET = 'ci-s3-signing-secret';
const FUNCTIONS = { slack: 'Slack', worker: 'Worker', monday: 'Monday' } as const;
type FunctionName = keyof typeof FUNCTIONS;

/** Every case, with the packaged functions talking to the AWS services `startAws` starts. */
function permissionCases(startAws: (secrets: Record<string, string>) => Promise<AwsBackend>): void {
  let work: string;
  let template: Template;
  let aws: AwsBackend;
  let proxy: RecordingS3Proxy;
  let slack: FakeServer;
  const reports: { name: string; report: InvocationReport }[] = [];
  /** Each function runs in one process, started on its first invocation and kept warm, as on Lambda. */
  const running = new Map<FunctionName, PackagedFunction>();

  /** Invokes `fn` (its process gets `extraEnv` when the first invocation starts it). */
  async function run(
    fn: FunctionName,
    name: string,
    event: unknown,
    extraEnv: Record<string, string> = {},
  ): Promise<InvocationReport> {
    proxy.label(fn);
    let instance = running.get(fn);
    if (!instance) {
      const dir = join(work, fn);
      const env = deployedEnvironment(template, `${FUNCTIONS[fn]}LambdaFunction`, dir, {
        DATA_BUCKET: BUCKET,
        AWS_ENDPOINT_URL_S3: proxy.url,
        AWS_ENDPOINT_URL_SSM: aws.ssmEndpoint,
        AWS_ENDPOINT_URL_LAMBDA: aws.lambda.url,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        SLACK_API_URL: `${slack.url}/api/`,
        ...extraEnv,
      });
      instance = startPackagedFunction({ dir, bundle: `src/handlers/${fn}.mjs`, env });
      running.set(fn, instance);
    }
    const report = await instance.invoke(event);
    reports.push({ name, report });
    return report;
  }

  /** Sends a slash command, then runs the worker on every job it handed over. */
  async function command(text: string): Promise<InvocationReport[]> {
    const before = aws.lambda.requests.length;
    const event = slashCommandEvent({
      signingSecret: SIGNING_SECRET,
      text,
      responseUrl: `${slack.url}/respond/${encodeURIComponent(text)}`,
    });
    const ack = await run('slack', `/retention ${text}`, event);
    return [ack, ...(await drainJobs(before, text))];
  }

  async function drainJobs(before: number, name: string): Promise<InvocationReport[]> {
    const jobs = aws.lambda.requests.slice(before).filter((request) => request.path.includes('/invocations'));
    const runs: InvocationReport[] = [];
    for (const job of jobs) runs.push(await run('worker', `worker: ${name}`, job.body));
    return runs;
  }

  /** Clicks a button of a message (Approve & send, Accept catalog) as an approver; runs any job it hands over. */
  async function click(name: string, value: unknown, actionId?: string): Promise<void> {
    const before = aws.lambda.requests.length;
    const body = approveClickBody({
      userId: 'U0APPROVER',
      value: JSON.stringify(value),
      actionId,
      responseUrl: `${slack.url}/respond/${name}`,
      channelId: 'C0PLANS01',
      messageTs: '1700000000.000100',
    });
    await run(
      'slack',
      name,
      buildSlackEvent({ body, signingSecret: SIGNING_SECRET, timestamp: Math.floor(Date.now() / 1000) }),
    );
    await drainJobs(before, name);
  }

  /** Sends any signed body through the packaged Slack function; runs any job it hands over. */
  async function signed(name: string, body: string, contentType?: string): Promise<void> {
    const before = aws.lambda.requests.length;
    const timestamp = Math.floor(Date.now() / 1000);
    await run('slack', name, buildSlackEvent({ body, signingSecret: SIGNING_SECRET, timestamp, contentType }));
    await drainJobs(before, name);
  }

  /** Submits the policy form (budget 180) as Slack sends it, for the channel it was opened from. */
  async function submitForm(): Promise<void> {
    const view = {
      type: 'modal' as const,
      callback_id: POLICY_FORM_CALLBACK_ID,
      title: { type: 'plain_text' as const, text: 'Plan retention' },
      private_metadata: JSON.stringify({ channel_id: 'C0PLANS01', response_url: `${slack.url}/respond/form` }),
      blocks: [],
    };
    const values = { 'policy:budget': { value: { type: 'plain_text_input', value: '180' } } };
    await signed(
      'form submission',
      viewSubmissionBody({ userId: 'U0REQUEST', view, filled: { values, responseUrls: [] } }),
    );
  }

  /** A stored catalog proposal (as `/retention calibrate` leaves one), so an approver can accept it. */
  async function seedProposal(): Promise<string> {
    const catalog = DEFAULT_CATALOG.map((action) => (action.id === 1 ? { ...action, uplift: 0.09 } : action));
    const version = catalogVersion(new Date().toISOString().slice(0, 10), catalog);
    const proposal: CatalogProposal = {
      version,
      based_on: DEFAULT_CATALOG_VERSION,
      catalog,
      hash: catalogHash(catalog),
      changes: [],
      skipped: [],
    };
    await aws.s3.client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `catalogs/proposals/${version}.json`,
        Body: JSON.stringify(proposal),
      }),
    );
    return version;
  }

  function lastMondayAtNineUtc(now: Date): string {
    const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 9, 5));
    while (day.getUTCDay() !== 1 || day > now) day.setUTCDate(day.getUTCDate() - 1);
    return day.toISOString();
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'retention-s3-permissions-'));
    const artifacts = await packagedArtifacts();
    template = readTemplate(artifacts);
    for (const fn of Object.keys(FUNCTIONS)) await unpackArtifact(join(artifacts, `${fn}.zip`), join(work, fn));
    aws = await startAws({
      [`/retention-planner/${STAGE}/slack-signing-secret`]: SIGNING_SECRET,
      [`/retention-planner/${STAGE}/slack-bot-token`]: 'xoxb-ci-s3',
    });
    [proxy, slack] = await Promise.all([startRecordingS3Proxy(aws.s3.endpoint), startFakeSlack()]);
    await aws.s3.client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'predictions/2025-01-06/predictions.csv',
        Body: readFileSync(join(REPO_ROOT, 'data', 'sample', 'predictions.csv')),
      }),
    );

    const [, plan] = await command('budget=200');
    const planId = (plan?.result as { plan_id?: string } | undefined)?.plan_id;
    await command('status');
    await command('history');
    if (planId) await click('approve', { plan: planId, via: 'response_url' });
    await click('accept-catalog', { version: await seedProposal() }, CALIBRATE_ACCEPT_ACTION);
    await command('sweep budget=100..300:3');
    await command('compare budget=150 | budget=250');
    await command('uplift');
    await command('calibrate');
    await command('');
    await signed('home tab', homeOpenedBody({ userId: 'U0APPROVER' }), 'application/json');
    await signed(
      'open plan',
      viewClickBody({ userId: 'U0APPROVER', actionId: HOME_OPEN_PLAN_ACTION_ID, value: planId ?? '' }),
    );
    if (planId) {
      await click('download', { plan: planId, words: [] }, DOWNLOAD_CSV_ACTION_ID);
      await click('edit', { plan: planId, words: ['budget=180'] }, EDIT_REPLAN_ACTION_ID);
    }
    await submitForm();
    await run(
      'monday',
      'monday summary',
      { source: 'aws.scheduler' },
      { RETENTION_FAKE_NOW: lastMondayAtNineUtc(new Date()) },
    );
  }, 300_000);

  afterAll(async () => {
    await Promise.all([...running.values()].map((instance) => instance.close()));
    await Promise.all([proxy?.close(), slack?.close()]);
    await aws?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe('the IAM grants, against what the packaged functions do in S3', () => {
    it('let every command, job, the approval and the Monday summary run to the end', () => {
      // Act
      const failed = reports.filter(
        ({ report }) => !report.ok || (report.result as { status?: string } | null)?.status === 'failed',
      );

      // Assess
      expect(
        failed.map(({ name, report }) => ({
          name,
          error: report.error ?? report.result,
          stderr: report.stderr.slice(-800),
        })),
      ).toEqual([]);
      expect(reports.filter(({ name }) => name.startsWith('worker:')).length).toBeGreaterThanOrEqual(7);
      const slackCalls = slack.requests.map((request) => request.path.split('?')[0]);
      for (const method of ['views.open', 'views.publish', 'files.completeUploadExternal'])
        expect(slackCalls).toContain(`/api/${method}`);
      expect(reports.find(({ name }) => name === 'monday summary')?.report.result).toMatchObject({ posted: true });
      expect(
        proxy.calls
          .get('slack')
          ?.some((call) => call.action === 's3:PutObject' && /^catalogs\/[^/]+\.json$/.test(call.key)),
      ).toBe(true);
    });

    it('cover every S3 call each function made with its own role', () => {
      // Act
      const denied = [...proxy.calls.entries()].flatMap(([fn, calls]) =>
        calls
          .filter((call) => !allowsS3(template, `${FUNCTIONS[fn as FunctionName]}FunctionRole`, call.action, call.key))
          .map((call) => `${fn}: ${call.action} ${call.key} (${call.status})`),
      );

      // Assess
      expect(proxy.calls.get('slack')?.length).toBeGreaterThan(0);
      expect(proxy.calls.get('monday')?.length).toBeGreaterThan(0);
      expect([...new Set(denied)]).toEqual([]);
    });

    it('let each function list where it reads keys that may be missing, so S3 says 404 and not 403', () => {
      // Act
      const missing = [...proxy.calls.entries()].flatMap(([fn, calls]) =>
        calls.filter((call) => call.status === 404).map((call): [string, S3Call] => [fn, call]),
      );
      const uncovered = missing.filter(
        ([fn, call]) => !allowsS3(template, `${FUNCTIONS[fn as FunctionName]}FunctionRole`, 's3:ListBucket', call.key),
      );

      // Assess
      expect([...new Set(uncovered.map(([fn, call]) => `${fn}: ${call.action} ${call.key}`))]).toEqual([]);
    });

    it('never delete anything or call S3 outside objects and listings', () => {
      // Act
      const other = [...proxy.calls.values()]
        .flat()
        .filter((call) => call.action === 's3:DeleteObject' || call.action === 'other' || call.bucket !== BUCKET);

      // Assess
      expect(other).toEqual([]);
    });
  });
}

describe('on s3rver with a fake SSM and Lambda', () => permissionCases((secrets) => startFakeAws(BUCKET, secrets)));
describeWithMoto('on moto_server (S3, SSM SecureString, the Lambda API)', () =>
  permissionCases((secrets) => startMotoAws(BUCKET, secrets, `retention-planner-${STAGE}-worker`)),
);
