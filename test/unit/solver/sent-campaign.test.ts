import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../../src/cli/summary.ts';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import type { PlanOutcome } from '../../../src/domain/plan.ts';
import { parsePolicyWords } from '../../../src/domain/policy-words.ts';
import { toJsonResult } from '../../../src/io/json-result.ts';
import { renderPlanCsv } from '../../../src/io/plan-csv.ts';
import { renderPlanMessage } from '../../../src/slack/blocks/plan-blocks.ts';
import { budgetToSend } from '../../../src/solver/sent-campaign.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { expectClose } from '../../support/expect-close.ts';
import { expectValidPlan } from '../../support/assert-plan.ts';
import { loadSample } from '../../support/sample.ts';

const PLAN_ID = '20260302-090000-abc123';

async function planSample(words: string[]): Promise<PlanOutcome> {
  const outcome = await planWeek({
    predictions: await loadSample(),
    catalog: [...DEFAULT_CATALOG],
    policy: parsePolicyWords(words),
    planId: PLAN_ID,
  });
  expectValidPlan(outcome);
  return outcome;
}

/** Cost of the export's rows: what the campaign system is asked to send. */
function exportedSpend(outcome: PlanOutcome): number {
  const [header, ...rows] = renderPlanCsv(outcome, { group: 'treatment' }).split('\r\n').slice(0, -1);
  const cost = header.trimEnd().split(',').indexOf('cost');
  return rows.reduce((sum, row) => sum + Number(row.split(',')[cost]), 0);
}

describe('the sent campaign (issue 21: holdout=0.5 said "Spend $150 of $150" and every floor met)', () => {
  it('reports what is sent and spent beside the plan, each from the exported rows', async () => {
    // Act
    const outcome = await planSample(['holdout=50%']);

    // Assess: the plan spends the budget; the export (the treatment) spends what sent_spend says
    const k = outcome.kpis;
    expect(k.total_spend).toBe(150);
    expectClose(k.sent_spend!, exportedSpend(outcome), { absolute: 1e-9 }, 'sent spend');
    expectClose(k.sent_spend! + k.holdout_spend!, k.total_spend, { absolute: 1e-9 }, 'sent + held out');
    expect(k.sent_customers).toBe(k.customers_treated - k.holdout_customers);
    expect(k.sent_spend).toBeLessThan(100);
    expectClose(k.sent_net_value!, k.sent_expected_retained_clv! - k.sent_spend!, { absolute: 1e-9 }, 'sent net');
    const json = toJsonResult(outcome) as { kpis: Record<string, number>; constraints: { sent_used?: number }[] };
    expect(json.kpis).toMatchObject({
      sent_customers: k.sent_customers,
      sent_spend: k.sent_spend,
      holdout_spend: k.holdout_spend,
    });
    expect(json.constraints.every((c) => c.sent_used !== undefined)).toBe(true);
  });

  it('warns that the sent campaign misses floors the plan meets, naming each and the settings that would meet them', async () => {
    // Act
    const outcome = await planSample(['holdout=50%']);

    // Assess
    const free = outcome.constraints.find((c) => c.name === 'min_segment_coverage:Free')!;
    expect(free.used).toBeGreaterThanOrEqual(free.limit);
    expect(free.sent_used).toBeLessThan(free.limit);
    const floors = outcome.warnings.find((w) => w.startsWith('The sent campaign misses'));
    expect(floors).toContain(`Coverage of Free ${free.sent_used} sent, ${free.limit} required (min_segment_coverage)`);
    expect(floors).toContain('The rules bind the whole plan, control group included');
    expect(floors).toMatch(/plan with about .*min_segment_coverage=30%/);
    expect(outcome.segment_coverage.find((s) => s.segment === 'Free')?.sent_treated).toBe(free.sent_used);
  });

  it('says how much of the budget is sent and the budget that would send it all', async () => {
    // Act
    const outcome = await planSample(['holdout=10%']);

    // Assess
    const k = outcome.kpis;
    const spend = outcome.warnings.find((w) => w.startsWith('With holdout=10%'));
    expect(spend).toBe(
      `With holdout=10%, $${k.sent_spend!.toFixed(2)} of the $150.00 plan is sent; $${k.holdout_spend!.toFixed(2)} is the control group's and is not spent. To send about $150.00, plan with budget=$167.`,
    );
    expect(budgetToSend(150, 0.1)).toBe(167);
  });

  it('shows the sent spend and each floor, plan and sent, in the summary and the Slack message', async () => {
    // Prepare
    const outcome = await planSample(['holdout=50%']);
    const k = outcome.kpis;

    // Act
    const summary = formatSummary(outcome, 'out/plan.csv');
    const message = JSON.stringify(
      renderPlanMessage(outcome, { planId: PLAN_ID, planCsvKey: 'p.csv', predictionsKey: 'k', origin: 'response_url' }),
    );

    // Assess
    expect(summary).toContain(
      `Sent                      $${k.sent_spend!.toFixed(2)} to ${k.sent_customers} customers; the control group's $${k.holdout_spend!.toFixed(2)} is not spent`,
    );
    expect(summary).toMatch(/Coverage of Free +plan +10 +sent +5 +required +10 +SENT BELOW FLOOR/);
    expect(summary).toContain('Warning: The sent campaign misses');
    expect(message).toContain(
      `$${k.sent_spend!.toFixed(2)} sent; the control group's $${k.holdout_spend!.toFixed(2)} is not spent`,
    );
    expect(message).toContain('The sent campaign misses');
  });

  it('adds nothing without a holdout', async () => {
    const outcome = await planSample([]);

    expect(outcome.kpis.sent_spend).toBe(outcome.kpis.total_spend);
    expect(outcome.constraints.some((c) => c.sent_used !== undefined)).toBe(false);
    expect(outcome.warnings).toEqual([]);
  });
});
