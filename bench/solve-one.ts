/**
 * One measurement in a fresh process (so peak RSS belongs to it alone), run by bench/run.ts:
 *   --method structured|highs|sweep|marginal|week|mps|csv-write|csv|pass  --n N  [--family F] [--seed S]
 *            [--budget B] [--time-limit S] [--cold] [--warm-weeks W] [--file PATH] [--catalog PATH]
 * `structured` is what the planner runs (solveProblem's `auto`: the Lagrangian decomposition on
 * every week); `sweep` is a 12-level budget sweep against one
 * plan; `marginal` is one plan and its marginal values; `week` draws the week and reports its
 * budget (the tight family's is solved for: pass it back as `--budget`); `pass` times one plain
 * dual pass over every customer (bench/pass-speed.ts). The week is drawn from
 * `--family` (bench/families.ts; default the reference family). `--warm-weeks W`: before the timed
 * `structured` solve, W other weeks of the family and size (the next seeds) are solved, as a warm
 * Lambda has planned other weeks. Prints one line `RESULT {json}`.
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_CATALOG } from '../src/domain/catalog.ts';
import { readPredictions } from '../src/io/read-predictions.ts';
import { solveDecomposition } from '../src/solver/decomposition/index.ts';
import { getHighs } from '../src/solver/highs-runtime.ts';
import { planObjective, rowHolds, rowUsage } from '../src/solver/kpis.ts';
import { solveMip } from '../src/solver/mip.ts';
import { solveProblem } from '../src/solver/solve.ts';
import { planWeek } from '../src/solver/plan-week.ts';
import { runSweep } from '../src/analytics/sweep.ts';
import { parseSweepSpec } from '../src/analytics/sweep-spec.ts';
import type { SolveOutcome } from '../src/solver/outcome.ts';
import { buildProblem, type Problem } from '../src/solver/problem.ts';
import { computeMarginalValues } from '../src/analytics/marginal-values.ts';
import { drawWeek, generateWeek, isFamilyName, type FamilyName } from './families.ts';
import { generatePredictions, scaledPolicy, writePredictionsCsv } from './generate-instance.ts';
import { measurePasses } from './pass-speed.ts';
import { writeMps } from './write-mps.ts';
import { SWEEP_ROUNDS } from './results-table.ts';

const { values } = parseArgs({
  options: {
    method: { type: 'string' },
    n: { type: 'string' },
    family: { type: 'string', default: 'reference' },
    seed: { type: 'string', default: '7' },
    'time-limit': { type: 'string', default: '120' },
    cold: { type: 'boolean', default: false },
    file: { type: 'string' },
    catalog: { type: 'string' },
    budget: { type: 'string' },
    'warm-weeks': { type: 'string', default: '0' },
  },
});
const budget = values.budget === undefined ? undefined : Number(values.budget);
const n = Number(values.n);
const SEED = Number(values.seed);
if (!isFamilyName(values.family)) throw new Error(`unknown family ${values.family}`);
const family: FamilyName = values.family;
const timeLimitSeconds = Number(values['time-limit']);
const seconds = (since: number) => (performance.now() - since) / 1000;
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

function report(fields: Record<string, unknown>): void {
  process.stdout.write(
    `RESULT ${JSON.stringify({ n, family, method: values.method, peakRssMb: peakRssMb(), ...fields })}\n`,
  );
}

/** Checks the plan with the project's own row definitions (the same as the constraint report). */
function describeOutcome(
  problem: Problem,
  outcome: SolveOutcome,
  solveSeconds: number,
  cpu: NodeJS.CpuUsage,
): Record<string, unknown> {
  const valid = outcome.choice
    ? problem.rows.every((row, r) => rowHolds(row, rowUsage(problem, outcome.choice as Int16Array)[r]))
    : undefined;
  const used = process.cpuUsage(cpu);
  return {
    status: outcome.status,
    objective: outcome.objective,
    bound: outcome.bound,
    gap: outcome.gap,
    seconds: solveSeconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    valid,
    recomputed: outcome.choice ? planObjective(problem, outcome.choice) : undefined,
    message: outcome.message,
  };
}

async function main(): Promise<void> {
  const method = values.method;
  if (method === 'week') {
    const started = performance.now();
    const { policy } = await drawWeek(family, n, SEED, budget);
    report({ status: 'drawn', seconds: seconds(started), budget: policy.budget });
    return;
  }
  if (method === 'csv-write') {
    const started = performance.now();
    const week = generateWeek(family, n, SEED);
    await writePredictionsCsv(week.predictions, values.file as string);
    if (values.catalog) writeFileSync(values.catalog, JSON.stringify(week.catalog, null, 2));
    report({ seconds: seconds(started) });
    return;
  }
  if (method === 'csv') {
    const { catalog, policy } = await drawWeek(family, n, SEED, budget);
    const started = performance.now();
    const predictions = await readPredictions(createReadStream(values.file as string), {
      source: values.file as string,
    });
    const readSeconds = seconds(started);
    const built = performance.now();
    const problem = buildProblem(predictions, catalog, policy);
    const buildSeconds = seconds(built);
    await getHighs();
    const solving = performance.now();
    const cpu = process.cpuUsage();
    const outcome = await solveProblem(problem, { timeLimitSeconds });
    report({
      readSeconds,
      buildSeconds,
      totalSeconds: seconds(started),
      ...describeOutcome(problem, outcome, seconds(solving), cpu),
    });
    return;
  }
  if (method === 'sweep' || method === 'marginal') {
    await warmUp();
    await (method === 'sweep' ? measureSweep() : measureMarginal());
    return;
  }
  const generating = performance.now();
  const week = await drawWeek(family, n, SEED, budget);
  const problem = buildProblem(week.predictions, week.catalog, week.policy);
  const buildSeconds = seconds(generating);
  if (method === 'pass') {
    report({ status: 'measured', buildSeconds, ...measurePasses(problem) });
    return;
  }
  if (method === 'mps') {
    const started = performance.now();
    const { columns } = await writeMps(problem, values.file as string);
    report({ columns, seconds: seconds(started), buildSeconds });
    return;
  }
  const highs = await getHighs();
  if (!values.cold) await warmUp();
  for (let w = 1; w <= Number(values['warm-weeks']); w++) {
    const other = await drawWeek(family, n, SEED + w);
    await solveProblem(buildProblem(other.predictions, other.catalog, other.policy), { timeLimitSeconds });
  }
  const started = performance.now();
  const cpu = process.cpuUsage();
  let dualIterations = 0;
  const onProgress = (event: { phase: string }) => void (event.phase === 'dual' && dualIterations++);
  const outcome =
    method === 'highs'
      ? solveMip(highs, problem, { timeLimitSeconds })
      : await solveProblem(problem, { timeLimitSeconds, onProgress });
  const described = describeOutcome(problem, outcome, seconds(started), cpu);
  report({ buildSeconds, solver: outcome.method, dualIterations, ...described });
}

/**
 * V8 tiers HiGHS's Wasm up over the first MIPs. The same warm-up for every HiGHS-based method:
 * three rounds of a whole-model MIP, a decomposition forced through its cores and a count
 * search, on another 250-customer instance.
 */
async function warmUp(): Promise<void> {
  const highs = await getHighs();
  const warm = buildProblem(generatePredictions(250, SEED + 1), DEFAULT_CATALOG, scaledPolicy(250));
  for (let round = 0; round < 3; round++) {
    solveMip(highs, warm, { timeLimitSeconds: 30 });
    await solveDecomposition(highs, warm, { timeLimitSeconds: 30, exactCoreLimit: 0, firstCoreSize: 50 });
    await solveProblem(warm, { method: 'counts', timeLimitSeconds: 30 });
  }
}

/** One plan of the scaled policy (`planWeek`, the plan users get), then a 12-level budget sweep, alternating {@link SWEEP_ROUNDS} times. */
async function measureSweep(): Promise<void> {
  const { predictions, policy, catalog } = await drawWeek(family, n, SEED, budget);
  let started = performance.now();
  await planWeek({ predictions, catalog, policy, timeLimitSeconds });
  const firstSingle = seconds(started);
  // The reference sweep's span (150..1000 on the 250-customer sample) from this week's own budget.
  const spec = parseSweepSpec(`budget=${Math.round(policy.budget)}..${Math.round((policy.budget * 1000) / 150)}:12`);
  const singles: number[] = [];
  const sweeps: { seconds: number; cpuSeconds: number; sweep: Awaited<ReturnType<typeof runSweep>> }[] = [];
  let singleStatus = '';
  for (let round = 0; round < SWEEP_ROUNDS; round++) {
    started = performance.now();
    const single = await planWeek({ predictions, catalog, policy, timeLimitSeconds });
    singles.push(seconds(started));
    singleStatus = single.status;
    started = performance.now();
    const cpu = process.cpuUsage();
    const sweep = await runSweep({ predictions, catalog, policy, spec, timeLimitSeconds });
    const used = process.cpuUsage(cpu);
    sweeps.push({ seconds: seconds(started), cpuSeconds: (used.user + used.system) / 1e6, sweep });
  }
  const best = sweeps.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const statuses = sweeps.flatMap(({ sweep }) => sweep.points.map((p) => p.status));
  report({
    status: statuses.every((status) => status === 'optimal') ? 'optimal' : [...new Set(statuses)].join(','),
    seconds: best.seconds,
    cpuSeconds: best.cpuSeconds,
    singleSeconds: Math.min(...singles),
    firstSingleSeconds: firstSingle,
    singleStatus,
    rounds: `plans ${singles.map((x) => x.toFixed(2)).join(' / ')} s; sweeps ${sweeps.map((x) => x.seconds.toFixed(2)).join(' / ')} s`,
    levels: best.sweep.points.map((p) => `${Math.round(p.value)}: ${p.status} ${p.seconds.toFixed(2)} s`).join(', '),
  });
}

/**
 * One plan of the week (`planWeek`), then its marginal values (`computeMarginalValues`), after a
 * first plan and analysis run apart (V8 tiers the code up): the analysis's time on top of the
 * plan, and whether every binding rule was checked by a re-solve.
 */
async function measureMarginal(): Promise<void> {
  const week = await drawWeek(family, n, SEED, budget);
  // Planned as the CLI plans a week whose marginal values follow.
  const first = await planWeek({ ...week, timeLimitSeconds, manySolves: true });
  await computeMarginalValues(first, { timeLimitSeconds: 30 });
  let started = performance.now();
  const outcome = await planWeek({ ...week, timeLimitSeconds, manySolves: true });
  const planSeconds = seconds(started);
  started = performance.now();
  const cpu = process.cpuUsage();
  const marginal = await computeMarginalValues(outcome, { timeLimitSeconds: 30 });
  const used = process.cpuUsage(cpu);
  const binding = outcome.constraints.filter((c) => c.binding).length;
  const unchecked = marginal.values.filter((v) => v.source === 'lp_unchecked').length;
  report({
    status: unchecked === 0 && marginal.values.length > 0 ? 'checked' : `${unchecked} unchecked`,
    seconds: seconds(started),
    cpuSeconds: (used.user + used.system) / 1e6,
    planSeconds,
    planStatus: outcome.status,
    binding,
    valued: marginal.values.length,
    values: marginal.values.map((v) => `${v.constraint}: ${v.per_unit.toFixed(3)} (${v.source})`).join('; '),
  });
}

main().catch((error: unknown) => {
  report({ status: 'crashed', message: error instanceof Error ? error.message.slice(0, 300) : String(error) });
  process.exitCode = 1;
});
