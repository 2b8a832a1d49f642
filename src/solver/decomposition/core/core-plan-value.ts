import { countUsage, type Relaxation } from '../lagrangian.ts';
import { rowSlackTolerance } from '../scored-plan.ts';

/**
 * Objective of a core plan, or undefined when it breaks a linking row (beyond the solver's
 * tolerance): rows are used per (class, action), so the plan is counted that way first.
 */
export function corePlanValue(
  relax: Relaxation,
  core: Int32Array,
  limits: Float64Array,
  choice: Int16Array,
): number | undefined {
  const { K, C, classOf, sign } = relax;
  const value = relax.problem.value;
  const counts = new Float64Array(C * K);
  let total = 0;
  for (let at = 0; at < core.length; at++) {
    const k = choice[at];
    if (k < 0) continue;
    const i = core[at];
    total += value[i * K + k];
    counts[classOf[i] * K + k]++;
  }
  const usage = countUsage(relax, counts);
  for (let r = 0; r < relax.R; r++) {
    const tol = rowSlackTolerance(relax.limit[r]);
    if (sign[r] > 0 ? usage[r] > limits[r] + tol : usage[r] < limits[r] - tol) return undefined;
  }
  return Number.isNaN(total) ? undefined : total;
}
