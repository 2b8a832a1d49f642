import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CATALOG } from '../src/domain/catalog.ts';
import { getHighs } from '../src/solver/highs-runtime.ts';
import { buildHorizonModel, planMyopic, solveHorizon } from '../src/solver/horizon/index.ts';
import { generatePredictions, scaledPolicy } from './generate-instance.ts';

/** One measured instance of the multi-week benchmark. */
export interface HorizonBenchRow {
  customers: number;
  weeks: number;
  /** Treatment actions (the catalog less "No Action") plus one: the issue counts "8 actions". */
  actions: number;
  status: string;
  /** Seconds to build the model and to solve it (the target is on the solve). */
  buildSeconds: number;
  solveSeconds: number;
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

/** The issue's targets: 75,000 customers × 4 weeks proven optimal in ≤ 5 s; 1,000,000 × 4 weeks in ≤ 60 s. */
export const HORIZON_TARGETS: Readonly<Record<number, number>> = { 75_000: 5, 1_000_000: 60 };

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
 * solved first so that every timed solve runs warm.
 */
export async function runHorizonBench(
  options: { sizes?: number[]; weeks?: number; seed?: number; timeLimitSeconds?: number } = {},
): Promise<HorizonBenchRow[]> {
  const sizes = options.sizes ?? [75_000, 1_000_000];
  const weeks = options.weeks ?? 4;
  const highs = await getHighs();
  const rows: HorizonBenchRow[] = [];
  for (const customers of [5_000, ...sizes]) {
    const predictions = generatePredictions(customers, options.seed ?? 1);
    const policy = { ...scaledPolicy(customers), weeks };
    const stop = watchMemory();
    const built = performance.now();
    const model = buildHorizonModel(predictions, [...DEFAULT_CATALOG], policy);
    const solving = performance.now();
    const solved = await solveHorizon(highs, model, { timeLimitSeconds: options.timeLimitSeconds ?? 120 });
    const solvedAt = performance.now();
    const myopic = await planMyopic(model, predictions, { timeLimitSeconds: options.timeLimitSeconds ?? 120 });
    const done = performance.now();
    const peakMb = stop();
    if (customers === 5_000 && !sizes.includes(5_000)) continue;
    const ahead = myopic.choices ? solved.objective - myopic.objective : null;
    rows.push({
      customers,
      weeks,
      actions: DEFAULT_CATALOG.length,
      status: solved.status,
      buildSeconds: (solving - built) / 1000,
      solveSeconds: (solvedAt - solving) / 1000,
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
    '| customers × weeks | status, gap | solve (target) | build | myopic baseline | value of planning ahead | peak memory | load |',
    '| ---: | --- | --- | ---: | ---: | --- | ---: | ---: |',
  ];
  for (const row of rows) {
    const target = HORIZON_TARGETS[row.customers];
    const met = target === undefined ? '' : row.status === 'optimal' && row.solveSeconds <= target ? ' ✓' : ' ✗';
    const ahead =
      row.valueOfPlanningAhead === null || row.myopicObjective === null
        ? 'myopic has no plan'
        : `${money(row.valueOfPlanningAhead)} (${((100 * row.valueOfPlanningAhead) / Math.max(1, Math.abs(row.myopicObjective))).toFixed(3)}%)`;
    lines.push(
      `| ${row.customers.toLocaleString('en-US')} × ${row.weeks} | ${row.status}, ${row.gap.toExponential(1)} | ${row.solveSeconds.toFixed(2)} s${target === undefined ? '' : ` (≤ ${target} s)${met}`} | ${row.buildSeconds.toFixed(2)} s | ${row.myopicSeconds.toFixed(2)} s | ${ahead} | ${row.peakMb.toFixed(0)} MB | ${row.load.toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const sizes = process.argv.find((a) => a.startsWith('--sizes='))?.slice('--sizes='.length);
  const weeks = process.argv.find((a) => a.startsWith('--weeks='))?.slice('--weeks='.length);
  const rows = await runHorizonBench({
    ...(sizes ? { sizes: sizes.split(',').map(Number) } : {}),
    ...(weeks ? { weeks: Number(weeks) } : {}),
  });
  process.stdout.write(
    `${formatHorizonRows(rows)}\n\nLoad average at the start of the last instance was shared with other work on this machine; see the load column.\n`,
  );
}
