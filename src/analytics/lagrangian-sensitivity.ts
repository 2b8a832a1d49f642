import type { Highs } from 'highs';
import { minimizeDual } from '../solver/decomposition/dual/dual.ts';
import { recallCuts, rememberDual, type DualMemory } from '../solver/decomposition/dual/dual-memory.ts';
import { buildRelaxation, createWorkspace } from '../solver/decomposition/lagrangian.ts';
import type { Problem } from '../solver/problem.ts';
import type { LpRelaxation } from './lp-relaxation.ts';

/**
 * The LP relaxation's sensitivity read from the Lagrangian dual instead of a simplex: for this
 * model the dual of the relaxed linking rows equals the LP (each customer's choice set has the
 * integrality property), so its optimal multipliers are the rows' LP duals. It scales where the
 * LP does not (156 s at 75,000 customers against a fraction of a second), and every re-solve at
 * new limits starts from the previous cutting-plane model (see `DualMemory`). It has no
 * ranging: `from` and `to` are the current limit, so callers find ranges by re-solving.
 */
export function createLagrangianRelaxation(
  highs: Highs,
  problem: Problem,
  options: { deadline: number; now?: () => number },
): LpRelaxation & { memory(): DualMemory | undefined } {
  const now = options.now ?? (() => performance.now());
  const base = buildRelaxation(problem);
  const work = createWorkspace(base);
  const limits = problem.rows.map((row) => row.limit);
  let memory: DualMemory | undefined;
  return {
    async solve() {
      // The limits as given, not snapped to their grid: this is the LP's value function.
      const relax = { ...base, limit: Float64Array.from(limits) };
      const cuts = memory ? recallCuts(memory, problem, relax) : undefined;
      const dual = await minimizeDual(highs, relax, work, { deadline: options.deadline, now, cuts });
      memory = rememberDual(relax, dual.points);
      const rows = problem.rows.map((row, r) => ({
        perUnitRaise: relax.sign[r] * dual.best.lambda[r],
        from: limits[r],
        to: limits[r],
        activity: dual.best.usage[r],
      }));
      if (dual.infeasible) return { status: 'infeasible', objective: dual.best.value, rows };
      // Multipliers the deadline cut short of the optimum are not the LP's duals.
      const stopped = !dual.converged && now() >= options.deadline;
      return { status: stopped ? 'stopped' : 'optimal', objective: dual.best.value, rows };
    },
    setLimit(r, limit) {
      limits[r] = limit;
    },
    memory: () => memory,
    dispose() {
      memory = undefined;
    },
  };
}
