import { describe, expect, it } from 'vitest';
import type { Action } from '../../../../src/domain/catalog.ts';
import { CustomerIds } from '../../../../src/domain/customer-ids.ts';
import { DEFAULT_POLICY, type Policy } from '../../../../src/domain/policy.ts';
import type { Predictions } from '../../../../src/domain/predictions.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { minimizeHorizonDual } from '../../../../src/solver/horizon/bound.ts';
import { createHorizonWork } from '../../../../src/solver/horizon/evaluate.ts';
import { buildHorizonModel, solveHorizon } from '../../../../src/solver/horizon/index.ts';
import { unaffordableActions } from '../../../../src/solver/horizon/unaffordable.ts';
import type { LinkingRow } from '../../../../src/solver/linking-rows.ts';
import { expectClose } from '../../../support/expect-close.ts';

/** A call dearer than the weekly budget, worth more per dollar than the email the budget allows. */
const CATALOG: Action[] = [
  { id: 0, name: 'No Action', channel: 'none', cost: 0, uplift: 0 },
  { id: 1, name: 'Email', channel: 'email', cost: 2, uplift: 0.02 },
  { id: 2, name: 'Call', channel: 'call', cost: 30, uplift: 0.6 },
];

function predictionsOf(count: number): Predictions {
  return {
    source: 'constructed',
    ids: CustomerIds.from(Array.from({ length: count }, (_, i) => `C${i + 1}`)),
    p: new Float64Array(count).fill(0.5),
    v: Float64Array.from({ length: count }, (_, i) => 1000 - i),
    segmentOf: new Uint16Array(count),
    segments: ['Premium'],
    clvEstimated: false,
    reductions: new Map(),
  };
}

const POLICY: Policy = {
  ...DEFAULT_POLICY,
  budget: 24,
  min_high_risk: 0,
  min_premium: 0,
  min_segment_coverage: 0,
  max_action_share: 1,
  weeks: 3,
};

function budgetRow(limit: number, costs: number[]): LinkingRow {
  return {
    name: 'budget',
    label: 'Budget',
    rule: 'budget',
    sense: '<=',
    limit,
    actionCoef: Float64Array.from(costs),
    members: null,
  };
}

describe('actions no plan can afford', () => {
  it('are those every week (or the horizon) caps below their own coefficient', () => {
    // Prepare: costs 2 and 30; week 1's budget is 24, week 2's 40
    const costs = [2, 30];

    // Act
    const everyWeek = unaffordableActions([[budgetRow(24, costs)], [budgetRow(24, costs)]], [], 2);
    const oneWeekFits = unaffordableActions([[budgetRow(24, costs)], [budgetRow(40, costs)]], [], 2);
    const horizon = unaffordableActions([[budgetRow(40, costs)]], [budgetRow(24, costs)], 2);

    // Assess
    expect([...everyWeek]).toEqual([0, 1]);
    expect([...oneWeekFits]).toEqual([0, 0]);
    expect([...horizon]).toEqual([0, 1]);
  });

  it('no longer lift the bound: a call dearer than the budget leaves it at the plan of emails', async () => {
    // Prepare: 30 customers over 3 weeks, a $24 budget a week: 12 emails a week, never a $30 call
    const model = buildHorizonModel(predictionsOf(30), CATALOG, POLICY);
    const highs = await getHighs();

    // Act
    const dual = await minimizeHorizonDual(highs, model, createHorizonWork(model), {
      deadline: Infinity,
      now: () => 0,
      worstPlan: -1e9,
    });
    const solved = await solveHorizon(highs, model, { timeLimitSeconds: 60 });

    // Assess: the bound before any MIP is the optimum, and no customer is called (index 1 of the treatments)
    expect(solved.status).toBe('optimal');
    expectClose(dual.best.value, solved.objective, { relative: 1e-6 }, 'Lagrangian bound against the optimum');
    expect(solved.choices?.includes(1)).toBe(false);
    expect(solved.choices?.includes(0)).toBe(true);
  });
});
