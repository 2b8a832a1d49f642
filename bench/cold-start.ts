/**
 * Cold start of the packaged Slack function: each run is a fresh `node` process that imports
 * the bundle from the unpacked slack.zip and answers one signed `/retention budget=200`
 * (secrets from a loopback SSM, the worker invoke to a loopback Lambda API, the local store
 * seeded with the sample). Optionally the worker too (import, then the sample's plan).
 *
 *   npm run bench:cold-start -- [--runs 10] [--artifacts DIR] [--worker] [--customers N]
 *
 * `--customers N` plans a generated file of N customers (bench/generate-instance.ts, the policy
 * scaled as in the solver bench) instead of the 250-customer sample, to size the worker.
 * Without --artifacts it packages first (`serverless package`, offline). Figures in ms:
 * import = module load (Lambda's init phase), ack = the handler's answer, total = node start
 * to the answer. Node's own bootstrap and Lambda's runtime start are not included.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, runServerlessPackage } from '../scripts/package-lib.ts';
import {
  invokePackagedHandler,
  slashCommandEvent,
  unpackArtifact,
  type InvocationReport,
} from '../scripts/package-harness.ts';
import { startFakeLambda, startFakeSlack } from '../test/integration/deploy/fake-aws-slack.ts';
import { startFakeSsm } from '../test/integration/deploy/fake-ssm-server.ts';
import { generatePredictions, scaledPolicy, writePredictionsCsv } from './generate-instance.ts';

const STAGE = 'bench';
const SIGNING_SECRET = 'bench-signing-secret';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    artifacts: { type: 'string' },
    worker: { type: 'boolean', default: false },
    customers: { type: 'string' },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 200)
  throw new Error(`--runs must be a whole number from 1 to 200; got ${values.runs}`);
const customers = values.customers === undefined ? undefined : Number(values.customers);
if (customers !== undefined && (!Number.isInteger(customers) || customers < 10 || customers > 1_000_000)) {
  throw new Error(`--customers must be a whole number from 10 to 1000000; got ${values.customers}`);
}

function quantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

function summarize(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const cells = [quantile(sorted, 0.5), quantile(sorted, 0.9), sorted[0], sorted.at(-1) ?? 0].map((value) =>
    value.toFixed(0).padStart(7),
  );
  return `${label.padEnd(28)}${cells.join('')}`;
}

function expectOk(report: InvocationReport, what: string): void {
  if (!report.ok)
    throw new Error(
      `${what} failed (exit ${report.exitCode}): ${JSON.stringify(report.error)}\n${report.stderr.slice(-2000)}`,
    );
}

const work = mkdtempSync(join(tmpdir(), 'retention-cold-start-'));
try {
  let artifacts = values.artifacts;
  if (!artifacts) {
    artifacts = join(work, 'artifacts');
    const built = await runServerlessPackage({
      args: ['--stage', STAGE, '--param=approverUserIds=U0APPROVER', '--param=summaryChannelId=C0SUMMARY'],
      outDir: artifacts,
      stdio: 'pipe',
    });
    if (built.code !== 0) throw new Error(`serverless package failed:\n${built.output}`);
  }
  const template = JSON.parse(readFileSync(join(artifacts, 'cloudformation-template-update-stack.json'), 'utf8')) as {
    Resources: Record<string, { Properties: { Environment?: { Variables: Record<string, unknown> } } }>;
  };
  await unpackArtifact(join(artifacts, 'slack.zip'), join(work, 'slack'));
  if (values.worker) await unpackArtifact(join(artifacts, 'worker.zip'), join(work, 'worker'));

  const ssmNames = (name: string) =>
    String(template.Resources.SlackLambdaFunction.Properties.Environment?.Variables[name]);
  const [ssm, slack, lambda] = await Promise.all([
    startFakeSsm({
      [ssmNames('SLACK_SIGNING_SECRET_PARAM')]: { value: SIGNING_SECRET },
      [ssmNames('SLACK_BOT_TOKEN_PARAM')]: { value: 'xoxb-bench' },
    }),
    startFakeSlack(),
    startFakeLambda(),
  ]);
  /** The deployed environment; Lambda's code folder /var/task stands for the unpacked zip's folder. */
  const envOf = (logicalId: string, storeDir: string, taskRoot: string): Record<string, string> => {
    const variables = template.Resources[logicalId].Properties.Environment?.Variables ?? {};
    const plain = Object.fromEntries(
      Object.entries(variables)
        .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
        .map(([name, value]) => [
          name,
          value
            .split(',')
            .map((part) => (part.startsWith('/var/task/') ? join(taskRoot, part.slice('/var/task/'.length)) : part))
            .join(','),
        ]),
    );
    return {
      ...plain,
      LOCAL_STORE_DIR: storeDir,
      SLACK_API_URL: `${slack.url}/api/`,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDBENCH',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_ENDPOINT_URL_SSM: ssm.endpoint,
      AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    };
  };

  let predictionsFile = join(REPO_ROOT, 'data', 'sample', 'predictions.csv');
  let commandText = 'budget=200';
  if (customers !== undefined) {
    predictionsFile = join(work, 'generated.csv');
    await writePredictionsCsv(generatePredictions(customers), predictionsFile);
    const policy = scaledPolicy(customers);
    commandText = `budget=${Math.round(policy.budget)} email_cap=${policy.email_cap} push_cap=${policy.push_cap}`;
  }
  const samples = {
    import: [] as number[],
    ack: [] as number[],
    total: [] as number[],
    workerImport: [] as number[],
    workerJob: [] as number[],
    workerRss: [] as number[],
  };
  for (let run = 0; run < runs; run++) {
    const storeDir = join(work, `store-${run}`);
    mkdirSync(join(storeDir, 'predictions', '2025-01-06'), { recursive: true });
    cpSync(predictionsFile, join(storeDir, 'predictions', '2025-01-06', 'predictions.csv'));
    const event = slashCommandEvent({
      signingSecret: SIGNING_SECRET,
      text: commandText,
      responseUrl: `${slack.url}/respond/${run}`,
    });
    const before = lambda.requests.length;
    const report = await invokePackagedHandler({
      dir: join(work, 'slack'),
      bundle: 'src/handlers/slack.mjs',
      event,
      env: envOf('SlackLambdaFunction', storeDir, join(work, 'slack')),
    });
    expectOk(report, 'the slack handler');
    samples.import.push(report.importMs ?? NaN);
    samples.ack.push(report.handlerMs ?? NaN);
    samples.total.push(report.sinceProcessStartMs ?? NaN);
    if (values.worker) {
      const invoke = lambda.requests.slice(before).find((request) => request.path.includes('/invocations'));
      if (!invoke) throw new Error('the slack handler invoked no worker');
      const worker = await invokePackagedHandler({
        dir: join(work, 'worker'),
        bundle: 'src/handlers/worker.mjs',
        event: invoke.body,
        env: envOf('WorkerLambdaFunction', storeDir, join(work, 'worker')),
        timeoutMs: 600_000,
      });
      if (process.env.BENCH_VERBOSE) console.error(worker.stderr);
      expectOk(worker, 'the worker');
      samples.workerImport.push(worker.importMs ?? NaN);
      samples.workerJob.push(worker.handlerMs ?? NaN);
      samples.workerRss.push(worker.maxRssMb ?? NaN);
      const status = (worker.result as { status?: string } | null)?.status;
      if (status !== 'optimal' && status !== 'feasible')
        throw new Error(`the worker ended ${JSON.stringify(worker.result)}`);
    }
  }
  await Promise.all([ssm.close(), slack.close(), lambda.close()]);

  console.log(
    `cold start, packaged Slack function: ${runs} fresh processes, node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`,
  );
  console.log(`${''.padEnd(28)}${['median', 'p90', 'min', 'max'].map((h) => h.padStart(7)).join('')}`);
  console.log(summarize('slack: import (init) ms', samples.import));
  console.log(summarize('slack: first ack ms', samples.ack));
  console.log(summarize('slack: node start→ack ms', samples.total));
  if (values.worker) {
    console.log(summarize('worker: import ms', samples.workerImport));
    console.log(summarize(`worker: plan ms (${customers ?? 250} cust.)`, samples.workerJob));
    console.log(summarize('worker: peak RSS MB', samples.workerRss));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
