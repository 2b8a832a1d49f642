/** The plain pass over every customer: the Lagrangian's evaluation that the screen (screen.ts) reproduces exactly. */

/** What a pass reads: the values and each customer's class. */
export interface ScreenInput {
  n: number;
  K: number;
  C: number;
  classOf: Uint32Array;
  value: Float64Array;
  /** Largest |value|: sets the margin unit. */
  valueScale: number;
}

/**
 * The best action of the customer whose values start at `from`, by reduced value (value −
 * penalty of its class, whose penalties start at `base`); -1 = none, which wins ties.
 */
export function bestAction(value: Float64Array, penalty: Float64Array, from: number, base: number, K: number): number {
  let most = 0;
  let mostK = -1;
  for (let k = 0; k < K; k++) {
    const reduced = value[from + k] - penalty[base + k];
    if (reduced > most) {
      most = reduced;
      mostK = k;
    }
  }
  return mostK;
}

/**
 * Σ_i max(0, max_k value − penalty) over every customer (none wins ties), with customers per
 * (class, action) into `counts` and each class's share of the sum into `classTotals`.
 */
export function plainPass(
  input: ScreenInput,
  penalty: Float64Array,
  counts: Float64Array,
  classTotals: Float64Array,
): number {
  const { n, K, classOf, value } = input;
  counts.fill(0);
  classTotals.fill(0);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const c = classOf[i];
    const base = c * K;
    const k = bestAction(value, penalty, i * K, base, K);
    if (k < 0) continue;
    const reduced = value[i * K + k] - penalty[base + k];
    total += reduced;
    classTotals[c] += reduced;
    counts[base + k] += 1;
  }
  return total;
}
