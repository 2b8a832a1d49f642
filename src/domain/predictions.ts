import type { CustomerIds } from './customer-ids.ts';

/**
 * One week's churn predictions, held column by column so that a million customers
 * cost a few typed arrays rather than a million objects.
 */
export interface Predictions {
  /** Where the rows came from (file path or object key), for messages and the audit trail. */
  source: string;
  /** Customer ids, unique, in file order; `ids.at(i)` is customer i's. */
  ids: CustomerIds;
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
  /** What the reader filled in or set aside (empty cells estimated, columns ignored), for the answer. */
  warnings?: string[];
}

/**
 * The largest CLV accepted, in dollars. HiGHS failed on every week whose CLVs were 1e11 or
 * more (objective terms r·v − c eleven orders above the costs) and still solved at 1e10; the
 * limit keeps a factor of ten below that, far above any customer's lifetime value.
 */
export const MAX_CLV = 1e9;

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

/**
 * What the answer must say about the predictions beside the plan: the reader's warnings, and
 * each `churn_reduction_<id>` column naming an action the catalog does not have (its values
 * cannot be used; the uplift model and the catalog may be out of step).
 */
export function predictionWarnings(predictions: Predictions, catalog: readonly { id: number }[]): string[] {
  const unknown = [...predictions.reductions.keys()].filter((id) => !catalog.some((action) => action.id === id));
  return [
    ...(predictions.warnings ?? []),
    ...unknown.map(
      (id) =>
        `The predictions have a churn_reduction_${id} column, but the catalog has no action ${id}; that column was not used.`,
    ),
  ];
}
