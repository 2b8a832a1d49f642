import { describe, expect, it } from 'vitest';
import { compareScenarios } from '../../../../src/analytics/compare.ts';
import type { SweepPoint, SweepResult } from '../../../../src/analytics/sweep.ts';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import type { MarginalValue, PlanOutcome } from '../../../../src/domain/plan.ts';
import type { HistoryEntry } from '../../../../src/learning/audit-history.ts';
import { renderHistory, renderUpliftReport } from '../../../../src/slack/blocks/learning-blocks.ts';
import { BLOCK_LIMITS, checkBlockLimits } from '../../../../src/slack/blocks/block-kit.ts';
import { renderCompareMessage, scenarioLabel } from '../../../../src/jobs/compare-job.ts';
import { markApprovalProgress } from '../../../../src/slack/pending-approval.ts';
import { renderPlanMessage, type PlanMessageContext } from '../../../../src/slack/blocks/plan-blocks.ts';
import type { PlanningInputs } from '../../../../src/jobs/plan-inputs.ts';
import { renderSweepMessage } from '../../../../src/jobs/sweep-job.ts';
import { bigOutcome } from '../../../fixtures/slack/outcomes.ts';

const inputs = {
  inputKey: `predictions/2026-11-16/${'x'.repeat(900)}.csv`,
  catalog: { catalog: [...DEFAULT_CATALOG], version: '2026-11-01-0123abcd', hash: 'f'.repeat(64) },
} as unknown as PlanningInputs;

function bigSweep(levels: number): SweepResult {
  const points: SweepPoint[] = Array.from({ length: levels }, (_, j) => ({
    value: 150 + 25 * j,
    status: j % 7 === 3 ? 'infeasible' : 'optimal',
    gap: 0,
    seconds: 0.4,
    marginal_net_value: j === 0 ? null : 1.5,
    outcome: {} as PlanOutcome,
    kpis:
      j % 7 === 3
        ? null
        : {
            customers: 1e6,
            customers_treated: 1000 + j,
            total_spend: 150 + 25 * j,
            expected_retained_clv: 9000,
            net_value: 8000 + j,
            roi_pct: 900,
            expected_churn_reduction: 12,
            budget_utilization_pct: 100,
            holdout_customers: 0,
          },
  }));
  return {
    key: 'budget',
    spacing: 'log',
    points,
    knee: { value: 400, net_value: 8010, slope_before: 4, slope_after: 0.5, distance: 0.3 },
    seconds: 33,
    time_budget_seconds: 60,
  };
}

/** An outcome with a plan of many actions and segments, as compare sees it. */
function plannedOutcome(budget: number): PlanOutcome {
  const outcome = bigOutcome({ actions: 64, segments: 2000, nameLength: 80, status: 'optimal' });
  outcome.policy = { ...outcome.policy, budget };
  outcome.assignment = { actions: outcome.catalog, choice: new Int16Array(0), holdout: new Uint8Array(0) };
  outcome.segment_coverage = outcome.predictions.segments.map((segment, s) => ({
    segment,
    customers: 500,
    treated: s % 50,
    share: (s % 50) / 500,
    floor: 10,
  }));
  return outcome;
}

describe('Block Kit limits of the new messages', () => {
  it('keeps a 40-level sweep within limits, with the chart from Slack, a refused upload or no chart', () => {
    // Act
    const shown = renderSweepMessage(
      bigSweep(40),
      { key: 'plans/20261116-083000-abc123/sweep.png', fileId: 'F0000000201' },
      {
        sweepId: '20261116-083000-abc123',
        inputs,
        words: ['min_high_risk=70%'],
        describe: (key) => `/tmp/store/${key}`,
      },
    );
    const refused = renderSweepMessage(
      bigSweep(40),
      {
        key: 'plans/20261116-083000-abc123/sweep.png',
        problem: 'Slack did not let the app share files (not_in_channel).',
      },
      { sweepId: '20261116-083000-abc123', inputs, words: [], describe: (key) => `/tmp/store/${key}` },
    );
    const failed = renderSweepMessage(
      bigSweep(2),
      { error: { code: 'CONFIG', message: 'cannot load the chart renderer or its font (ENOENT)' } },
      { sweepId: '20261116-083000-abc123', inputs, words: [], describe: (key) => key },
    );

    // Assess
    for (const message of [shown, refused, failed]) expect(checkBlockLimits(message)).toEqual([]);
    expect(shown.blocks.find((block) => block.type === 'image')).toMatchObject({ slack_file: { id: 'F0000000201' } });
    expect(refused.blocks.some((block) => block.type === 'image')).toBe(false);
    expect(JSON.stringify(refused.blocks)).toContain(
      'The chart is kept as /tmp/store/plans/20261116-083000-abc123/sweep.png',
    );
    expect(JSON.stringify(failed.blocks)).toContain('The chart could not be drawn (CONFIG)');
  });

  it('keeps a comparison of 64 actions and 2,000 segments within limits, with user words escaped', () => {
    // Prepare
    const outcomes: [PlanOutcome, PlanOutcome] = [plannedOutcome(150), plannedOutcome(250)];
    const comparison = compareScenarios(outcomes[0], outcomes[1], [
      scenarioLabel('A', ['premium_segment=<!channel>']),
      scenarioLabel('B', ['budget=250']),
    ]);

    // Act
    const message = renderCompareMessage(comparison, outcomes, inputs);

    // Assess
    expect(checkBlockLimits(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('premium_segment=&lt;!channel&gt;');
    expect(JSON.stringify(message.blocks)).not.toContain('<!channel>');
  });

  it('keeps a plan message with marginal values, detail, history exclusions and two approvers within limits', () => {
    // Prepare
    const outcome = bigOutcome({ actions: 64, segments: 2000, nameLength: 80 });
    const value = (i: number): MarginalValue => ({
      constraint: `min_segment_coverage:${'s'.repeat(60)}${i}`,
      label: `Coverage of ${'s'.repeat(60)}${i}`,
      rule: 'min_segment_coverage',
      direction: 'lower',
      unit: 'customer',
      per_unit: 1.5,
      source: 'lp_dual',
      lp_per_unit: 1.5,
      mip_per_unit: 1.5,
      valid_from: 9,
      valid_to: 10,
      objective: 'net_value',
    });
    outcome.marginal_values = { values: Array.from({ length: 500 }, (_, i) => value(i)), seconds: 2 };
    outcome.history_exclusions = Array.from({ length: 300 }, (_, i) => ({
      rule: `requires_prior:${i}`,
      label: `Action ${i} needs ${'x'.repeat(80)}`,
      customers: i,
    }));
    const ctx: PlanMessageContext = {
      planId: '20261116-083000-abc123',
      planCsvKey: 'plans/x/plan.csv',
      predictionsKey: 'predictions/2026-11-16/big.csv',
      origin: 'response_url',
      historyFiles: 8,
      catalogVersion: 'default',
      approvals: {
        required: 2,
        reasons: Array.from({ length: 11 }, (_, i) => `key${i} +50% (${'1'.repeat(40)} → ${'2'.repeat(40)})`),
      },
    };

    // Act
    const message = renderPlanMessage(outcome, ctx);
    const progressed = markApprovalProgress(message.blocks as unknown as Record<string, unknown>[], {
      planId: ctx.planId,
      origin: 'response_url',
      treated: 74_500,
      required: 2,
      approvers: [{ plan_id: ctx.planId, approved_by: 'UAPPROVER1', approved_at: '2026-11-16T09:00:00.000Z' }],
    });

    // Assess
    expect(checkBlockLimits(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('Approve (1 of 2)');
    expect(checkBlockLimits({ text: message.text, blocks: progressed })).toEqual([]);
    expect(progressed.length).toBeLessThanOrEqual(BLOCK_LIMITS.blocksPerMessage);
    expect(JSON.stringify(progressed)).toContain('Approve (2 of 2)');
    expect(JSON.stringify(progressed)).not.toContain('Approve (1 of 2)');
  });

  it('marks the approval progress of a message already at 50 blocks without going over', () => {
    // Prepare
    const blocks = [
      ...Array.from({ length: 49 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `section ${i}` } })),
      {
        type: 'actions',
        block_id: 'approve',
        elements: [
          {
            type: 'button',
            action_id: 'approve_plan',
            text: { type: 'plain_text', text: 'Approve (1 of 2)' },
            value: '{}',
          },
        ],
      },
    ];

    // Act
    const marked = markApprovalProgress(blocks, {
      planId: '20261116-083000-abc123',
      origin: 'chat',
      treated: 10,
      required: 2,
      approvers: [
        { plan_id: '20261116-083000-abc123', approved_by: 'UAPPROVER1', approved_at: '2026-11-16T09:00:00.000Z' },
      ],
    });

    // Assess
    expect(marked).toHaveLength(BLOCK_LIMITS.blocksPerMessage);
    expect(marked.at(-1)?.type).toBe('actions');
    expect(JSON.stringify(marked.at(-2))).toContain('Approved 1 of 2 by <@UAPPROVER1>');
    expect(JSON.stringify(marked[0])).toContain('section 0');
  });

  it('keeps 40 history entries and 64 uplift measurements within limits', () => {
    // Prepare
    const entry = (i: number): HistoryEntry => ({
      plan_id: `20261116-0830${String(i).padStart(2, '0')}-abc123`,
      status: 'optimal',
      requested_by: 'UASKER1',
      requested_at: '2026-11-16T08:30:00.000Z',
      policy: { budget: 150, holdout: 0.1, cooldown_weeks: 2 },
      kpis: {
        customers: 1e6,
        customers_treated: 75_000,
        total_spend: 150,
        expected_retained_clv: 3000,
        net_value: 2850,
        roi_pct: 1900,
        expected_churn_reduction: 5,
        budget_utilization_pct: 100,
        holdout_customers: 7500,
      },
      catalog_version: '2026-11-01-0123abcd',
      approval: {
        plan_id: 'x',
        approved_by: 'UAPPROVER1',
        second_approver: 'UAPPROVER2',
        approved_at: '2026-11-16T09:00:00.000Z',
      },
    });
    const catalog = Array.from({ length: 65 }, (_, id) => ({
      id,
      name: `Action ${id} ${'n'.repeat(80)}`,
      channel: 'email' as const,
      cost: 1,
      uplift: 0.05,
    }));
    const measurements = catalog.slice(1).map((a) => ({
      action_id: a.id,
      treatment: { customers: 4000, churned: 800, churn_rate: 0.2 },
      holdout: { customers: 1000, churned: 300, churn_rate: 0.3 },
      plans: 4,
      reduction: { estimate: 0.1, low: 0.07, high: 0.13 },
      relative: { estimate: 0.33, low: 0.25, high: 0.4 },
    }));

    // Act
    const history = renderHistory(Array.from({ length: 40 }, (_, i) => entry(i)));
    const uplift = renderUpliftReport(
      { measurements, plans: ['a', 'b'], plansWithoutHoldout: [], unobserved: 12 },
      catalog,
    );

    // Assess
    expect(checkBlockLimits(history)).toEqual([]);
    expect(JSON.stringify(history.blocks)).toContain('approved by <@UAPPROVER1> and <@UAPPROVER2>');
    expect(checkBlockLimits(uplift)).toEqual([]);
  });
});
