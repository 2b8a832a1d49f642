import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG, type Action } from '../../../src/domain/catalog.ts';
import type { PlanOutcome } from '../../../src/domain/plan.ts';
import { parsePolicyWords } from '../../../src/domain/policy-words.ts';
import { toJsonResult } from '../../../src/io/json-result.ts';
import { formatSummary } from '../../../src/cli/summary.ts';
import { renderPlanMessage } from '../../../src/slack/blocks/plan-blocks.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { loadSample } from '../../support/sample.ts';

const slackContext = {
  planId: '20260302-090000-abc123',
  planCsvKey: 'p.csv',
  predictionsKey: 'k',
  origin: 'response_url',
} as const;

async function planWith(catalog: Action[], words: string[] = []): Promise<PlanOutcome> {
  return planWeek({ predictions: await loadSample(), catalog, policy: parsePolicyWords(words) });
}

/** Every place a user reads the answer: the JSON document, the terminal summary and the Slack message. */
function everyAnswer(outcome: PlanOutcome): string[] {
  return [
    JSON.stringify((toJsonResult(outcome) as { warnings: string[] }).warnings),
    formatSummary(outcome, undefined),
    JSON.stringify(renderPlanMessage(outcome, slackContext)),
  ];
}

describe('segments the inputs name but no customer has (issue 21: silent)', () => {
  it('warns about an eligible_segments entry no customer has, with a hint when only the case differs', async () => {
    // Prepare: the discount's segments misspelt, the call offered to a segment this team does not have
    const catalog = DEFAULT_CATALOG.map((action) =>
      action.id === 2
        ? { ...action, eligible_segments: ['premium', 'Family'] }
        : action.id === 3
          ? { ...action, eligible_segments: ['Gold'] }
          : action,
    );

    // Act
    const outcome = await planWith(catalog);

    // Assess
    const warning =
      `The catalog's eligible_segments name segments no customer has: "premium" (did you mean "Premium"?) in 20% Discount Offer; "Gold" in Retention Call. ` +
      "Those entries make no customer eligible; check their spelling against the predictions' segments.";
    expect(outcome.warnings).toContain(warning);
    for (const answer of everyAnswer(outcome)) expect(answer).toMatch(/no customer has: \\?"premium\\?"/);
  });

  it('warns about a premium_segment no customer is in, in the JSON, the summary and Slack', async () => {
    // Act
    const outcome = await planWith([...DEFAULT_CATALOG], ['premium_segment=premium']);

    // Assess
    expect(outcome.warnings).toContain(
      'No customer is in the premium segment "premium" (did you mean "Premium"?); min_premium has nothing to cover.',
    );
    for (const answer of everyAnswer(outcome)) expect(answer).toContain('No customer is in the premium segment');
  });

  it("says nothing when the catalog and the policy name the predictions' own segments", async () => {
    const outcome = await planWith([...DEFAULT_CATALOG]);

    expect(outcome.warnings).toEqual([]);
  });
});
