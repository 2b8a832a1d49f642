import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { ScenarioComparison } from '../../../../src/analytics/compare.ts';
import {
  compareBlocks,
  marginalValueBlocks,
  marginalValueLines,
  SLACK_LIMITS,
  sweepBlocks,
} from '../../../../src/slack/blocks/analytics-blocks.ts';
import type { SweepPoint, SweepResult } from '../../../../src/analytics/sweep.ts';
import type { MarginalValue, PlanOutcome } from '../../../../src/domain/plan.ts';

/** Every text in a message, with the limit that applies to it. */
function texts(blocks: KnownBlock[]): { text: string; max: number }[] {
  const found: { text: string; max: number }[] = [];
  for (const block of blocks) {
    const b = block as unknown as Record<string, unknown>;
    const text = b.text as { text: string } | undefined;
    if (text) found.push({ text: text.text, max: b.type === 'header' ? SLACK_LIMITS.header : SLACK_LIMITS.text });
    if (typeof b.alt_text === 'string') found.push({ text: b.alt_text, max: SLACK_LIMITS.altText });
    for (const e of (b.elements as { text?: string }[] | undefined) ?? [])
      if (e.text) found.push({ text: e.text, max: SLACK_LIMITS.text });
  }
  return found;
}

function expectWithinLimits(blocks: KnownBlock[]): void {
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  for (const { text, max } of texts(blocks)) {
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThanOrEqual(max);
  }
}

function bigSweep(levels: number): SweepResult {
  const points: SweepPoint[] = Array.from({ length: levels }, (_, j) => {
    const value = 100 + 50 * j;
    return {
      value,
      status: 'optimal',
      gap: 0,
      seconds: 0.2,
      marginal_net_value: j === 0 ? null : 2.5,
      outcome: {} as PlanOutcome,
      kpis: {
        customers: 75_000,
        customers_treated: 1000 + j,
        total_spend: value,
        expected_retained_clv: 9 * value,
        net_value: 8 * value,
        roi_pct: 800,
        expected_churn_reduction: 12.5,
        budget_utilization_pct: 100,
        holdout_customers: 0,
      },
    };
  });
  return {
    key: 'budget',
    spacing: 'linear',
    points,
    knee: { value: 600, net_value: 4800, slope_before: 9.1, slope_after: 1.2, distance: 0.2 },
    seconds: 12,
    time_budget_seconds: 60,
  };
}

describe('Slack builders', () => {
  it('keep a 40-level sweep within Block Kit limits, with the chart as an image block', () => {
    // Act
    const blocks = sweepBlocks(bigSweep(40), 'F0000000301');

    // Assess
    expectWithinLimits(blocks);
    const image = blocks.find((b) => b.type === 'image') as { slack_file: { id: string }; alt_text: string };
    expect(image.slack_file.id).toBe('F0000000301');
    expect(image.alt_text).toMatch(/knee at \$600/);
    expect(JSON.stringify(blocks)).toMatch(/Returns diminish at \$600/);
  });

  it('keep a comparison of many actions and segments within limits', () => {
    // Prepare
    const many = Array.from({ length: 64 }, (_, j) => ({
      action_id: j + 1,
      action_name: `A very long action name number ${j + 1}`,
      a: j,
      b: 2 * j,
      difference: j,
    }));
    const segments = Array.from({ length: 200 }, (_, j) => ({
      segment: `Segment-${j}-${'x'.repeat(30)}`,
      a: j,
      b: j + 1,
      difference: 1,
    }));
    const side = {
      label: `A (${'budget=150 '.repeat(30)})`,
      status: 'optimal' as const,
      policy_changes: ['budget=150'],
      kpis: null,
      binding_rules: ['budget'],
    };
    const cmp: ScenarioComparison = {
      a: side,
      b: { ...side, label: 'B' },
      kpis: [{ kpi: 'net_value', a: 1, b: 2, difference: 1, change_pct: 100 }],
      action_mix: many,
      segment_coverage: segments,
      customers_moved: 12,
    };

    // Act
    const blocks = compareBlocks(cmp);

    // Assess
    expectWithinLimits(blocks);
    expect(JSON.stringify(blocks)).toContain('B adds $1 of net value against A');
  });

  it('write one line per marginal value and keep a long list within one section', () => {
    // Prepare
    const value: MarginalValue = {
      constraint: 'budget',
      label: 'Budget',
      rule: 'budget',
      direction: 'raise',
      unit: 'dollar',
      per_unit: 4.86,
      source: 'lp_dual',
      lp_per_unit: 4.86,
      mip_per_unit: 4.8,
      valid_from: 150,
      valid_to: 212,
      objective: 'net_value',
    };
    const outcome = {
      marginal_values: { values: Array.from({ length: 200 }, () => value), seconds: 1 },
    } as unknown as PlanOutcome;

    // Act
    const lines = marginalValueLines(outcome);
    const blocks = marginalValueBlocks(outcome);

    // Assess
    expect(lines[0]).toBe(
      '• +$1 of budget is worth $4.86 of net value, from $150 to $212 (LP dual, confirmed by re-solving the plan)',
    );
    expectWithinLimits(blocks);
    expect(blocks).toHaveLength(1);
    expect(marginalValueBlocks({} as PlanOutcome)).toEqual([]);
  });
});
