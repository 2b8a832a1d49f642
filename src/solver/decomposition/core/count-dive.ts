import type { Model } from 'highs';
import { INTEGRAL } from './count-branching.ts';

/** Counts fixed at most in one dive before it gives up (a vertex has few fractional counts). */
const MAX_DIVE_STEPS = 64;

/**
 * A dive from a node's LP to a vertex whose counts are all whole (see {@link diveFrom}), first
 * with every count that is already whole held at its value, then, when that ends infeasible,
 * from the node's LP again with them free. Where a budget's remainder is what keeps one count
 * fractional, rounding that count moves the remainder to another count, and another, one
 * step at a time: held, the remainder can only be left unused. Returns the columns of that
 * vertex, or undefined. Leaves the model's count bounds changed: the caller sets each node's own.
 */
export function diveToWholeCounts(
  model: Model,
  statuses: { optimal: number },
  from: number,
  lower: Float64Array,
  upper: Float64Array,
  canRun: () => boolean,
): Float64Array | undefined {
  const columns = { kind: 'range' as const, from, to: from + lower.length - 1 };
  const x = model.getSolution().colValue;
  const low = Float64Array.from(lower);
  const high = Float64Array.from(upper);
  let held = 0;
  for (let a = 0; a < low.length; a++) {
    const value = x[from + a];
    if (Math.abs(value - Math.round(value)) > INTEGRAL || low[a] === high[a]) continue;
    low[a] = high[a] = Math.min(upper[a], Math.max(lower[a], Math.round(value)));
    held++;
  }
  if (held > 0) {
    model.changeColsBounds(columns, low, high);
    model.run();
    const dived = model.getModelStatus() === statuses.optimal && diveFrom(model, statuses, from, low, high, canRun);
    if (dived) return dived;
    if (!canRun()) return undefined;
    model.changeColsBounds(columns, lower, upper);
    model.run();
    if (model.getModelStatus() !== statuses.optimal) return undefined;
  }
  return diveFrom(model, statuses, from, lower, upper, canRun) || undefined;
}

/**
 * From the model's LP optimum, the fractional count nearest to a whole number is fixed there
 * (the other way when that side is infeasible), the LP re-solved warm, until every count is
 * whole. Returns the columns of that vertex (its counts whole), or false when the dive ends
 * infeasible, unsolved or too deep. A best-first search finds plans only at its leaves; the
 * dive finds one near the LP's optimum in as many warm re-solves as the vertex has fractional
 * counts, and with it the search prunes from its first nodes.
 */
function diveFrom(
  model: Model,
  statuses: { optimal: number },
  from: number,
  lower: Float64Array,
  upper: Float64Array,
  canRun: () => boolean,
): Float64Array | false {
  const low = Float64Array.from(lower);
  const high = Float64Array.from(upper);
  const columns = { kind: 'range' as const, from, to: from + low.length - 1 };
  for (let step = 0; step < MAX_DIVE_STEPS && canRun(); step++) {
    const x = model.getSolution().colValue;
    let pick = -1;
    let nearest = 0.5 + INTEGRAL;
    for (let a = 0; a < low.length; a++) {
      const distance = Math.abs(x[from + a] - Math.round(x[from + a]));
      if (distance > INTEGRAL && distance < nearest) {
        nearest = distance;
        pick = a;
      }
    }
    if (pick < 0) return Float64Array.from(x);
    const value = x[from + pick];
    const sides =
      Math.round(value) > value ? [Math.ceil(value), Math.floor(value)] : [Math.floor(value), Math.ceil(value)];
    let solved = false;
    for (const side of sides) {
      if (side < lower[pick] || side > upper[pick]) continue;
      low[pick] = side;
      high[pick] = side;
      model.changeColsBounds(columns, low, high);
      model.run();
      if (model.getModelStatus() === statuses.optimal) {
        solved = true;
        break;
      }
    }
    if (!solved) return false;
  }
  return false;
}
