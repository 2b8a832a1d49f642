import { FAMILY_DESCRIPTIONS, FAMILY_NAMES, TIGHT_BUDGET_SLACK, type FamilyName } from './families.ts';
import type { FamilyResults } from './measure-families.ts';
import { gapText, mb, secs, type Row } from './results-table.ts';

/** Issue 18's targets for one solve, by size: wall seconds at most, and peak RSS at most (10M). */
const SOLVE_TARGETS = [
  { n: 75_000, method: 'warm', seconds: 0.3 },
  { n: 75_000, method: 'warm at size', seconds: 0.3 },
  { n: 1_000_000, method: 'warm', seconds: 2 },
  { n: 10_000_000, method: 'cold', seconds: 40, peakRssMb: 6 * 1024 },
];
const MARGINAL_TARGET_SECONDS = 0.5;
/** Issue 18's targets for the whole CLI process (with marginal values, as a user runs it), by size. */
const CLI_TARGETS = [
  { n: 75_000, seconds: 1.5, peakRssMb: undefined, checked: true },
  { n: 1_000_000, seconds: 4, peakRssMb: 1024, checked: false },
];
const SWEEP_TARGET_RATIO = 3;

const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : 'NOT met');
const familyOf = (row: Row) => (typeof row.family === 'string' ? row.family : 'reference') as FamilyName;

function solveTable(rows: Row[]): string {
  const header =
    '| family | customers | solve | status | gap | wall time | CPU time | × the reference family (CPU) | dual iterations | peak RSS | target | verdict |\n|---|---:|---|---|---:|---:|---:|---:|---:|---:|---|---|';
  const lines = rows.map((row) => {
    const reference = rows.find((r) => familyOf(r) === 'reference' && r.n === row.n && r.method === row.method);
    const ratio =
      reference?.cpuSeconds && row.cpuSeconds && reference !== row
        ? `${(row.cpuSeconds / reference.cpuSeconds).toFixed(1)}×`
        : '';
    const target = SOLVE_TARGETS.find((t) => t.n === row.n && t.method === row.method);
    const ok = target
      ? row.status === 'optimal' || (row.n >= 10_000_000 && row.status === 'feasible')
        ? (row.seconds ?? Infinity) <= target.seconds && (row.peakRssMb ?? 0) <= (target.peakRssMb ?? Infinity)
        : false
      : undefined;
    const targetText = target
      ? `≤ ${target.seconds} s${target.peakRssMb ? `, ≤ ${target.peakRssMb / 1024} GB` : ''}${row.n >= 10_000_000 ? ' (optimal or its gap)' : ', optimal'}`
      : '';
    return `| ${familyOf(row)} | ${row.n.toLocaleString('en-US')} | ${row.method} | ${row.status} | ${gapText(row)} | ${secs(row.seconds)} | ${secs(row.cpuSeconds)} | ${ratio} | ${String(row.dualIterations ?? '–')} | ${mb(row.peakRssMb)} | ${targetText} | ${target ? verdict(ok) : ''} |`;
  });
  return [header, ...lines].join('\n');
}

function marginalTable(rows: Row[]): string {
  const header = `| family | customers | plan (warm) | marginal values on top (wall / CPU) | rules valued (binding) | values | status | target ≤ ${MARGINAL_TARGET_SECONDS} s, all checked |\n|---|---:|---:|---:|---:|---|---|---|`;
  const lines = rows.map((row) => {
    const ok = row.status === 'checked' && (row.seconds ?? Infinity) <= MARGINAL_TARGET_SECONDS;
    return `| ${familyOf(row)} | ${row.n.toLocaleString('en-US')} | ${secs(row.planSeconds as number | undefined)} | ${secs(row.seconds)} / ${secs(row.cpuSeconds)} | ${row.valued === undefined ? '–' : `${String(row.valued)} (${String(row.binding)})`} | ${String(row.values ?? row.message ?? '').replace(/\|/g, '/')} | ${row.status} | ${verdict(row.seconds === undefined ? undefined : ok)} |`;
  });
  return [header, ...lines].join('\n');
}

function cliVerdicts(rows: Row[]): string {
  const header =
    '| family | customers | CLI with marginal values (wall / CPU / peak RSS) | marginal values unchecked | without them (wall / CPU / peak RSS) | target | verdict |\n|---|---:|---:|---:|---:|---|---|';
  const lines = CLI_TARGETS.flatMap((target) =>
    rows
      .filter((row) => row.n === target.n && row.method.includes('(marginal values)'))
      .map((row) => {
        const bare = rows.find(
          (r) => r.n === row.n && familyOf(r) === familyOf(row) && r.method.includes('no-marginal'),
        );
        const planned = row.status === 'optimal' || row.status === 'feasible';
        const ok =
          planned &&
          (row.seconds ?? Infinity) <= target.seconds &&
          (row.peakRssMb ?? 0) <= (target.peakRssMb ?? Infinity) &&
          (!target.checked || row.unchecked === 0);
        const text = `≤ ${target.seconds} s${target.peakRssMb ? `, ≤ ${target.peakRssMb / 1024} GB` : ''}${target.checked ? ', every value checked' : ''}`;
        return `| ${familyOf(row)} | ${row.n.toLocaleString('en-US')} | ${secs(row.seconds)} / ${secs(row.cpuSeconds)} / ${mb(row.peakRssMb)} | ${String(row.unchecked ?? '–')} of ${String(row.marginalCount ?? '–')} | ${secs(bare?.seconds)} / ${secs(bare?.cpuSeconds)} / ${mb(bare?.peakRssMb)} | ${text} | ${verdict(ok)} |`;
      }),
  );
  return [header, ...lines].join('\n');
}

function sweepVerdicts(rows: Row[]): string {
  const header = `| family | customers | sweep (best) | one plan (best) | sweep / one plan | target ≤ ${SWEEP_TARGET_RATIO}× | levels |\n|---|---:|---:|---:|---:|---|---|`;
  const lines = rows.map((row) => {
    const single = typeof row.singleSeconds === 'number' ? row.singleSeconds : undefined;
    const ratio = single && row.seconds ? row.seconds / single : undefined;
    return `| ${familyOf(row)} | ${row.n.toLocaleString('en-US')} | ${secs(row.seconds)} | ${secs(single)} | ${ratio ? `${ratio.toFixed(1)}×` : '–'} | ${verdict(ratio === undefined ? undefined : ratio <= SWEEP_TARGET_RATIO && row.status === 'optimal')} | ${String(row.levels ?? row.message ?? '')} |`;
  });
  return [header, ...lines].join('\n');
}

/** The families section of bench/RESULTS.md: what each family is, then its solves, marginal values and sweeps against issue 18's targets. */
export function renderFamilies(results: FamilyResults): string {
  const measured = FAMILY_NAMES.filter((name) => results.solves.some((row) => familyOf(row) === name));
  return `## Families (issue 18): every week's data

Each family draws its week from its own seeded generator (bench/families.ts, seed 7; another
seed draws another week of the same shape). The policy is the default one scaled to the
customers (budget 150 × n / 250, email and push caps 120 × n / 250 and 100 × n / 250) unless the
family says otherwise. The tight family's budget is ${(100 * TIGHT_BUDGET_SLACK).toFixed(1)} % above the least spend that meets
its floors, solved for before it is measured.

${measured.map((name) => `- **${name}**: ${FAMILY_DESCRIPTIONS[name]}.`).join('\n')}

"warm" is after the bench's warm-up in the same process (three plans of a 250-customer week:
HiGHS's Wasm and the small paths are warm, not the code that only large weeks run hot), "warm
at size" after that warm-up and the plans of two other weeks of the family and size (the next
seeds), as in a Lambda that has planned other weeks of its size; "cold" the first solve of a fresh
process (at 10M: generation, model and one solve in a process of its own; its peak RSS counts
all three). "× the reference family" divides CPU time by the reference family's at the same
size and kind in this run: robust to the shared machine's load where wall times are not.

### Solves

${solveTable(results.solves)}

### Marginal values (one plan, then the value of relaxing each binding rule, each checked by a re-solve)

${results.marginal.length > 0 ? marginalTable(results.marginal) : 'Not run.'}

### Sweeps

${results.sweeps.length > 0 ? sweepVerdicts(results.sweeps) : 'Not run.'}

### The CLI end to end (rows in "End to end" above)

${results.e2e.length > 0 ? cliVerdicts(results.e2e) : 'Not run.'}
`;
}
