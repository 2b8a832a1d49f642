/**
 * One week's churn predictions, held column by column so that a million customers
 * cost a few typed arrays rather than a million objects.
 */
export interface Predictions {
  /** Where the rows came from (file path or object key), for messages and the audit trail. */
  source: string;
  ids: string[];
  /** Churn probability in [0, 1]. */
  p: Float64Array;
  /** Customer lifetime value in dollars (given, or estimated when `clvEstimated`). */
  v: Float64Array;
  /** Index into `segments` for each customer. */
  segmentOf: Uint16Array;
  segments: string[];
  /** True when the file had no `clv` column and `v` comes from {@link estimateClv}. */
  clvEstimated: boolean;
  /** Uplift-model churn reductions by action id; NaN where the cell was empty (falls back to p * u). */
  reductions: Map<number, Float64Array>;
}

/** Monthly revenue per segment used by the CLV proxy, in dollars. Other segments use `other`. */
export const CLV_PROXY_MONTHLY_REVENUE: Readonly<Record<string, number>> = {
  Premium: 11.99,
  Family: 16.99,
  Student: 5.99,
  Free: 2,
  other: 9.99,
};

/** Months of revenue the proxy counts for a customer who stays. */
export const CLV_PROXY_HORIZON_MONTHS = 24;

/**
 * The documented CLV proxy used when the file has no `clv` column:
 * monthly revenue of the segment x 24 months x (1 - p / 2). A customer at risk is
 * expected to stay about half as long, hence the discount by half the churn probability.
 * Every answer built on it says that CLV is estimated.
 */
export function estimateClv(segment: string, p: number): number {
  const monthly = Object.hasOwn(CLV_PROXY_MONTHLY_REVENUE, segment)
    ? CLV_PROXY_MONTHLY_REVENUE[segment]
    : CLV_PROXY_MONTHLY_REVENUE.other;
  return monthly * CLV_PROXY_HORIZON_MONTHS * (1 - p / 2);
}

export function customerCount(predictions: Predictions): number {
  return predictions.ids.length;
}

/**
 * The churn reduction r of giving customer i an action: the uplift model's
 * `churn_reduction_<id>` cell when the file has one, else p * uplift.
 */
export function churnReduction(predictions: Predictions, actionId: number, uplift: number, i: number): number {
  return reductionOf(predictions.reductions.get(actionId)?.[i], predictions.p[i], uplift);
}

/** The churn reduction from an uplift model's cell (`undefined` or NaN: none) and otherwise p · uplift. */
export function reductionOf(cell: number | undefined, p: number, uplift: number): number {
  return cell !== undefined && !Number.isNaN(cell) ? cell : p * uplift;
}
