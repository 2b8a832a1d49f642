import type { Highs } from 'highs';
import { createLimitDual, type DualMemory } from '../solver/decomposition/index.ts';
import type { Problem } from '../solver/problem.ts';
import type { LpRelaxation } from './lp-relaxation.ts';

/**
 * How close each re-solve's L comes to its minimum (relative decrease the model still predicts):
 * the multipliers are read to compare a slope with 95% of another, not to prove a plan.
 */
const DUAL_TOLERANCE = 1e-7;

/**
 * The LP relaxation's sensitivity read from the Lagrangian dual instead of a simplex (see
 * `createLimitDual`): its optimal multipliers are the rows' LP duals. It has no ranging: `from`
 * and `to` are the current limit, so callers find ranges by re-solving.
 */
export function createLagrangianRelaxation(
  highs: Highs,
  problem: Problem,
  options: { deadline: number; now?: () => number; memory?: DualMemory },
): LpRelaxation & { memory(): DualMemory | undefined } {
  const dual = createLimitDual(highs, problem, { now: options.now, memory: options.memory, tolerance: DUAL_TOLERANCE });
  const limits = problem.rows.map((row) => row.limit);
  return {
    async solve() {
      const solved = await dual.solve(limits, options.deadline);
      const rows = problem.rows.map((row, r) => ({
        perUnitRaise: (row.sense === '<=' ? 1 : -1) * solved.lambda[r],
        from: limits[r],
        to: limits[r],
        activity: solved.usage[r],
      }));
      const status = solved.infeasible ? 'infeasible' : solved.stopped ? 'stopped' : 'optimal';
      return { status, objective: solved.value, rows };
    },
    setLimit(r, limit) {
      limits[r] = limit;
    },
    memory: () => dual.memory(),
    dispose() {},
  };
}
