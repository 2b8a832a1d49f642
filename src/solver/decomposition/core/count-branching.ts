import type { Model } from 'highs';

/** A child of a node: new bounds on one count, and its LP value (a bound on every plan in it). */
export interface CountChild {
  column: number;
  lower: number;
  upper: number;
  bound: number;
}

/** Fractional counts tried per node, the most fractional first. */
const CANDIDATES = 8;
/** A count or pair value this close to a whole number counts as whole. */
export const INTEGRAL = 1e-6;

/**
 * Strong branching on counts: for each of the most fractional counts, re-solves the LP with
 * the count rounded down and rounded up (warm-started from the node's basis) and branches on
 * the count whose worse side loses most (product score). The children come back with their own
 * LP values as bounds, and an infeasible side is left out: far fewer nodes than branching on
 * the most fractional count.
 * Returns undefined when every count is integral. `lower`/`upper` are the node's count bounds;
 * the model's bounds are restored before returning.
 */
export function branchOnCounts(
  model: Model,
  statuses: { optimal: number; infeasible: number },
  x: Float64Array,
  from: number,
  lower: Float64Array,
  upper: Float64Array,
): CountChild[] | undefined {
  const fractional: number[] = [];
  for (let a = 0; a < lower.length; a++) {
    const v = x[from + a];
    if (Math.abs(v - Math.round(v)) > INTEGRAL) fractional.push(a);
  }
  if (fractional.length === 0) return undefined;
  const distanceFromHalf = (a: number) => Math.abs(0.5 - (x[from + a] - Math.floor(x[from + a])));
  fractional.sort((p, q) => distanceFromHalf(p) - distanceFromHalf(q));
  const parent = model.getObjectiveValue();
  const solveWith = (column: number, lo: number, hi: number): number => {
    model.changeColsBounds(
      { kind: 'set', indices: Int32Array.of(from + column) },
      Float64Array.of(lo),
      Float64Array.of(hi),
    );
    model.run();
    const status = model.getModelStatus();
    if (status === statuses.optimal) return model.getObjectiveValue();
    // Only a proven infeasible side is dropped; anything else keeps the parent's bound.
    return status === statuses.infeasible ? -Infinity : parent;
  };
  let chosen: CountChild[] | undefined;
  let bestScore = -Infinity;
  for (const a of fractional.slice(0, CANDIDATES)) {
    const v = x[from + a];
    const down = solveWith(a, lower[a], Math.floor(v));
    const up = solveWith(a, Math.ceil(v), upper[a]);
    model.changeColsBounds(
      { kind: 'set', indices: Int32Array.of(from + a) },
      Float64Array.of(lower[a]),
      Float64Array.of(upper[a]),
    );
    const score = Math.max(parent - down, 1e-9) * Math.max(parent - up, 1e-9);
    if (score > bestScore) {
      bestScore = score;
      chosen = [
        { column: a, lower: Math.ceil(v), upper: upper[a], bound: Math.min(parent, up) },
        { column: a, lower: lower[a], upper: Math.floor(v), bound: Math.min(parent, down) },
      ].filter((child) => child.bound > -Infinity);
    }
  }
  return chosen;
}

/** The index in `[from, to)` of the value farthest from a whole number, or -1 when all are whole. */
export function mostFractional(values: Float64Array, from: number, to: number): number {
  let pick = -1;
  let distance = INTEGRAL;
  for (let j = from; j < to; j++) {
    const f = Math.abs(values[j] - Math.round(values[j]));
    if (f > distance) {
      distance = f;
      pick = j;
    }
  }
  return pick;
}
