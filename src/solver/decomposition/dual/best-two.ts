/** The best and the second-best reduced value of the last customer ranked by {@link rankCustomer}. */
export const ranked = new Float64Array(2);

/**
 * Ranks one customer's options by reduced value (value − penalty of its class; the customer's
 * values start at `from`, its class's penalties at `base`): returns the best action (-1 = none,
 * which counts as 0 and wins ties) and leaves the best reduced value in `ranked[0]` and the
 * runner-up's in `ranked[1]` (-Infinity when there is none). An ineligible pair's value is
 * NaN and takes neither place.
 */
export function rankCustomer(
  value: Float64Array,
  penalty: Float64Array,
  from: number,
  base: number,
  K: number,
): number {
  let best = 0;
  let bestK = -1;
  let second = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < K; k++) {
    const reduced = value[from + k] - penalty[base + k];
    if (reduced > best) {
      second = best;
      best = reduced;
      bestK = k;
    } else if (reduced > second) second = reduced;
  }
  ranked[0] = best;
  ranked[1] = second;
  return bestK;
}

/**
 * Ranks every customer at class penalties `penalty` by {@link rankCustomer}: best choices into
 * `best`, gaps (best reduced value less the runner-up's; Infinity with no eligible action) into
 * `gap`, the best choices' customers per (class, action) added into `counts`. Returns their objective.
 */
export function rankEvery(
  input: { n: number; K: number; classOf: Uint32Array; value: Float64Array },
  penalty: Float64Array,
  best: Int16Array,
  gap: Float64Array,
  counts: Float64Array,
): number {
  const { n, K, classOf, value } = input;
  let objective = 0;
  for (let i = 0; i < n; i++) {
    const k = rankCustomer(value, penalty, i * K, classOf[i] * K, K);
    best[i] = k;
    gap[i] = ranked[0] - ranked[1];
    if (k < 0) continue;
    objective += value[i * K + k];
    counts[classOf[i] * K + k]++;
  }
  return objective;
}
