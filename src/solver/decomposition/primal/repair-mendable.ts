import type { Relaxation } from '../lagrangian.ts';

/**
 * Marks in `into` (C·(K + 1), at `c * (K + 1) + from + 1`) each class and current option
 * (-1 = none) from which some other option moves row r the way that mends it: down for a `≤`
 * row, up for a floor. A customer at an unmarked option has no move to offer for row r, so the
 * repair's looks at every customer skip it without reading its values.
 */
export function markMendable(relax: Relaxation, r: number, into: Uint8Array): Uint8Array {
  const { K, R, C, rowCoef, sign } = relax;
  const coef = (c: number, k: number) => (k < 0 ? 0 : rowCoef[(c * R + r) * K + k]);
  for (let c = 0; c < C; c++) {
    let low = 0;
    let high = 0;
    for (let k = 0; k < K; k++) {
      low = Math.min(low, coef(c, k));
      high = Math.max(high, coef(c, k));
    }
    for (let from = -1; from < K; from++) {
      const here = coef(c, from);
      into[c * (K + 1) + from + 1] = (sign[r] > 0 ? low < here : high > here) ? 1 : 0;
    }
  }
  return into;
}
