import { inputError, PlannerError } from '../domain/errors.ts';
import type { Predictions } from '../domain/predictions.ts';
import { quoteInput } from '../domain/quote.ts';
import type { Problem } from './problem.ts';
import { formatNumber } from '../domain/format-number.ts';

/**
 * Most segments (distinct `subscription_type` values) a week may have. Every segment gets its
 * own coverage floor, and each floor is a row over every customer (a byte each), so the model
 * grows with customers times segments; the measurements behind the number are in
 * RELIABILITY.md (issue 21). Real segment lists (plans, tiers, plan by country) stay below; a
 * city, a region or a customer id in the column goes far above.
 */
export const MAX_SEGMENTS = 250;

/** How many segment names the refusal quotes. */
const NAMED_SEGMENTS = 3;

/**
 * Refuses predictions with more than {@link MAX_SEGMENTS} segments before any model is built,
 * naming the column, the count and a few values, and asking whether it is the right column.
 */
export function checkSegmentCount(predictions: Pick<Predictions, 'source' | 'segments'>): void {
  const { segments } = predictions;
  if (segments.length <= MAX_SEGMENTS) return;
  const named = segments
    .slice(0, NAMED_SEGMENTS)
    .map((segment) => quoteInput(segment, 30))
    .join(', ');
  throw inputError(
    { file: predictions.source, column: 'subscription_type' },
    `${formatNumber(segments.length)} different segments (${named}, …); the planner takes at most ${MAX_SEGMENTS}, ` +
      'because each segment gets its own coverage floor (min_segment_coverage) and the model grows with their square. ' +
      'Is subscription_type the right column? A city, a region or a customer id there makes one segment per value. ' +
      `Group the values into at most ${MAX_SEGMENTS} segments and plan again; nothing was planned.`,
  );
}

/**
 * Most eligible customer-action pairs the whole-model MIP (`--method mip`) takes: on larger
 * models HiGHS in WebAssembly checks its time limit too seldom to stop near it (measurements in
 * RELIABILITY.md, issue 21). `auto` never picks it at such sizes.
 */
export const MAX_MIP_PAIRS = 10_000;

/** Eligible customer-action pairs of a problem: the columns of its whole-model MIP. */
export function countEligiblePairs(problem: Pick<Problem, 'value'>): number {
  let pairs = 0;
  for (const value of problem.value) if (!Number.isNaN(value)) pairs++;
  return pairs;
}

/** Refuses the whole-model MIP above {@link MAX_MIP_PAIRS}, saying why and what to use instead. */
export function checkWholeModelSize(problem: Pick<Problem, 'n' | 'value'>): void {
  const pairs = countEligiblePairs(problem);
  if (pairs <= MAX_MIP_PAIRS) return;
  throw new PlannerError(
    'TOO_LARGE',
    `the mip method (--method mip) solves the whole model in HiGHS, whose WebAssembly build cannot keep to its time limit on large models; ` +
      `this week has ${formatNumber(pairs)} customer-action pairs (${formatNumber(problem.n)} customers) and it takes at most ${formatNumber(MAX_MIP_PAIRS)}. ` +
      'Use --method auto (the default), which proves plans of this size optimal within the time limit. Nothing was planned.',
  );
}

/**
 * Most bytes the decomposition's per-class tables may take: every class (segment by risk) holds
 * each rule's coefficient per action, the screen's margin bands per action, and the greedy
 * steps' moves per pair of actions. By {@link estimateDecompositionBytes}, {@link MAX_SEGMENTS}
 * segments with a 64-action catalog (the largest) need about half of it.
 */
export const MAX_DECOMPOSITION_TABLE_BYTES = 512 * 2 ** 20;

/** Margin bands per (class, action) in the screen (see `dual/screen.ts`), 12 bytes each. */
const SCREEN_BANDS = 256;

/**
 * The decomposition's per-class tables, in bytes, for a problem's rows and actions: classes are
 * at most segments × (high risk or not), plus the customers who rest this week. Linear in the
 * segments for a given catalog, but for the coefficients, whose rows grow with them too.
 */
export function estimateDecompositionBytes(problem: Pick<Problem, 'n' | 'K' | 'rows'>): number {
  const { n, K, rows } = problem;
  const segments = rows.filter((row) => row.rule === 'min_segment_coverage').length;
  const classes = Math.min(n, 2 * segments + 1);
  return classes * (8 * rows.length * K + 12 * SCREEN_BANDS * (K + 1) + 24 * (K + 1) ** 2);
}

/** Refuses a problem whose decomposition tables would pass {@link MAX_DECOMPOSITION_TABLE_BYTES}. */
export function checkDecompositionSize(problem: Pick<Problem, 'n' | 'K' | 'rows'>): void {
  const bytes = estimateDecompositionBytes(problem);
  if (bytes <= MAX_DECOMPOSITION_TABLE_BYTES) return;
  const segments = problem.rows.filter((row) => row.rule === 'min_segment_coverage').length;
  const mib = (x: number) => `${formatNumber(Math.ceil(x / 2 ** 20))} MiB`;
  throw new PlannerError(
    'TOO_LARGE',
    `${segments} segments with ${problem.K} actions would need about ${mib(bytes)} of solver tables; ` +
      `the planner allows ${mib(MAX_DECOMPOSITION_TABLE_BYTES)}. Plan with fewer segments (group them) or fewer actions in the catalog. Nothing was planned.`,
  );
}
