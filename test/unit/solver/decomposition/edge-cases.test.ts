import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { NO_ACTION, type Action } from '../../../../src/domain/catalog.ts';
import { DEFAULT_POLICY, type Policy } from '../../../../src/domain/policy.ts';
import type { Predictions } from '../../../../src/domain/predictions.ts';
import { solveDecomposition } from '../../../../src/solver/decomposition/index.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { solveMip } from '../../../../src/solver/mip.ts';
import { buildProblem, type Problem } from '../../../../src/solver/problem.ts';
import { type LinkingRow } from '../../../../src/solver/linking-rows.ts';
import { checkPlan } from '../../../support/check-plan.ts';
import { tightInstance } from './tight-instance.ts';
import { CustomerIds } from '../../../../src/domain/customer-ids.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

const EMAIL: Action = { id: 1, name: 'Email', channel: 'email', cost: 2, uplift: 0.1 };

function predictionsOf(p: number[], v: number[], segmentOf: number[], segments = ['Premium', 'Free']): Predictions {
  return {
    source: 'edge',
    ids: CustomerIds.from(p.map((_, i) => `E${i}`)),
    p: Float64Array.from(p),
    v: Float64Array.from(v),
    segmentOf: Uint16Array.from(segmentOf),
    segments,
    clvEstimated: false,
    reductions: new Map(),
  };
}

const loose: Policy = {
  ...DEFAULT_POLICY,
  budget: 1e6,
  email_cap: 1e6,
  push_cap: 1e6,
  min_high_risk: 0,
  min_premium: 0,
  max_action_share: 1,
  min_segment_coverage: 0,
};

function usedIds(problem: Problem, choice: Int16Array): Map<number, number> {
  const assigned = new Map<number, number>();
  choice.forEach((k, i) => k >= 0 && assigned.set(i, problem.actions[k].id));
  return assigned;
}

describe('solveDecomposition on edge cases', () => {
  it('with no linking rows gives every customer its best positive action', async () => {
    // Prepare
    const value = Float64Array.from([3, 5, Number.NaN, -1, -2, -4, 0.5, Number.NaN]);
    const problem: Problem = { n: 4, K: 2, actions: [EMAIL, { ...EMAIL, id: 2 }], value, reduction: value, rows: [] };

    // Act
    const outcome = await solveDecomposition(highs, problem);

    // Assess
    expect(outcome.status).toBe('optimal');
    expect(Array.from(outcome.choice ?? [])).toEqual([1, -1, -1, 0]);
    expect(outcome.objective).toBeCloseTo(5.5, 9);
    expect(outcome.bound).toBeCloseTo(5.5, 9);
  });

  it('with one action and a coverage floor meets the floor at the least loss', async () => {
    // Prepare: the floor forces 2 of the 3 Free customers to be treated although each loses money
    const predictions = predictionsOf([0.1, 0.2, 0.05, 0.9], [10, 10, 10, 500], [1, 1, 1, 0]);
    const policy = { ...loose, min_segment_coverage: 0.5 };
    const problem = buildProblem(predictions, [NO_ACTION, EMAIL], policy);

    // Act
    const outcome = await solveDecomposition(highs, problem);

    // Assess: the Premium customer (worth 43) plus the two least-losing Free customers (-1.8, -1.9)
    expect(outcome.status).toBe('optimal');
    expect(
      checkPlan(predictions, [NO_ACTION, EMAIL], policy, usedIds(problem, outcome.choice as Int16Array)).violations,
    ).toEqual([]);
    expect(outcome.objective).toBeCloseTo(43 - 1.8 - 1.9, 9);
  });

  it('with no eligible pair is optimal doing nothing, and infeasible when a floor asks for anyone', async () => {
    // Prepare
    const predictions = predictionsOf([0.2, 0.3], [100, 100], [1, 1]);
    const premiumOnly: Action = { ...EMAIL, eligible_segments: ['Premium'] };
    const free = buildProblem(predictions, [NO_ACTION, premiumOnly], loose);
    const floored = buildProblem(predictions, [NO_ACTION, premiumOnly], { ...loose, min_segment_coverage: 0.5 });

    // Act
    const nothing = await solveDecomposition(highs, free);
    const impossible = await solveDecomposition(highs, floored);

    // Assess
    expect(nothing.status).toBe('optimal');
    expect(Array.from(nothing.choice ?? [])).toEqual([-1, -1]);
    expect(impossible.status).toBe('infeasible');
    expect(impossible.choice).toBeUndefined();
  });

  it('with a catalog of no treatment at all answers like the whole model', async () => {
    // Prepare
    const predictions = predictionsOf([0.6, 0.3], [100, 100], [0, 1]);
    const fine = buildProblem(predictions, [NO_ACTION], loose);
    const floored = buildProblem(predictions, [NO_ACTION], { ...loose, min_high_risk: 0.5 });

    // Act
    const fineOutcome = await solveDecomposition(highs, fine);
    const flooredOutcome = await solveDecomposition(highs, floored);

    // Assess
    expect(fineOutcome.status).toBe('optimal');
    expect(fineOutcome.objective).toBe(0);
    expect(flooredOutcome.status).toBe('infeasible');
  });

  it('with no customers is optimal and empty', async () => {
    // Act
    const outcome = await solveDecomposition(
      highs,
      buildProblem(predictionsOf([], [], []), [NO_ACTION, EMAIL], DEFAULT_POLICY),
    );

    // Assess
    expect(outcome.status).toBe('optimal');
    expect(outcome.objective).toBe(0);
  });

  it('with 40 identical customers and a budget for 7 treats exactly 7 (ties everywhere)', async () => {
    // Prepare
    const n = 40;
    const predictions = predictionsOf(Array(n).fill(0.5), Array(n).fill(200), Array(n).fill(0));
    const policy = { ...loose, budget: 15 };
    const problem = buildProblem(predictions, [NO_ACTION, EMAIL], policy);

    // Act
    const outcome = await solveDecomposition(highs, problem, { exactCoreLimit: 5, firstCoreSize: 3 });

    // Assess
    expect(outcome.status).toBe('optimal');
    expect(Array.from(outcome.choice ?? []).filter((k) => k >= 0)).toHaveLength(7);
    expect(outcome.objective).toBeCloseTo(7 * (0.05 * 200 - 2), 9);
  });

  it('reports infeasible when only a fractional plan meets the rules (LP feasible, no integer plan)', async () => {
    // Prepare: three pairwise floors over three customers need two treated; the budget pays 1.5
    const ones = Float64Array.of(1);
    const floor = (name: string, members: number[]): LinkingRow => ({
      name,
      label: name,
      rule: 'min_segment_coverage',
      sense: '>=',
      limit: 1,
      actionCoef: ones,
      members: Uint8Array.from(members),
    });
    const value = Float64Array.of(4, 5, 6);
    const problem: Problem = {
      n: 3,
      K: 1,
      actions: [EMAIL],
      value,
      reduction: value,
      rows: [
        { name: 'budget', label: 'Budget', rule: 'budget', sense: '<=', limit: 1.5, actionCoef: ones, members: null },
        floor('a', [1, 1, 0]),
        floor('b', [0, 1, 1]),
        floor('c', [1, 0, 1]),
      ],
    };

    // Act
    const whole = solveMip(highs, problem);
    const outcome = await solveDecomposition(highs, problem);

    // Assess
    expect(whole.status).toBe('infeasible');
    expect(outcome.status).toBe('infeasible');
    expect(outcome.choice).toBeUndefined();
  });

  it('with no time left still returns a plan that keeps every rule, or an honest error, and a valid bound', async () => {
    // Prepare: a clock that jumps 10 s on every reading
    const instance = tightInstance(9014, 60, 6);
    const problem = buildProblem(instance.predictions, instance.catalog, instance.policy);
    const optimum = solveMip(highs, problem);
    let ticks = 0;

    // Act
    const outcome = await solveDecomposition(highs, problem, { timeLimitSeconds: 1, now: () => 10_000 * ticks++ });

    // Assess
    expect(optimum.status).toBe('optimal');
    expect(['optimal', 'feasible', 'error']).toContain(outcome.status);
    expect(outcome.bound).toBeGreaterThanOrEqual(optimum.objective - 1e-6 * Math.abs(optimum.objective));
    if (outcome.choice) {
      expect(
        checkPlan(instance.predictions, instance.catalog, instance.policy, usedIds(problem, outcome.choice)).violations,
      ).toEqual([]);
      expect(outcome.objective).toBeLessThanOrEqual(optimum.objective + 1e-6 * Math.abs(optimum.objective));
    }
  });

  it('reports progress with fractions in [0, 1] and bounds never below the plan', async () => {
    // Prepare
    const instance = tightInstance(9011, 50, 5);
    const problem = buildProblem(instance.predictions, instance.catalog, instance.policy);
    const events: Array<{ phase: string; fraction: number; objective?: number; bound?: number }> = [];

    // Act
    const outcome = await solveDecomposition(highs, problem, {
      onProgress: (event) => events.push(event),
      exactCoreLimit: 3,
      firstCoreSize: 2,
    });

    // Assess
    expect(outcome.status).toBe('optimal');
    expect(events[0].phase).toBe('dual');
    // The exact core or, where it is not small, the moves prove the plan.
    expect(events.some((e) => e.phase === 'core' || e.phase === 'move-search')).toBe(true);
    for (const event of events) {
      expect(event.fraction).toBeGreaterThanOrEqual(0);
      expect(event.fraction).toBeLessThanOrEqual(1);
      if (event.objective !== undefined && event.bound !== undefined)
        expect(event.bound).toBeGreaterThanOrEqual(event.objective - 1e-9);
    }
    expect(events.map((e) => e.fraction)).toEqual([...events.map((e) => e.fraction)].sort((a, b) => a - b));
  });
});
