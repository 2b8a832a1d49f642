import { describe, expect, it } from 'vitest';
import type { Action } from '../../../src/domain/catalog.ts';
import { DEFAULT_POLICY, type Policy } from '../../../src/domain/policy.ts';
import type { Predictions } from '../../../src/domain/predictions.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { buildProblem } from '../../../src/solver/problem.ts';
import { ceilShare, floorShare } from '../../../src/solver/linking-rows.ts';
import { expectValidPlan } from '../../support/assert-plan.ts';
import { CustomerIds } from '../../../src/domain/customer-ids.ts';

function predictionsOf(rows: Array<[p: number, v: number, segment: string]>): Predictions {
  const segments = [...new Set(rows.map((r) => r[2]))];
  return {
    source: 'inline',
    ids: CustomerIds.from(rows.map((_, i) => `c${i}`)),
    p: Float64Array.from(rows, (r) => r[0]),
    v: Float64Array.from(rows, (r) => r[1]),
    segmentOf: Uint16Array.from(rows, (r) => segments.indexOf(r[2])),
    segments,
    clvEstimated: false,
    reductions: new Map(),
  };
}

const discount: Action = { id: 2, name: '20% Discount Offer', channel: 'email', cost: 20, uplift: 0.15 };
const open: Policy = {
  ...DEFAULT_POLICY,
  min_high_risk: 0,
  min_premium: 0,
  min_segment_coverage: 0,
  max_action_share: 1,
};

describe('the model of SPEC 3', () => {
  it('values the worked example at 0.72 * 0.15 * 240 - 20 = 5.92', async () => {
    // Prepare
    const predictions = predictionsOf([[0.72, 240, 'Premium']]);

    // Act
    const outcome = await planWeek({ predictions, catalog: [discount], policy: open });

    // Assess
    expect(outcome.status).toBe('optimal');
    expectValidPlan(outcome);
    expect(outcome.kpis.net_value).toBeCloseTo(5.92, 10);
    expect(outcome.kpis.expected_churn_reduction).toBeCloseTo(0.108, 12);
    expect(outcome.kpis.expected_retained_clv).toBeCloseTo(25.92, 10);
  });

  it('rounds coverage floors up and saturation caps down, without floating error', () => {
    expect(ceilShare(0.6, 250)).toBe(150);
    expect(ceilShare(0.6, 102)).toBe(62);
    expect(ceilShare(0.15, 60)).toBe(9);
    expect(ceilShare(0.15, 61)).toBe(10);
    expect(ceilShare(0.7, 10)).toBe(7);
    expect(floorShare(0.5, 250)).toBe(125);
    expect(floorShare(0.5, 251)).toBe(125);
    expect(floorShare(0.29, 100)).toBe(29);
    expect(floorShare(0.57, 100)).toBe(57);
  });

  it('builds floors and caps from the counts in the file', () => {
    // Prepare: 5 customers, 3 above p = 0.5, 2 Premium
    const predictions = predictionsOf([
      [0.9, 100, 'Premium'],
      [0.6, 100, 'Free'],
      [0.55, 100, 'Free'],
      [0.2, 100, 'Premium'],
      [0.5, 100, 'Free'],
    ]);
    const policy: Policy = {
      ...DEFAULT_POLICY,
      min_high_risk: 0.5,
      min_premium: 0.5,
      max_action_share: 0.5,
      min_segment_coverage: 0.34,
    };

    // Act
    const rows = buildProblem(predictions, [discount], policy).rows;
    const limit = (name: string) => rows.find((r) => r.name === name)?.limit;

    // Assess: p = 0.5 is not above the threshold; ceil(1.5) = 2; ceil(1) = 1; floor(2.5) = 2
    expect(limit('min_high_risk')).toBe(2);
    expect(limit('min_premium')).toBe(1);
    expect(limit('max_action_share:2')).toBe(2);
    expect(limit('min_segment_coverage:Free')).toBe(2);
    expect(limit('min_segment_coverage:Premium')).toBe(1);
  });

  it('treats a customer at a loss when a coverage floor demands it', async () => {
    // Prepare: every pair loses money, yet the floor asks for one Premium customer
    const predictions = predictionsOf([
      [0.1, 50, 'Premium'],
      [0.2, 60, 'Premium'],
    ]);
    const policy: Policy = { ...open, min_premium: 0.5 };

    // Act
    const outcome = await planWeek({ predictions, catalog: [discount], policy });

    // Assess: the cheaper loss (0.2 * 0.15 * 60 - 20 = -18.2) is chosen
    expect(outcome.status).toBe('optimal');
    expectValidPlan(outcome);
    expect(outcome.kpis.customers_treated).toBe(1);
    expect(outcome.kpis.net_value).toBeCloseTo(-18.2, 10);
  });

  it('uses the churn_reduction_<id> column in place of p * uplift', async () => {
    // Prepare
    const predictions = predictionsOf([
      [0.72, 240, 'Premium'],
      [0.72, 240, 'Premium'],
    ]);
    predictions.reductions.set(2, Float64Array.from([0.5, Number.NaN]));

    // Act
    const outcome = await planWeek({ predictions, catalog: [discount], policy: open });

    // Assess: 0.5 * 240 - 20 = 100, plus the fallback 5.92 for the empty cell
    expectValidPlan(outcome);
    expect(outcome.kpis.net_value).toBeCloseTo(105.92, 10);
  });

  it("leaves a pair out exactly when p lies outside the action's churn window (both ends inclusive)", () => {
    // Prepare: a window [0.3, 0.6] and customers below, on, inside, on and above it
    const windowed: Action = { ...discount, min_churn_probability: 0.3, max_churn_probability: 0.6 };
    const predictions = predictionsOf([
      [0.29, 100, 'Premium'],
      [0.3, 100, 'Premium'],
      [0.45, 100, 'Premium'],
      [0.6, 100, 'Premium'],
      [0.61, 100, 'Premium'],
    ]);

    // Act
    const problem = buildProblem(predictions, [windowed], open);

    // Assess: value r * v - cost inside, NaN (ineligible) outside
    expect(Array.from(problem.value, (x) => Number.isNaN(x))).toEqual([true, false, false, false, true]);
    expect(problem.value[1]).toBeCloseTo(0.3 * 0.15 * 100 - 20, 12);
    expect(problem.reduction.at(3)).toBeCloseTo(0.6 * 0.15, 12);
  });
});
