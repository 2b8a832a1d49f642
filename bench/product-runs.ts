import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { child, log, type Measured } from './child.ts';
import { runCompiled, runPlanCli } from './cli-run.ts';
import { policyWords } from '../src/domain/policy-words.ts';
import { familyPolicy } from './families.ts';
import { formatHorizonRows, runHorizonBench, type HorizonBenchRow } from './horizon.ts';
import { runSmallWeeksBench } from './horizon-small.ts';
import { measureReadSpeed, type ReadSpeed } from './read-speed.ts';
import { ensureReadWeek } from './read-week.ts';
import { mb, secs, table, type Row } from './results-table.ts';

/** Issue 18's targets on the product as a user runs it. */
const SAMPLE_CLI_SECONDS = 0.5;
const SIMULATOR_PLAN_SECONDS = 1;
const READ_MB_PER_SECOND = 150;
const BIG_SECONDS = 40;
const BIG_PEAK_MB = 6 * 1024;

export interface ProductPlan {
  /** Rows of the week the big CLI run plans (the read benchmark's week, CSV). */
  bigRows: number;
  readSizes: number[];
  readReferenceMax: number;
  horizonSizes: number[];
  /** Sizes at which one plain dual pass of the reference family is timed (docs/SCALE.md's cost model). */
  passSizes: number[];
  timeLimit: number;
  /** Where generated weeks are kept between runs (git-ignored). */
  dir: string;
  work: string;
}

export interface ProductResults {
  sample: Row[];
  simulator?: Row;
  big?: Row;
  reads: ReadSpeed[];
  horizon: HorizonBenchRow[];
  passes: Measured[];
}

/** The Slack simulator's `/retention plan` on the sample, as one process with a fresh local store. */
function measureSimulatorPlan(): Row {
  const store = mkdtempSync(join(process.env.TMPDIR ?? '/tmp', 'bench-store-'));
  try {
    const run = runCompiled('slack', ['/retention plan', '--store', store, '--json']);
    const answered = run.exitCode === 0 && run.stdout.includes('"Retention plan: ');
    log(`  simulator ${answered ? 'posted' : `exit ${run.exitCode}`} ${run.seconds.toFixed(2)} s`);
    return {
      n: 250,
      method: 'npm run slack -- "/retention plan" (simulator)',
      status: answered ? 'posted' : `exit ${run.exitCode}`,
      seconds: run.seconds,
      cpuSeconds: run.cpuSeconds,
      peakRssMb: run.peakRssMb,
      note: 'whole process: a signed slash command through the Bolt app, the plan job, plan CSV and chart uploaded, the plan message',
    };
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
}

/** The read benchmark's week of `plan.bigRows` rows through the compiled CLI, without marginal values. */
async function measureBigWeek(plan: ProductPlan, out: string[]): Promise<Row> {
  const week = await ensureReadWeek(plan.bigRows, plan.dir);
  log(`${plan.bigRows} rows: npm run plan -- --predictions CSV --json --no-marginal`);
  const words = policyWords(familyPolicy('reference', plan.bigRows));
  return runPlanCli({ n: plan.bigRows, method: 'npm run plan --json --no-marginal (CSV)' }, [
    ...words,
    '--predictions',
    week.csv,
    ...out,
    '--time-limit',
    String(plan.timeLimit),
    '--no-marginal',
  ]);
}

/** Runs `measure` this many times: a short process right after a heavy one runs slow, so one run is not the figure. */
const SHORT_RUNS = 3;

/** The run of median wall time among {@link SHORT_RUNS}, its note naming every run's time. */
function medianRun(measure: () => Row): Row {
  const runs = Array.from({ length: SHORT_RUNS }, measure).sort((a, b) => (a.seconds ?? 0) - (b.seconds ?? 0));
  const median = runs[Math.floor(runs.length / 2)];
  const times = runs.map((run) => `${(run.seconds ?? 0).toFixed(2)} s`).join(', ');
  return { ...median, note: `${median.note ?? ''}; median of ${SHORT_RUNS} runs (${times})` };
}

/** The sample through the compiled CLIs, the big week end to end, the reading benchmark and the horizon benchmark. */
export async function measureProduct(plan: ProductPlan): Promise<ProductResults> {
  const out = ['--out', join(plan.work, 'out')];
  log('sample: npm run plan --json (marginal values), then --no-marginal');
  const sample = [
    medianRun(() => runPlanCli({ n: 250, method: 'npm run plan --json (marginal values)' }, out)),
    medianRun(() => runPlanCli({ n: 250, method: 'npm run plan --json --no-marginal' }, [...out, '--no-marginal'])),
  ];
  log('sample: npm run slack -- "/retention plan"');
  const simulator = medianRun(measureSimulatorPlan);
  log(`reading: ${plan.readSizes.join(', ')} rows`);
  const reads = await measureReadSpeed({
    sizes: plan.readSizes,
    referenceMax: plan.readReferenceMax,
    dir: plan.dir,
    log,
  });
  const big = plan.bigRows > 0 ? await measureBigWeek(plan, out) : undefined;
  const passes: Measured[] = [];
  for (const n of plan.passSizes) {
    log(`reference n=${n}: one plain dual pass`);
    passes.push(await child(['--method', 'pass', '--n', String(n)], 10 * plan.timeLimit));
  }
  log(`horizon: ${plan.horizonSizes.join(', ')} customers × 4 weeks`);
  const horizon =
    plan.horizonSizes.length > 0
      ? [
          ...(await runHorizonBench({ sizes: plan.horizonSizes, timeLimitSeconds: plan.timeLimit })),
          ...(await runSmallWeeksBench()),
        ]
      : [];
  return { sample, simulator, big, reads, horizon, passes };
}

const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : 'NOT met');

function readTable(reads: ReadSpeed[]): string {
  const header =
    '| reader | rows | file | wall time | CPU time | MB/s | rows/s | peak RSS | target ≥ 150 MB/s |\n|---|---:|---:|---:|---:|---:|---:|---:|---|';
  const lines = reads.map(
    (r) =>
      `| ${r.reader}${r.hugePages ? ' (huge pages)' : ''} | ${r.rows.toLocaleString('en-US')} | ${r.fileMb.toFixed(0)} MB | ${secs(r.seconds)} | ${secs(r.cpuSeconds)} | ${r.mbPerSecond.toFixed(0)} | ${(r.rowsPerSecond / 1e6).toFixed(2)} M | ${mb(r.peakRssMb)} | ${r.reader === 'csv-parse-old' ? 'reference' : verdict(r.mbPerSecond >= READ_MB_PER_SECOND)} |`,
  );
  return [header, ...lines].join('\n');
}

function passTable(passes: Measured[]): string {
  const header =
    '| customers | rows × classes × actions | one plain pass (median of 5) | least | per customer-action | peak RSS |\n|---:|---|---:|---:|---:|---:|';
  const lines = passes.map(
    (p) =>
      `| ${Number(p.n).toLocaleString('en-US')} | ${String(p.rows)} × ${String(p.classes)} × ${String(p.actions)} | ${Number(p.passMs).toFixed(1)} ms | ${Number(p.bestPassMs).toFixed(1)} ms | ${Number(p.nsPerPair).toFixed(1)} ns | ${mb(p.peakRssMb)} |`,
  );
  return [header, ...lines].join('\n');
}

/** The product section of bench/RESULTS.md: the sample and the simulator, the big week, the readers, the horizon. */
export function renderProduct(results: ProductResults): string {
  const sampleRow = results.sample.find((row) => row.method.includes('marginal values'));
  const sampleOk = sampleRow
    ? sampleRow.status === 'optimal' && (sampleRow.seconds ?? Infinity) <= SAMPLE_CLI_SECONDS
    : undefined;
  const sim = results.simulator;
  const simOk = sim ? sim.status === 'posted' && (sim.seconds ?? Infinity) <= SIMULATOR_PLAN_SECONDS : undefined;
  const big = results.big;
  const bigOk = big
    ? ['optimal', 'feasible'].includes(big.status) &&
      (big.seconds ?? Infinity) <= BIG_SECONDS &&
      (big.peakRssMb ?? Infinity) <= BIG_PEAK_MB
    : undefined;
  const rows = [...results.sample, ...(sim ? [sim] : []), ...(big ? [big] : [])];
  return `## The product as a user runs it

Each row is one whole process of a compiled command (\`node scripts/start-cli.mjs plan|slack\`, what
\`npm run plan\` and \`npm run slack\` run, without npm's own start-up), \`dist/\` built beforehand.
The sample's and the simulator's rows are the median of three runs, as they come right after
the families' 1M runs and the first short process after a heavy one runs slow.
The big week is the reading benchmark's CSV (bench/read-week.ts: quoted ids with commas, p with
six decimals, five segments, a \`churn_reduction_2\` column, three ignored columns) planned with the
reference policy scaled to its size: reading, model, solve, KPIs, plan CSV and chart in one process.

${table(rows, false)}

| target | measured | verdict |
|---|---|---|
| the sample: CLI end to end ≤ ${SAMPLE_CLI_SECONDS} s | ${sampleRow ? `${sampleRow.status}, ${secs(sampleRow.seconds)} (with marginal values)` : '–'} | ${verdict(sampleOk)} |
| the Slack simulator's plan ≤ ${SIMULATOR_PLAN_SECONDS} s | ${sim ? `${sim.status}, ${secs(sim.seconds)}` : '–'} | ${verdict(simOk)} |
| ${big ? big.n.toLocaleString('en-US') : '10M'} customers end to end ≤ ${BIG_SECONDS} s and ≤ ${BIG_PEAK_MB / 1024} GB, optimal or its gap | ${big ? `${big.status} (gap ${(big.gap ?? NaN).toExponential(1)}), ${secs(big.seconds)}, ${mb(big.peakRssMb)}` : '–'} | ${verdict(bigOk)} |

### Reading predictions (bench/read-speed.ts, each read in a fresh process)

\`csv\` is the byte-level reader alone, \`csv-open\` and \`parquet-open\` the CLI's way in
(\`openPredictions\` with metering, without the hash the CLI no longer takes), \`csv-parse-old\` the csv-parse reader it
replaced, measured as the reference of the same run. A reader marked "(huge pages)" read in a
process with the glibc settings \`npm run plan\` gives a week this large on this machine (huge
pages and reuse of freed blocks, scripts/huge-pages.mjs); the Lambda worker's runtime (glibc 2.34) has no huge pages.

${results.reads.length > 0 ? readTable(results.reads) : 'Not run.'}

### One dual pass over every customer (the unit of docs/SCALE.md's cost model)

Every customer's best action at the class prices, no screening (bench/pass-speed.ts), reference
family, in a fresh process. The dual iterations per solve are in the solves table above.

${results.passes.length > 0 ? passTable(results.passes) : 'Not run.'}

### Plans over several weeks (bench/horizon.ts, in the bench's own process)

Each row times the horizon search alone, started from nothing; \`npm run plan\` and the worker
start it from the myopic plan, so where a row has no plan in time the product still answers
with the myopic plan or better and its gap. "plain" is the policy as the CLI applies it,
"scaled" the policy sized to the customers (a tighter budget on small weeks).

${results.horizon.length > 0 ? formatHorizonRows(results.horizon) : 'Not run.'}
`;
}
