/**
 * Buckets of equal width over [0, a loss limit], in which the move lists count each kind's
 * losses: the lowest buckets whose losses, each at least its bucket's lower edge, pass the
 * limit together hold every least loss a plan within the limit can reach (see `listMoves`).
 */
export const LOSS_BUCKETS = 256;

/** Buckets per unit of loss for `lossLimit`; undefined when the limit is 0 or not finite (no buckets). */
export function bucketScale(lossLimit: number): number | undefined {
  const scale = LOSS_BUCKETS / lossLimit;
  return scale > 0 && Number.isFinite(scale) ? scale : undefined;
}

/** The bucket of a loss (of at least 0) at `scale`. */
export function bucketOf(loss: number, scale: number): number {
  return Math.min(LOSS_BUCKETS - 1, Math.floor(loss * scale));
}

/**
 * From one kind's counts per bucket (`histogram[offset + b]`), the bound under which a loss
 * times `scale` lies in the buckets a plan within `lossLimit` can reach: a loss `x` is among them
 * when `x * scale < below` (every loss when Infinity). A bucket's lower edge is taken one bucket
 * lower: rounding can put a loss just under its edge.
 */
export function reachableBelow(histogram: Int32Array, offset: number, lossLimit: number, scale: number): number {
  let total = 0;
  for (let b = 0; b < LOSS_BUCKETS - 1; b++) {
    total += (histogram[offset + b] * Math.max(0, b - 1)) / scale;
    if (total > lossLimit) return b + 1;
  }
  return Infinity;
}
