import type { Model } from 'highs';
import { limitRunTime } from '../../highs-model.ts';

/** Distance from a whole number under which an LP's count is taken as whole. */
export const WHOLE = 1e-6;

/** Position in `integer` of the fractional column nearest a whole number, or -1 when all are whole. */
function leastFractional(values: ArrayLike<number>, integer: Int32Array): number {
  let at = -1;
  let near = 1;
  for (let q = 0; q < integer.length; q++) {
    const value = values[integer[q]];
    const off = Math.abs(value - Math.round(value));
    if (off > WHOLE && off < near) {
      near = off;
      at = q;
    }
  }
  return at;
}

/**
 * A dive from a node's LP solution `values` to a whole plan near it, in at most `budget` LP
 * solves: the counts already whole are fixed there, so the LP cannot pass a fraction on from one
 * kind to the next (over thousands of kinds of near-equal worth it would, round after round); then
 * the fractional count nearest a whole number is bounded to its rounding (the other way when that
 * is infeasible) and the LP solved again from the last basis, until every count is whole. The
 * model's bounds are left as the dive set them: each node sets its own.
 */
export function diveToWholeMoves(
  model: Model,
  statuses: { optimal: number; infeasible: number },
  integer: Int32Array,
  node: { lower: Float64Array; upper: Float64Array },
  values: Float64Array,
  budget: number,
  remaining: () => number,
): { plan?: { x: Float64Array; worth: number }; solves: number } {
  const lower = node.lower.slice();
  const upper = node.upper.slice();
  for (let q = 0; q < integer.length; q++) {
    const value = values[integer[q]];
    if (Math.abs(value - Math.round(value)) <= WHOLE) lower[q] = upper[q] = Math.round(value);
  }
  model.changeColsBounds({ kind: 'set', indices: integer }, lower, upper);
  let x = values;
  let solves = 0;
  const bounded = (q: number, [lo, hi]: readonly [number, number]): boolean => {
    model.changeColsBounds(
      { kind: 'set', indices: Int32Array.of(integer[q]) },
      Float64Array.of(lo),
      Float64Array.of(hi),
    );
    limitRunTime(model, remaining());
    model.run();
    solves++;
    if (model.getModelStatus() !== statuses.optimal) return false;
    [lower[q], upper[q]] = [lo, hi];
    return true;
  };
  while (solves < budget && remaining() > 0) {
    const q = leastFractional(x, integer);
    if (q < 0)
      return { plan: { x: Float64Array.from(x), worth: Number(model.info.get('objective_function_value')) }, solves };
    const down = Math.floor(x[integer[q]]);
    const below: [number, number] = [lower[q], down];
    const above: [number, number] = [down + 1, upper[q]];
    const [first, second] = x[integer[q]] - down < 0.5 ? [below, above] : [above, below];
    if (!bounded(q, first) && !bounded(q, second)) break;
    x = model.getSolution().colValue;
  }
  return { solves };
}
