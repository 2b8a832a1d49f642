import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CATALOG } from '../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../src/domain/policy.ts';
import { getHighs } from '../src/solver/highs-runtime.ts';
import { buildHorizonModel, planMyopic, solveHorizon } from '../src/solver/horizon/index.ts';
import { generateManySegments, generatePredictions, scaledPolicy } from './generate-instance.ts';

/**
 * The generated families: `default` is the main bench's (four segments), `cities` the same
 * customers spread over 20 segments named as cities (issue 21), so that the premium floor and
 * the segment-bound actions drop out and every segment has its own coverage floor in every week.
 */
export type HorizonFamily = 'default' | 'cities';

/**
 * The policy of an instance: `scaled`, the default policy with budget and channel caps scaled to
 * the size (the bench's); `plain`, the default policy as it is (what the CLI plans with, loose on
 * small weeks).
 */
export type HorizonPolicy = 'scaled' | 'plain';

/** One measured instance of the multi-week benchmark. */
export interface HorizonBenchRow {
  family: HorizonFamily;
  policy: HorizonPolicy;
  seed: number;
  customers: number;
  weeks: number;
  /** Treatment actions (the catalog less "No Action") plus one: the issue counts "8 actions". */
  actions: number;
  status: string;
  /** Seconds to build the model and to solve it (the target is on the solve). */
  buildSeconds: number;
  solveSeconds: number;
  /** CPU seconds of the process over the solve (every thread: the Wasm compiler's too). */
  solveCpuSeconds: number;
  /** Seconds of the myopic baseline (each week planned alone by the weekly solver). */
  myopicSeconds: number;
  gap: number;
  objective: number;
  myopicObjective: number | null;
  valueOfPlanningAhead: number | null;
  dualIterations: number;
  coreColumns: number;
  /** Largest resident set seen while this instance ran, in MB. */
  peakMb: number;
  /** The machine's 1-minute load average when the instance finished. */
  load: number;
}

/**
 * The issues' targets: 75,000 customers × 4 weeks proven optimal in ≤ 5 s; 1,000,000 × 4 weeks in
 * ≤ 60 s; a small week (up to 1,000 customers) in ≤ 1 s, whatever its weeks (issue 18).
 */
export const HORIZON_TARGETS: Readonly<Record<number, number>> = {
  10: 1,
  40: 1,
  100: 1,
  250: 1,
  1_000: 1,
  75_000: 5,
  1_000_000: 60,
};

/** Samples the resident set every 20 ms until stopped; returns the largest seen, in MB. */
function watchMemory(): () => number {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss) / 2 ** 20;
  };
}

/**
 * Plans `weeks` weeks for each size on generated predictions (the default catalog, the default
 * policy with budget and channel caps scaled to the size, as `npm run bench` does for one week):
 * the horizon solve, timed on its own, then the myopic baseline. A 5,000-customer instance is
 * solved first, untimed, so that every timed solve runs warm.
 */
export async function runHorizonBench(
  options: {
    sizes?: number[];
    weeks?: number;
    seed?: number;
    family?: HorizonFamily;
    policy?: HorizonPolicy;
    timeLimitSeconds?: number;
    /** Customers of the untimed first solve (5,000 by default). */
    warmup?: number;
  } = {},
): Promise<HorizonBenchRow[]> {
  const sizes = options.sizes ?? [75_000, 1_000_000];
  const weeks = options.weeks ?? 4;
  const seed = options.seed ?? 1;
  const family = options.family ?? 'default';
  const rules = options.policy ?? 'scaled';
  const highs = await getHighs();
  const rows: HorizonBenchRow[] = [];
  for (const [run, customers] of [options.warmup ?? 5_000, ...sizes].entries()) {
    const predictions =
      family === 'cities' ? generateManySegments(customers, 20, seed) : generatePredictions(customers, seed);
    const policy = { ...(rules === 'plain' ? DEFAULT_POLICY : scaledPolicy(customers)), weeks };
    const stop = watchMemory();
    const built = performance.now();
    const model = buildHorizonModel(predictions, [...DEFAULT_CATALOG], policy);
    const solving = performance.now();
    const cpu = process.cpuUsage();
    const solved = await solveHorizon(highs, model, { timeLimitSeconds: options.timeLimitSeconds ?? 120 });
    const solvedAt = performance.now();
    const used = process.cpuUsage(cpu);
    const myopic = await planMyopic(model, predictions, { timeLimitSeconds: options.timeLimitSeconds ?? 120 });
    const done = performance.now();
    const peakMb = stop();
    if (run === 0) continue;
    const ahead = myopic.choices ? solved.objective - myopic.objective : null;
    rows.push({
      family,
      policy: rules,
      seed,
      customers,
      weeks,
      actions: DEFAULT_CATALOG.length,
      status: solved.status,
      buildSeconds: (solving - built) / 1000,
      solveSeconds: (solvedAt - solving) / 1000,
      solveCpuSeconds: (used.user + used.system) / 1e6,
      myopicSeconds: (done - solvedAt) / 1000,
      gap: solved.gap,
      objective: solved.objective,
      myopicObjective: myopic.choices ? myopic.objective : null,
      valueOfPlanningAhead: ahead,
      dualIterations: solved.dualIterations,
      coreColumns: solved.coreColumns,
      peakMb,
      load: loadavg()[0],
    });
  }
  return rows;
}

/** The rows as a Markdown table, with the target of each size met or missed. */
export function formatHorizonRows(rows: readonly HorizonBenchRow[]): string {
  const money = (x: number) => `$${x.toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
  const lines = [
    '| family (policy), seed | customers × weeks | status, gap | solve (target) | solve CPU | build | myopic baseline | value of planning ahead | peak memory | load |',
    '| --- | ---: | --- | --- | ---: | ---: | ---: | --- | ---: | ---: |',
  ];
  for (const row of rows) {
    const target = HORIZON_TARGETS[row.customers];
    const met = target === undefined ? '' : row.status === 'optimal' && row.solveSeconds <= target ? ' ✓' : ' ✗';
    const ahead =
      row.valueOfPlanningAhead === null || row.myopicObjective === null
        ? 'myopic has no plan'
        : `${money(row.valueOfPlanningAhead)} (${((100 * row.valueOfPlanningAhead) / Math.max(1, Math.abs(row.myopicObjective))).toFixed(3)}%)`;
    lines.push(
      `| ${row.family} (${row.policy}), ${row.seed} | ${row.customers.toLocaleString('en-US')} × ${row.weeks} | ${row.status}, ${row.gap.toExponential(1)} | ${row.solveSeconds.toFixed(2)} s${target === undefined ? '' : ` (≤ ${target} s)${met}`} | ${row.solveCpuSeconds.toFixed(2)} s | ${row.buildSeconds.toFixed(2)} s | ${row.myopicSeconds.toFixed(2)} s | ${ahead} | ${row.peakMb.toFixed(0)} MB | ${row.load.toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}

/** One line per target: in how many of the measured instances it was met, and the range of solve times. */
export function summarizeTargets(rows: readonly HorizonBenchRow[]): string {
  return Object.entries(HORIZON_TARGETS)
    .map(([size, limit]) => {
      const measured = rows.filter((row) => row.customers === Number(size));
      if (measured.length === 0) return '';
      const met = measured.filter((row) => row.status === 'optimal' && row.solveSeconds <= limit).length;
      const times = measured.map((row) => row.solveSeconds);
      const range = `${Math.min(...times).toFixed(2)} to ${Math.max(...times).toFixed(2)} s`;
      const verdict = met === measured.length ? 'met' : 'not met';
      const tally = `met in ${met} of ${measured.length} instances`;
      const weeks = [...new Set(measured.map((row) => row.weeks))].join('/');
      return `- ${Number(size).toLocaleString('en-US')} × ${weeks} weeks proven optimal in ≤ ${limit} s: ${verdict}, ${tally} (${range}).`;
    })
    .filter((line) => line !== '')
    .join('\n');
}

/** Heading of the horizon section in bench/RESULTS.md, which `--write` replaces (the rest of the file is kept). */
const SECTION = '## Several weeks (bench/horizon.ts)';

/** Replaces (or appends) the horizon section of the results file with `body`. */
function writeSection(path: string, body: string): void {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n';
  const at = text.indexOf(SECTION);
  const next = at < 0 ? -1 : text.indexOf('\n## ', at + SECTION.length);
  const before = at < 0 ? `${text.trimEnd()}\n\n` : text.slice(0, at);
  const after = next < 0 ? '' : text.slice(next + 1);
  writeFileSync(path, `${before}${SECTION}\n\n${body.trimEnd()}\n${after ? `\n${after}` : ''}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const sizes = arg('sizes')?.split(',').map(Number);
  const weeks = Number(arg('weeks') ?? 4);
  const families = (arg('families') ?? 'default').split(',');
  const unknown = families.find((family) => family !== 'default' && family !== 'cities');
  if (unknown) throw new Error(`--families: "${unknown}" is not a family; use default, cities or both`);
  const rows: HorizonBenchRow[] = [];
  const load = loadavg()[0];
  for (const family of families as HorizonFamily[])
    for (const seed of (arg('seeds') ?? '1').split(',').map(Number))
      rows.push(
        ...(await runHorizonBench({
          family,
          seed,
          weeks,
          ...(sizes ? { sizes } : {}),
        })),
      );
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const body = [
    `Measured on ${date} UTC, Node ${process.version}, load average ${load.toFixed(1)} at the start (a shared 2-core`,
    'machine: the load column is the 1-minute load as each instance finished). Default catalog (8 actions with',
    `"No Action"), the default policy scaled to the size with \`weeks=${weeks}\`; each solve timed warm, after a`,
    '5,000-customer solve of the same family. A target is met (✓) when the solve is proven optimal within it.',
    'Peak memory is the resident set of the one process that runs every instance, so it carries over the heap of',
    'the instances before (a 1M model stays resident until collected).',
    '',
    formatHorizonRows(rows),
    '',
    summarizeTargets(rows),
  ].join('\n');
  process.stdout.write(`${body}\n`);
  const out = arg('write');
  if (out) writeSection(out, body);
}
