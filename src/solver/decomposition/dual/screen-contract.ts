/** What a screened pass of the dual gives (see evaluation.ts): the contract every screen keeps. */

/** A pass's result: Σ_i best reduced value (≥ 0), and customers per (class, action) in `counts`. */
export interface PassResult {
  total: number;
  /** Customers evaluated action by action (n for a full pass). */
  evaluated: number;
  /** The pass's cost in values read (n·K for a full pass): its evaluations plus what it read per class or group. */
  reads: number;
}

/**
 * Screened passes over one set of values and classes: what every screen (by margins, types,
 * lines) gives the evaluation. A margin screen's reference carries over from pass to pass.
 */
export interface Screen {
  /** Evaluates at class penalties `penalty` (C·K) into `counts` (C·K) and `classTotals` (C), both overwritten. */
  pass(penalty: Float64Array, counts: Float64Array, classTotals: Float64Array): PassResult;
  /**
   * Ranks every customer at class penalties `penalty` into `best` and `gap` (as `rankChoices`):
   * a customer a screen can prove keeps its best (the margin screen: from its reference) may
   * get, for its gap, a lower bound (`bounded[i] = 1`); the others are ranked exactly (the
   * line screen: up to its rounding below, see `Ranking.gap`). The best choices' customers per
   * (class, action) go into `counts` (C·K, overwritten). Returns their objective, or undefined
   * where the screen cannot rank yet (no reference).
   */
  rank(
    penalty: Float64Array,
    best: Int16Array,
    gap: Float64Array,
    bounded: Uint8Array,
    counts: Float64Array,
  ): number | undefined;
}
