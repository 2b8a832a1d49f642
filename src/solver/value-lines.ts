/**
 * Where a week's values lie on lines: pair (i, k)'s value is, up to rounding, `slope[k] ·
 * score[i] + intercept[k]` with one score per customer (p · v, or p), NaN where ineligible.
 * Recorded with the value array it describes, so a problem with another value array (a
 * horizon's week, a sample, an infeasibility check) never reads lines that are not its own.
 * Readers verify each customer against its lines before trusting them (see decomposition/dual/line-groups.ts).
 */
export interface ValueLines {
  /** Each customer's score (n). */
  score: Float64Array;
  /** Each action's slope and intercept (K each). */
  slope: Float64Array;
  intercept: Float64Array;
}

const recorded = new WeakMap<Float64Array, ValueLines>();

/** Records that `value`'s pairs lie on `lines` (build time, once the array is final). */
export function recordValueLines(value: Float64Array, lines: ValueLines): void {
  recorded.set(value, lines);
}

/** The lines recorded for `value`, or undefined where none were. */
export function valueLinesOf(value: Float64Array): ValueLines | undefined {
  return recorded.get(value);
}
