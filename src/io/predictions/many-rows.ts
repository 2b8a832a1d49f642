/**
 * The loops of `PredictionsBuilder.addMany`, each in its own small function over fixed array
 * types: V8 optimizes each once and keeps it, where one function holding them all was
 * optimized and thrown away again call after call.
 */

/** The columns of several customers at once, for `PredictionsBuilder.addMany` (NaN: an empty cell). */
export interface ManyRows {
  p: Float64Array;
  clv: Float64Array | undefined;
  segments: Uint16Array;
  reductions: Float64Array[];
}

/** Whether every churn probability of `p[0, count)` lies in [0, 1]. */
export function probabilitiesWithin(p: Float64Array, count: number): boolean {
  for (let k = 0; k < count; k++) if (!(p[k] >= 0 && p[k] <= 1)) return false;
  return true;
}

/** Whether every CLV of `clv[0, count)` is empty (NaN) or lies in [0, max]. */
export function clvsWithin(clv: Float64Array, count: number, max: number): boolean {
  for (let k = 0; k < count; k++) if (clv[k] < 0 || clv[k] > max) return false;
  return true;
}

/** Whether every reduction of `r[0, count)` is empty (NaN) or lies in [0, p + tolerance]. */
export function reductionsWithin(r: Float64Array, p: Float64Array, count: number, tolerance: number): boolean {
  for (let k = 0; k < count; k++) if (r[k] < 0 || r[k] > p[k] + tolerance) return false;
  return true;
}

/** Copies `r[0, count)` to `into` at `at`, a reduction above p as p; returns how many are empty (NaN). */
export function placeReductions(
  r: Float64Array,
  p: Float64Array,
  into: Float64Array,
  at: number,
  count: number,
): number {
  let empty = 0;
  for (let k = 0; k < count; k++) {
    const value = r[k];
    if (value !== value) empty++;
    into[at + k] = value > p[k] ? p[k] : value;
  }
  return empty;
}

/** Copies `clv[0, count)` to `into` at `at`; returns the first empty (NaN) one's index, or `count`. */
export function placeClvs(clv: Float64Array, into: Float64Array, at: number, count: number): number {
  for (let k = 0; k < count; k++) {
    const value = clv[k];
    if (value !== value) return k;
    into[at + k] = value;
  }
  return count;
}
