import { forEachClassRow, keptPerStructure, type Relaxation } from '../lagrangian.ts';

/** Each row's largest |coefficient| over every class and action (0 for a row no one is in). */
const largestKept = keptPerStructure((relax) => {
  const { R, K, rowCoef } = relax;
  const most = new Float64Array(R);
  forEachClassRow(relax, (c, r) => {
    for (let k = 0; k < K; k++) most[r] = Math.max(most[r], Math.abs(rowCoef[(c * R + r) * K + k]));
  });
  return most;
});

/** {@link largestKept}'s figures, a copy the caller may change. */
export function largestCoefficients(relax: Relaxation): Float64Array {
  return Float64Array.from(largestKept(relax));
}

/**
 * Each row's scale: a quarter of the largest value over the row's largest coefficient (0 for a
 * row no one is in), the multiplier at which the row's dearest use costs about that value. The
 * dual's first box widths, and the unit of the open model's reach.
 */
export function rowScales(relax: Relaxation): Float64Array {
  return Float64Array.from(largestKept(relax), (x) => (x > 0 ? relax.valueScale / x / 4 : 0));
}
