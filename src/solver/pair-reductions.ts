import { reductionOf } from '../domain/predictions.ts';

/**
 * The churn reduction r of each customer-action pair, read one pair at a time: pair (i, k) is
 * `i * K + k` and r is NaN where the pair is ineligible. A plan reads n of the n * K pairs, so
 * a problem computes r on demand instead of holding a second n * K array beside its values.
 */
export interface PairReductions {
  /** Like a dense `Float64Array` of one r per pair (which is one): undefined past the last pair. */
  at(pair: number): number | undefined;
}

/** What r of an eligible pair is made of: the uplift model's cells or else p · uplift. */
export interface ReductionSources {
  K: number;
  /** The problem's values: NaN marks the ineligible pairs, whose r is NaN too. */
  value: Float64Array;
  /** Churn probability per customer. */
  p: Float64Array;
  /** Per action, its `churn_reduction_<id>` column (NaN cells fall back), if the file has one. */
  cells: readonly (Float64Array | undefined)[];
  /** Per action, its catalog uplift. */
  uplift: Float64Array;
  /** Pairs whose r is set otherwise (a follow-up's uplift after a past contact), by pair. */
  overrides: ReadonlyMap<number, number>;
}

/** Reductions computed when read, from the sources a problem was built from (see {@link ReductionSources}). */
export function computedReductions(sources: ReductionSources): PairReductions {
  const { K, value, p, cells, uplift, overrides } = sources;
  return {
    at(pair) {
      if (!(pair >= 0 && pair < value.length)) return undefined;
      if (Number.isNaN(value[pair])) return Number.NaN;
      const set = overrides.size > 0 ? overrides.get(pair) : undefined;
      if (set !== undefined) return set;
      const i = Math.floor(pair / K);
      const k = pair - i * K;
      return reductionOf(cells[k]?.[i], p[i], uplift[k]);
    },
  };
}

/** The reductions of a problem's customers `i * stride` renumbered as i (see `sampleProblem`). */
export function strideReductions(reductions: PairReductions, K: number, stride: number): PairReductions {
  return {
    at(pair) {
      const s = Math.floor(pair / K);
      return reductions.at(s * stride * K + (pair - s * K));
    },
  };
}
