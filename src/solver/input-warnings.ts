import type { Action } from '../domain/catalog.ts';
import type { Policy } from '../domain/policy.ts';
import type { Predictions } from '../domain/predictions.ts';
import { quoteInput } from '../domain/quote.ts';

/** Segment names a warning quotes before "…and N more". */
const NAMED = 5;

/** The segment of the predictions that differs from `name` only in case or spaces, for a "did you mean". */
function sameNameOtherwise(name: string, segments: readonly string[]): string | undefined {
  const folded = name.trim().toLowerCase();
  return segments.find((segment) => segment !== name && segment.trim().toLowerCase() === folded);
}

const didYouMean = (name: string, segments: readonly string[]): string => {
  const near = sameNameOtherwise(name, segments);
  return near === undefined ? '' : ` (did you mean ${quoteInput(near, 30)}?)`;
};

/**
 * Catalog entries that name a segment no customer has: an action whose `eligible_segments` has
 * a typo ("premium") or a segment of another team silently reaches nobody there.
 */
function absentEligibleSegments(predictions: Predictions, catalog: readonly Action[]): string[] {
  const present = new Set(predictions.segments);
  const absent = new Map<string, string[]>();
  for (const action of catalog)
    for (const segment of action.eligible_segments ?? [])
      if (!present.has(segment)) absent.set(segment, [...(absent.get(segment) ?? []), action.name]);
  if (absent.size === 0) return [];
  const named = [...absent]
    .slice(0, NAMED)
    .map(
      ([segment, actions]) =>
        `${quoteInput(segment, 30)}${didYouMean(segment, predictions.segments)} in ${actions.join(', ')}`,
    );
  const more = absent.size > NAMED ? `; and ${absent.size - NAMED} more` : '';
  return [
    `The catalog's eligible_segments name segments no customer has: ${named.join('; ')}${more}. Those entries make no customer eligible; check their spelling against the predictions' segments.`,
  ];
}

/**
 * Warnings about the inputs themselves, for every answer (JSON `warnings`, the summary, Slack):
 * an estimated CLV, a premium segment or catalog segments that no customer has.
 */
export function inputWarnings(predictions: Predictions, catalog: readonly Action[], policy: Policy): string[] {
  const warnings: string[] = [];
  if (predictions.clvEstimated) {
    warnings.push(
      'CLV is estimated: the file has no clv column, so values use the segment revenue proxy (see README).',
    );
  }
  if (!predictions.segments.includes(policy.premium_segment) && policy.min_premium > 0) {
    warnings.push(
      `No customer is in the premium segment ${quoteInput(policy.premium_segment)}${didYouMean(policy.premium_segment, predictions.segments)}; min_premium has nothing to cover.`,
    );
  }
  warnings.push(...absentEligibleSegments(predictions, catalog));
  return warnings;
}
