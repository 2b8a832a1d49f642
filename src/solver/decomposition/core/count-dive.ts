import type { Model } from 'highs';
import { INTEGRAL } from './count-branching.ts';

/** Counts fixed at most in one dive before it gives up (a vertex has few fractional counts). */
const MAX_DIVE_STEPS = 64;
/** Steps in a row without fewer fractional counts after which the dive holds the whole ones. */
const STALL_STEPS = 8;

/**
 * A dive from a node's LP: the fractional count nearest to a whole number is fixed there
 * (the other way when that side is infeasible), the LP re-solved warm, until every count is
 * whole. Returns the columns of that vertex (its counts whole), or undefined when the dive
 * ends infeasible, unsolved or too deep. A best-first search finds plans only at its leaves;
 * the dive finds one near the LP's optimum in as many warm re-solves as the vertex has
 * fractional counts, and with it the search prunes from its first nodes. Where a budget's
 * remainder is what keeps a count fractional, fixing it moves the remainder to another count,
 * step after step: once the fractional counts stop falling, the whole ones are held at their
 * values (when the LP allows), so the remainder can only be left unused. The counts are the
 * model's `counts` columns, `lower` and `upper` their bounds. `holdWholeFirst`: the whole ones
 * are held from the start, where the caller expects the remainder to wander (over thousands of
 * counts of near-equal worth it would for many steps). Leaves the model's count bounds changed:
 * the caller sets each node's own. With the vertex, the LP solves the dive made.
 */
export function diveToWholeCounts(
  model: Model,
  statuses: { optimal: number },
  counts: Int32Array,
  lower: Float64Array,
  upper: Float64Array,
  canRun: () => boolean,
  holdWholeFirst = false,
): { x: Float64Array | undefined; solves: number } {
  const low = Float64Array.from(lower);
  const high = Float64Array.from(upper);
  const columns = { kind: 'set' as const, indices: counts };
  let fewest = Infinity;
  let stalled = 0;
  let solves = 0;
  if (holdWholeFirst) {
    solves++;
    if (!holdWholeCounts(model, statuses, model.getSolution().colValue, counts, low, high))
      return { x: undefined, solves };
  }
  for (let step = 0; step < MAX_DIVE_STEPS && canRun(); step++) {
    const x = model.getSolution().colValue;
    let pick = -1;
    let nearest = 0.5 + INTEGRAL;
    let fractional = 0;
    for (let a = 0; a < low.length; a++) {
      const distance = Math.abs(x[counts[a]] - Math.round(x[counts[a]]));
      if (distance <= INTEGRAL) continue;
      fractional++;
      if (distance < nearest) {
        nearest = distance;
        pick = a;
      }
    }
    if (pick < 0) return { x: Float64Array.from(x), solves };
    if (fractional < fewest) [fewest, stalled] = [fractional, 0];
    else if (++stalled === STALL_STEPS) {
      // The current vertex keeps every row with them held: the LP stays feasible.
      solves++;
      if (!holdWholeCounts(model, statuses, x, counts, low, high)) return { x: undefined, solves };
      continue;
    }
    const value = x[counts[pick]];
    const sides =
      Math.round(value) > value ? [Math.ceil(value), Math.floor(value)] : [Math.floor(value), Math.ceil(value)];
    let solved = false;
    for (const side of sides) {
      if (side < lower[pick] || side > upper[pick]) continue;
      low[pick] = side;
      high[pick] = side;
      model.changeColsBounds(columns, low, high);
      model.run();
      solves++;
      if (model.getModelStatus() === statuses.optimal) {
        solved = true;
        break;
      }
    }
    if (!solved) return { x: undefined, solves };
  }
  return { x: undefined, solves };
}

/** Fixes (in `low` and `high` too) every count of `x` that is whole at its value; whether the LP re-solves. */
function holdWholeCounts(
  model: Model,
  statuses: { optimal: number },
  x: Float64Array,
  counts: Int32Array,
  low: Float64Array,
  high: Float64Array,
): boolean {
  for (let a = 0; a < low.length; a++) {
    const whole = Math.round(x[counts[a]]);
    if (Math.abs(x[counts[a]] - whole) > INTEGRAL) continue;
    low[a] = high[a] = Math.min(high[a], Math.max(low[a], whole));
  }
  model.changeColsBounds({ kind: 'set', indices: counts }, low, high);
  model.run();
  return model.getModelStatus() === statuses.optimal;
}
