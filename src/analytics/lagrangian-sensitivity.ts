import type { Highs } from 'highs';
import { createLimitDual, type DualMemory, type LimitDualSolution } from '../solver/decomposition/index.ts';
import type { Problem } from '../solver/problem.ts';
import type { LpRelaxation, LpSolution } from './lp-relaxation.ts';

/**
 * How close each re-solve's L comes to its minimum (relative decrease the model still predicts):
 * the multipliers are read to compare a slope with 95% of another, not to prove a plan.
 */
const DUAL_TOLERANCE = 1e-7;
/**
 * The same for the solves a rule's value is read from: at 1e-7 a multiplier can sit outside the
 * LP's dual interval by a few parts in 10,000 (which start it came from then shows); 1e-9 lands inside.
 */
const PLAN_TOLERANCE = 1e-9;

/**
 * Each range re-solve's first box, as a share of each multiplier: a re-solve moves one limit by a
 * few percent, and its optimum lies a few percent off the last one; the dual's default box
 * (20 %) sends the first steps to its corners, far above the optimum.
 */
const RESOLVE_WIDTH_SHARE = 0.02;
/**
 * The same once re-solves walk far (see `createLimitDual`): on such weeks (many actions under
 * share caps) most multipliers of the next optimum lie well within a percent of the last one's,
 * and a wider box's first steps overshoot; the box still doubles after good steps at its edge.
 */
const LONG_RESOLVE_WIDTH_SHARE = 0.005;

/** The Lagrangian relaxation, and a view of it whose every solve starts from the plan's own dual. */
export interface LagrangianRelaxation extends LpRelaxation {
  /**
   * The same limits, each solve apart from the others (see `LimitDual.solveApart`), from the
   * dual of the first solve at the plan's limits: a value read there does not depend on which
   * rules were asked before.
   */
  fromPlan: LpRelaxation;
  /**
   * A view of the same limits as close to the optimum as `fromPlan`, each solve warm (this dual's
   * master and buffers) from the view's last one, its first from the plan's dual: a range search's
   * near tries, each close to the last, cost a few screened passes instead of a full one apart.
   */
  tight(): LpRelaxation;
  memory(): DualMemory | undefined;
  /** How far row r can be relaxed from the current limits before its LP slope falls to `slope` (see `LimitDual.reach`). */
  reach(r: number, slope: number): Promise<number | undefined>;
  /** Whether its range re-solves walk far (see `LimitDual.walksFar`): a check then tries to settle at the recalled point first. */
  walksFar(): boolean;
  /** How far (a share of the value) its own re-solves may stop from their optimum: `fromPlan`'s stop far closer. */
  tolerance: number;
}

/**
 * The LP relaxation's sensitivity read from the Lagrangian dual instead of a simplex (see
 * `createLimitDual`): its optimal multipliers are the rows' LP duals. It has no ranging: `from`
 * and `to` are the current limit, so callers find ranges by re-solving. The first solve starts
 * from `memory` alone (not from earlier searches' masters), so it too is the plan's own.
 */
export function createLagrangianRelaxation(
  highs: Highs,
  problem: Problem,
  options: { deadline: number; now?: () => number; memory?: DualMemory },
): LagrangianRelaxation {
  const dual = createLimitDual(highs, problem, {
    now: options.now,
    memory: options.memory,
    tolerance: DUAL_TOLERANCE,
    widthShare: RESOLVE_WIDTH_SHARE,
    longWidthShare: LONG_RESOLVE_WIDTH_SHARE,
  });
  const limits = problem.rows.map((row) => row.limit);
  let plan: DualMemory | undefined;
  let first = true;
  const read = (solved: LimitDualSolution): LpSolution => {
    const rows = problem.rows.map((row, r) => ({
      perUnitRaise: (row.sense === '<=' ? 1 : -1) * solved.lambda[r],
      from: limits[r],
      to: limits[r],
      activity: solved.usage[r],
    }));
    const status = solved.infeasible ? 'infeasible' : solved.stopped ? 'stopped' : 'optimal';
    return { status, objective: solved.value, rows, ...(solved.below ? { below: true } : {}) };
  };
  const setLimit = (r: number, limit: number) => {
    limits[r] = limit;
  };
  const solveFromPlan = async () => {
    const solved = await dual.solveApart(limits, options.deadline, {
      from: first ? options.memory : plan,
      tolerance: PLAN_TOLERANCE,
    });
    if (first) plan = dual.memory();
    first = false;
    return read(solved);
  };
  return {
    solve: async (below) => (first ? solveFromPlan() : read(await dual.solve(limits, options.deadline, { below }))),
    setLimit,
    fromPlan: { solve: solveFromPlan, setLimit, dispose() {} },
    tight: () => {
      let last: DualMemory | undefined;
      return {
        async solve() {
          const from = last ?? plan ?? options.memory;
          const solved = await dual.solve(limits, options.deadline, { from, tolerance: PLAN_TOLERANCE, proven: true });
          last = dual.memory();
          return read(solved);
        },
        setLimit,
        dispose() {},
      };
    },
    memory: () => dual.memory(),
    reach: (r, slope) => dual.reach(limits, r, slope, options.deadline),
    walksFar: () => dual.walksFar(),
    tolerance: DUAL_TOLERANCE,
    dispose() {},
  };
}
