import type { Highs } from 'highs';
import type { ContactHistory } from '../domain/history.ts';
import type { MarginalValue, MarginalValuesReport, PlanOutcome } from '../domain/plan.ts';
import { getHighs } from '../solver/highs-runtime.ts';
import { buildProblem, rowCoefficient, type LinkingRow, type Problem } from '../solver/problem.ts';
import { createLagrangianRelaxation } from './lagrangian-sensitivity.ts';
import { createLpRelaxation, type LpRelaxation } from './lp-relaxation.ts';
import { solveWithStart } from './solve-scenario.ts';

export interface MarginalOptions {
  /** Above this many customer-action pairs the duals come from the Lagrangian multipliers instead of the simplex. */
  maxPairs?: number;
  /** The range ends where one more unit is worth less than (1 - rangeTolerance) of the first unit. */
  rangeTolerance?: number;
  /** LP and MIP agree when they differ by at most max(absolute, relative * LP) per unit. */
  agreement?: { relative: number; absolute: number };
  /** Wall-clock allowance for the MIP checks; rules left when it runs out are reported unchecked. */
  timeLimitSeconds?: number;
  loadRuntime?: () => Promise<Highs>;
  /** The contact history the plan was made with, if any, so that the re-built model is the same. */
  history?: ContactHistory;
}

/**
 * Customer-action pairs above which the duals come from the decomposition's Lagrangian
 * multipliers (see `createLagrangianRelaxation`): a simplex over every pair grows far faster
 * than the customers.
 */
export const MARGINAL_MAX_PAIRS = 20_000;
export const MARGINAL_AGREEMENT = { relative: 0.1, absolute: 0.01 };
const RANGE_TOLERANCE = 0.05;

/** The largest limit a `<=` row could ever use: the costliest eligible action for every customer. */
function reachOf(problem: Problem, row: LinkingRow): number {
  if (row.sense === '>=') return 0;
  let total = 0;
  for (let i = 0; i < problem.n; i++) {
    let most = 0;
    for (let k = 0; k < problem.K; k++)
      if (!Number.isNaN(problem.value[i * problem.K + k])) most = Math.max(most, rowCoefficient(row, i, k));
    total += most;
  }
  return Math.ceil(total);
}

/**
 * How far (in units) the limit of row `r` can be relaxed while one more unit stays worth at least
 * (1 - tolerance) of the first: bisection on LP re-solves (warm-started), exact within the
 * LP's own ranging interval. The LP value is concave in the limit, so the test is monotone.
 */
async function validDistance(
  lp: LpRelaxation,
  row: LinkingRow,
  r: number,
  first: number,
  exact: number,
  reach: number,
  tolerance: number,
): Promise<number> {
  const dir = row.sense === '<=' ? 1 : -1;
  const worth = async (distance: number): Promise<number> => {
    lp.setLimit(r, row.limit + dir * distance);
    const at = await lp.solve();
    return at.status === 'optimal' ? dir * at.rows[r].perUnitRaise : 0;
  };
  let lo = Math.min(exact, reach);
  let hi = reach;
  try {
    if (hi <= lo || (await worth(hi)) >= (1 - tolerance) * first) return hi;
    for (let step = 0; step < 20 && hi - lo > 1; step++) {
      const mid = row.rule === 'budget' ? (lo + hi) / 2 : Math.floor((lo + hi) / 2);
      if ((await worth(mid)) >= (1 - tolerance) * first) lo = mid;
      else hi = mid;
    }
    return lo;
  } finally {
    lp.setLimit(r, row.limit);
  }
}

/** A step well inside one unit, for the one-sided derivative at a breakpoint of the LP value. */
const NUDGE = 1e-4;

/**
 * The LP's derivative in the relaxing direction. At a breakpoint (the ranging interval ends at
 * the current limit on the relaxing side) HiGHS's dual is the other side's slope, so the LP is
 * re-solved a {@link NUDGE} further and that dual is used.
 */
async function relaxingDerivative(
  lp: LpRelaxation,
  row: LinkingRow,
  r: number,
  dual: number,
  exact: number,
): Promise<number> {
  if (dual <= 0 || exact > NUDGE) return dual;
  const dir = row.sense === '<=' ? 1 : -1;
  lp.setLimit(r, row.limit + dir * NUDGE);
  try {
    const at = await lp.solve();
    return at.status === 'optimal' ? dir * at.rows[r].perUnitRaise : dual;
  } finally {
    lp.setLimit(r, row.limit);
  }
}

function withLimit(problem: Problem, r: number, limit: number): Problem {
  return { ...problem, rows: problem.rows.map((row, j) => (j === r ? { ...row, limit } : row)) };
}

/**
 * The marginal value of every rule that binds the plan (budget, channel caps, action shares,
 * coverage floors): the LP relaxation's dual at the current limit, the range over which it
 * holds (see {@link validDistance}), then CHECKED by re-solving the MIP at the far end of that
 * range with the current plan as a start. When the MIP's finite difference and the LP dual
 * disagree beyond {@link MARGINAL_AGREEMENT}, the MIP difference is reported: it is what the
 * integer plan really gains (customers are not divisible); the LP dual stays in `lp_per_unit`.
 *
 * Cost: one LP plus about 20 warm-started LP re-solves and one MIP per binding rule (above
 * `maxPairs` pairs, Lagrangian duals instead of LPs); MIP checks stop at `timeLimitSeconds`
 * (the rest are `lp_unchecked`).
 */
export async function computeMarginalValues(
  outcome: PlanOutcome,
  options: MarginalOptions = {},
): Promise<MarginalValuesReport> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const choice = outcome.assignment?.choice;
  if (!choice || (outcome.status !== 'optimal' && outcome.status !== 'feasible')) {
    return { values: [], note: 'no plan, so no marginal values', seconds: 0 };
  }
  const problem = buildProblem(outcome.predictions, outcome.catalog, outcome.policy, options.history);
  const maxPairs = options.maxPairs ?? MARGINAL_MAX_PAIRS;
  const highs = await (options.loadRuntime ?? getHighs)();
  const agreement = options.agreement ?? MARGINAL_AGREEMENT;
  const deadline = started + 1000 * (options.timeLimitSeconds ?? 30);
  const large = problem.n * problem.K > maxPairs;
  const lagrangian = large ? createLagrangianRelaxation(highs, problem, { deadline }) : undefined;
  const lp = lagrangian ?? createLpRelaxation(highs, problem);
  const values: MarginalValue[] = [];
  let note: string | undefined = large
    ? `LP duals read from the Lagrangian multipliers, as ${problem.n.toLocaleString('en-US')} customers is past the simplex's reach; each checked by re-solving`
    : undefined;
  try {
    const base = await lp.solve();
    if (base.status !== 'optimal') return { values: [], note: 'the LP relaxation is infeasible', seconds: seconds() };
    for (const [r, row] of problem.rows.entries()) {
      const reported = outcome.constraints.find((c) => c.name === row.name);
      const dir = row.sense === '<=' ? 1 : -1;
      const first = await relaxingDerivative(
        lp,
        row,
        r,
        dir * base.rows[r].perUnitRaise,
        dir > 0 ? base.rows[r].to - row.limit : row.limit - base.rows[r].from,
      );
      if (first <= 0 && !(reported?.binding && row.limit > 0)) continue;
      const reach = row.sense === '<=' ? Math.max(0, reachOf(problem, row) - row.limit) : row.limit;
      if (reach <= 0) continue;
      const exact = dir > 0 ? base.rows[r].to - row.limit : row.limit - base.rows[r].from;
      const distance =
        first > 0 ? await validDistance(lp, row, r, first, exact, reach, options.rangeTolerance ?? RANGE_TOLERANCE) : 0;
      const units = Math.min(
        reach,
        Math.max(1, row.rule === 'budget' ? Math.floor(distance) : Math.floor(distance + 1e-9)),
      );
      const end = row.limit + dir * units;
      let mip: number | null = null;
      if (performance.now() < deadline && outcome.status === 'optimal') {
        const remaining = Math.max(1, (deadline - performance.now()) / 1000);
        const checked = await solveWithStart(withLimit(problem, r, end), {
          start: choice,
          timeLimitSeconds: remaining,
          dual: lagrangian?.memory(),
        });
        if (checked.status === 'optimal') mip = (checked.objective - outcome.solver.objective) / units;
      }
      if (mip === null)
        note = [
          note,
          'some marginal values are the LP estimate alone (no time left, or the plan is not proven optimal)',
        ]
          .filter(Boolean)
          .join('; ');
      const agree =
        mip !== null && Math.abs(mip - first) <= Math.max(agreement.absolute, agreement.relative * Math.abs(first));
      values.push({
        constraint: row.name,
        label: row.label,
        rule: row.rule,
        direction: dir > 0 ? 'raise' : 'lower',
        unit: row.rule === 'budget' ? 'dollar' : 'customer',
        per_unit: mip === null || agree ? first : mip,
        source: mip === null ? 'lp_unchecked' : agree ? 'lp_dual' : 'mip_difference',
        lp_per_unit: first,
        mip_per_unit: mip,
        valid_from: Math.min(row.limit, end),
        valid_to: Math.max(row.limit, end),
        objective: outcome.policy.objective,
      });
    }
  } finally {
    lp.dispose();
  }
  return { values, ...(note ? { note } : {}), seconds: seconds() };
}
