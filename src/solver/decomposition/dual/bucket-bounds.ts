/** Rounding allowance on a bucket's bound, as a share of the largest value or penalty involved. */
const ROUNDING = 1e-9;

/**
 * Sets `delta` (C·K) to how far each class's penalties moved from `reference` to `penalty`, and
 * each bucket's bound (C·(K + 1), bucket c·(K + 1) + best + 1, best -1 = none): a customer of the
 * bucket whose margin at the reference exceeds its bound keeps its best option (see screen.ts).
 */
export function setBucketBounds(
  penalty: Float64Array,
  reference: Float64Array,
  delta: Float64Array,
  bound: Float64Array,
  shape: { C: number; K: number; valueScale: number },
): void {
  const { K, C, valueScale } = shape;
  let scale = valueScale;
  for (let j = 0; j < C * K; j++) {
    delta[j] = penalty[j] - reference[j];
    scale = Math.max(scale, Math.abs(penalty[j]), Math.abs(reference[j]));
  }
  const allowance = ROUNDING * scale;
  for (let c = 0; c < C; c++) {
    const base = c * K;
    // The lowest Δ over the options ("none", whose Δ is 0, and every action), and the lowest over the others.
    let lowest = Number.POSITIVE_INFINITY;
    let secondLowest = Number.POSITIVE_INFINITY;
    let lowestK = -2;
    for (let k = -1; k < K; k++) {
      const d = k < 0 ? 0 : delta[base + k];
      if (d < lowest) {
        secondLowest = lowest;
        lowest = d;
        lowestK = k;
      } else if (d < secondLowest) secondLowest = d;
    }
    for (let best = -1; best < K; best++) {
      const own = best < 0 ? 0 : delta[base + best];
      const rival = best === lowestK ? secondLowest : lowest;
      bound[c * (K + 1) + best + 1] = own - rival + allowance;
    }
  }
}
