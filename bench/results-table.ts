/**
 * Plans and sweeps alternate this many times after the first plan; each is reported as its best
 * (a shared machine's load comes and goes). The first sweep of a process runs before V8 has
 * tiered its code up, so it is slower than the others; the first plan runs apart for the same
 * reason. Five rounds leave each best several warm tries.
 */
export const SWEEP_ROUNDS = 5;

/** One measured (or skipped) run of the bench. */
export interface Row {
  n: number;
  method: string;
  status: string;
  objective?: number;
  bound?: number;
  gap?: number;
  seconds?: number;
  cpuSeconds?: number;
  peakRssMb?: number;
  valid?: boolean;
  note?: string;
  [extra: string]: unknown;
}

export interface Results {
  started: Date;
  machine: string;
  timeLimit: number;
  solverRows: Row[];
  e2eRows: Row[];
  sweepRows: Row[];
  /** The families section (bench/family-results.ts), already rendered. */
  families: string;
  /** The product section (bench/product-runs.ts), already rendered. */
  product: string;
  /** The random shapes' section (bench/explore.ts), already rendered; empty when not run. */
  explore: string;
  /** The same shapes' first seeds at a larger size, plans alone; empty when not run. */
  exploreLarge: string;
}

export const money = (x: number | undefined) =>
  x === undefined || !Number.isFinite(x)
    ? '–'
    : x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const secs = (x: number | undefined) =>
  x === undefined ? '–' : x < 1 ? `${(1000 * x).toFixed(0)} ms` : `${x.toFixed(2)} s`;
export const mb = (x: number | undefined) => (x === undefined ? '–' : `${Math.round(x)} MB`);

function gapOf(row: Row): number | undefined {
  if (row.gap !== undefined) return row.gap;
  if (row.objective === undefined || row.bound === undefined) return undefined;
  return Math.max(0, row.bound - row.objective) / Math.max(1, Math.abs(row.objective));
}

export const gapText = (row: Row) => {
  const gap = gapOf(row);
  return gap === undefined || !Number.isFinite(gap) ? '–' : gap === 0 ? '0' : gap.toExponential(1);
};

/** "the structure-aware solver is X× faster": a lower bound (≥) when the other method did not prove optimality. */
function ratioText(mine: number | undefined, theirs: number | undefined, proven: boolean): string {
  if (!mine || theirs === undefined) return '–';
  const ratio = theirs / mine;
  return `${proven ? '' : '≥ '}${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}×`;
}

/** Wall-time ratio, then CPU-time ratio (robust to the shared machine's load). */
function speedUp(row: Row, reference: Row | undefined): string {
  if (!reference || row === reference || row.method.startsWith('structure-aware') || row.seconds === undefined)
    return '';
  const proven = row.status === 'optimal';
  return `${ratioText(reference.seconds, row.seconds, proven)} / ${ratioText(reference.cpuSeconds, row.cpuSeconds, proven)}`;
}

export function sweepTable(rows: Row[]): string {
  const header = `| customers | sweep | status | sweep wall time (best of ${SWEEP_ROUNDS}) | CPU time | one plan, warm (best of ${SWEEP_ROUNDS}) | sweep / one plan | first plan of the process | every round | levels of the best sweep (budget: status, wall time) |\n|---:|---|---|---:|---:|---:|---:|---:|---|---|`;
  const lines = rows.map((row) => {
    const single = typeof row.singleSeconds === 'number' ? row.singleSeconds : undefined;
    const ratio = single && row.seconds ? `${(row.seconds / single).toFixed(1)}×` : '–';
    return `| ${row.n.toLocaleString('en-US')} | ${row.method} | ${row.status} | ${secs(row.seconds)} | ${secs(row.cpuSeconds)} | ${secs(single)} | ${ratio} | ${secs(row.firstSingleSeconds as number | undefined)} | ${String(row.rounds ?? '')} | ${String(row.levels ?? row.message ?? '')} |`;
  });
  return [header, ...lines].join('\n');
}

export function table(rows: Row[], withSpeedUp: boolean): string {
  const header =
    '| customers | method | status | objective | bound | gap | wall time | CPU time | peak RSS | structure-aware faster by (wall / CPU) | notes |\n|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|';
  const lines = rows.map((row) => {
    const reference = rows.find((r) => r.n === row.n && r.method === 'structure-aware');
    const who = typeof row.family === 'string' ? `${row.family}: ` : '';
    const shown = row.status === 'error' && row.objective === undefined ? 'no plan' : row.status;
    const status = row.valid === false ? `${shown} (PLAN BREAKS A RULE)` : shown;
    return `| ${row.n.toLocaleString('en-US')} | ${who}${row.method} | ${status} | ${money(row.objective)} | ${money(row.bound)} | ${gapText(row)} | ${secs(row.seconds)} | ${secs(row.cpuSeconds)} | ${mb(row.peakRssMb)} | ${withSpeedUp ? speedUp(row, reference) : ''} | ${[row.note, row.message].filter(Boolean).join('; ').replace(/\|/g, '/')} |`;
  });
  return [header, ...lines].join('\n');
}

function targets(rows: Row[], sweepRows: Row[]): string {
  const find = (n: number, method: string) => rows.find((r) => r.n === n && r.method === method);
  const lines: string[] = [];
  const check = (label: string, ok: boolean | undefined, measured: string) =>
    lines.push(`| ${label} | ${measured} | ${ok === undefined ? 'not measured' : ok ? 'met' : 'NOT met'} |`);
  const d75 = find(75_000, 'structure-aware');
  check(
    '75k: proven optimal, solve ≤ 2 s',
    d75 ? d75.status === 'optimal' && (d75.seconds ?? Infinity) <= 2 : undefined,
    d75 ? `${d75.status}, ${secs(d75.seconds)} wall, ${secs(d75.cpuSeconds)} CPU` : '–',
  );
  const h75 = find(75_000, 'HiGHS whole model');
  const hRatio = d75?.seconds && h75?.seconds ? h75.seconds / d75.seconds : undefined;
  check(
    '75k: ≥ 50× faster than whole-model HiGHS',
    hRatio === undefined ? undefined : hRatio >= 50,
    h75 ? speedUp(h75, d75) || '–' : '–',
  );
  const c75 = find(75_000, 'CBC');
  const cRatio = d75?.seconds && c75?.seconds ? c75.seconds / d75.seconds : undefined;
  check(
    '75k: ≥ 5× faster than CBC',
    cRatio === undefined ? undefined : cRatio >= 5,
    c75 ? speedUp(c75, d75) || c75.status : '–',
  );
  const d1m = find(1_000_000, 'structure-aware');
  check(
    '1M: ≤ 60 s and ≤ 3 GB peak',
    d1m
      ? (d1m.seconds ?? Infinity) <= 60 && (d1m.peakRssMb ?? Infinity) <= 3072 && d1m.status === 'optimal'
      : undefined,
    d1m ? `${d1m.status}, ${secs(d1m.seconds)} wall, ${secs(d1m.cpuSeconds)} CPU, ${mb(d1m.peakRssMb)}` : '–',
  );
  const d250 = find(250, 'structure-aware');
  const h250 = find(250, 'HiGHS whole model');
  const best250 = [d250, h250]
    .filter((r): r is Row => r?.status === 'optimal')
    .sort((a, b) => (a.seconds ?? Infinity) - (b.seconds ?? Infinity))[0];
  check(
    '250: ≤ 100 ms',
    best250 ? (best250.seconds ?? Infinity) <= 0.1 : undefined,
    best250 ? `${best250.method}, ${secs(best250.seconds)} wall, ${secs(best250.cpuSeconds)} CPU` : '–',
  );
  const sweep = sweepRows.find((r) => r.n === 75_000 && (r.family ?? 'reference') === 'reference');
  const sweepRatio =
    sweep?.seconds && typeof sweep.singleSeconds === 'number' ? sweep.seconds / sweep.singleSeconds : undefined;
  check(
    '75k: 12-level sweep ≤ 3× one solve',
    sweepRatio === undefined ? undefined : sweepRatio <= 3 && sweep?.status === 'optimal',
    sweep && sweepRatio
      ? `${secs(sweep.seconds)} against ${secs(sweep.singleSeconds as number)}: ${sweepRatio.toFixed(1)}×`
      : '–',
  );
  return [
    'Verdicts use wall time, as measured in this run.',
    '',
    '| target | measured | verdict |',
    '|---|---|---|',
    ...lines,
  ].join('\n');
}

/** The markdown of bench/RESULTS.md, written by the bench itself. */
export function renderResults(results: Results): string {
  return `# Benchmark results

Written by \`npm run bench\` (bench/run.ts) on ${results.started.toISOString().slice(0, 16).replace('T', ' ')} UTC.
Machine: ${results.machine}.

Instances: generated by bench/generate-instance.ts (seed 7): segments Premium 25 %, Family 20 %,
Student 20 %, Free 35 %; churn probability logistic(N(-0.9, 1.3)); CLV log-normal around a segment
median. Catalog: DEFAULT_CATALOG (7 treatment actions). Policy: DEFAULT_POLICY scaled to n
customers: budget = 150 × n / 250 dollars, email_cap = 120 × n / 250, push_cap = 100 × n / 250
(the defaults are sized for the 250-customer sample); the shares (coverage floors, saturation
caps) scale by themselves. Objective: net value. 16 linking rows.

Every measurement runs in a fresh process; "peak RSS" is that process's high-water mark
(generation, model and solve together; /usr/bin/time for CBC). Wall times are solve times after
the model is built, after the same warm-up for every HiGHS-based method (three rounds of a
whole-model MIP, a decomposition forced through its cores and a count search on another
250-customer instance); "structure-aware" is what the planner runs (\`auto\`: the Lagrangian
decomposition on every week; the notes name its method); "cold" is the first solve of a fresh process and includes HiGHS's Wasm warm-up (V8 tiers
the hot solver code up over the first few MIPs, which costs seconds on a loaded machine). Time cap ${results.timeLimit} s for every solver (CBC: \`timeMode elapsed\`).
"Structure-aware faster by" divides that method's wall time by the structure-aware solver's (warm) in the
same run; "≥" when that method did not prove optimality within the cap (so the true ratio is larger).
CPU time (user + system of the process during the solve; GNU time for CBC) is given because
wall times on this shared 2-core machine stretch with other people's load.
Gaps are relative, (bound − objective) / max(1, |objective|); "optimal" means proven ≤ 1e-6.

## Solvers

${table(results.solverRows, true)}

## End to end (predictions CSV on disk, every family)

"CSV → plan (library)" reads, builds and solves in a fresh process; the CLI rows are the whole
compiled \`npm run plan\` process (start-up, reading, solve, marginal values, KPIs, plan CSV and
chart), under GNU time.

${results.e2eRows.length > 0 ? table(results.e2eRows, false) : 'Not run.'}

${results.families}
${results.product}
## Weeks of random shapes (bench/explore.ts)

Shapes unlike the families, drawn by bench/wild-weeks.ts from each seed: 1-60 segments, 1-25
actions, skewed, tied or uniform churn probabilities and CLVs, rules from off to binding hard,
each objective. Solved one after another in one warm process, as a warm Lambda plans; each plan
checked against every rule by the independent checker of the tests; each optimal plan's marginal
values then computed as the CLI computes them (a value, its range and a re-solve per binding rule).

${results.explore || 'Not run.'}

### The first shapes again, larger (plans alone)

The same explorer on the first seeds' shapes at a larger size, without marginal values: the
dual's models grow with the rules and pieces of a shape, and its costs with the customers.

${results.exploreLarge || 'Not run.'}

## Sweep (one process: a plan, then 12 budget levels with warm starts)

Each level is planned as \`npm run plan -- --sweep\` plans it (its plan and KPIs); "one plan,
warm" is \`planWeek\` on the unswept policy, the plan \`npm run plan\` and \`/retention\` make (KPIs,
rule report, mix, coverage, baselines, holdout). After a first plan, plans and
sweeps alternate ${SWEEP_ROUNDS} times in the same process, and each is reported as its best: on this
shared machine the same run varies by ±30% from minute to minute.

${results.sweepRows.length > 0 ? sweepTable(results.sweepRows) : 'Not run.'}

## Targets of the reference family at every size

${targets(results.solverRows, results.sweepRows)}
`;
}
