import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { generatePredictions, scaledPolicy } from '../../../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../../../src/domain/catalog.ts';
import {
  predictOptimum,
  recallCuts,
  recallDual,
  recallMultipliers,
  type DualOptimum,
} from '../../../../../src/solver/decomposition/dual/dual-memory.ts';
import { minimizeDual } from '../../../../../src/solver/decomposition/dual/dual.ts';
import { secantPoint } from '../../../../../src/solver/decomposition/dual/secant.ts';
import { solveDecomposition } from '../../../../../src/solver/decomposition/index.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { createWorkspace, evaluateLagrangian } from '../../../../../src/solver/decomposition/evaluation.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { solveMip } from '../../../../../src/solver/mip.ts';
import { buildProblem, withPolicyLimits } from '../../../../../src/solver/problem.ts';
import { expectClose } from '../../../../support/expect-close.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

const customers = 300;
const predictions = generatePredictions(customers, 11);
const policy = scaledPolicy(customers);
const first = buildProblem(predictions, DEFAULT_CATALOG, policy);

describe('a decomposition dual remembered for the next related solve', () => {
  it('recalls every point as an exact evaluation of the new L when only limits changed', async () => {
    // Prepare
    const solved = await solveDecomposition(highs, first);
    const next = withPolicyLimits(first, {
      ...policy,
      budget: policy.budget * 1.7,
      min_high_risk: 0.3,
      max_action_share: 0.4,
    });
    const relax = buildRelaxation(next);

    // Act
    const cuts = recallCuts(solved.dual!, next, relax);

    // Assess
    expect(cuts?.length).toBeGreaterThan(3);
    const work = createWorkspace(relax);
    for (const cut of cuts ?? []) {
      const fresh = evaluateLagrangian(relax, cut.lambda, work);
      expect(cut.value).toBeCloseTo(fresh.value, 6);
      cut.subgradient.forEach((g, r) => expect(g).toBeCloseTo(fresh.subgradient[r], 9));
    }
  });

  it('recalls the relaxation itself for new limits: the same classes, the limits a fresh build gives', async () => {
    // Prepare
    const solved = await solveDecomposition(highs, first);
    const next = withPolicyLimits(first, { ...policy, budget: policy.budget * 1.3 + 0.3, min_segment_coverage: 0.2 });

    // Act
    const recalled = recallDual(solved.dual!, next);

    // Assess
    const fresh = buildRelaxation(next);
    expect(recalled?.relax.classOf).toBe(solved.dual!.relax.classOf);
    expect(Array.from(recalled?.relax.limit ?? [])).toEqual(Array.from(fresh.limit));
    expect(recalled?.relax.problem).toBe(next);
  });

  it('recalls no cuts for a problem with other values, only the multipliers by row name', async () => {
    // Prepare: a rebuilt problem has its own value arrays, even for the same policy
    const solved = await solveDecomposition(highs, first);
    const rebuilt = buildProblem(predictions, DEFAULT_CATALOG, { ...policy, objective: 'retained_clv' });

    // Act
    const cuts = recallCuts(solved.dual!, rebuilt, buildRelaxation(rebuilt));
    const lambda = recallMultipliers(solved.dual!, rebuilt);

    // Assess
    expect(cuts).toBeUndefined();
    expect(lambda?.length).toBe(rebuilt.rows.length);
    expect(Math.max(...(lambda ?? []))).toBeGreaterThan(0);
  });

  it('gives the same proven optimum with the memory as the whole-model MIP, level after level', async () => {
    // Prepare
    let memory = (await solveDecomposition(highs, first)).dual;
    let start: Int16Array | undefined;
    for (const share of [1.3, 1.9, 2.6, 0.8]) {
      const problem = withPolicyLimits(first, { ...policy, budget: policy.budget * share + 0.37 });

      // Act
      const warm = await solveDecomposition(highs, problem, { dual: memory, start });
      const whole = solveMip(highs, problem, { timeLimitSeconds: 60 });

      // Assess
      expect(warm.status).toBe('optimal');
      expectClose(
        warm.objective,
        whole.objective,
        { absolute: 1e-6 * Math.abs(whole.objective) },
        'warm-started objective against the whole-model MIP',
      );
      memory = warm.dual;
      start = warm.choice;
    }
  });

  it('stops a warm-started dual on a certificate only with a proof: the recalled cuts and its own bound the true minimum', async () => {
    // Prepare: a solve's memory, the week at three new budgets, and each one's dual run to convergence from nothing
    const solved = await solveDecomposition(highs, first);
    for (const share of [0.7, 1.4, 2.2]) {
      const next = withPolicyLimits(first, { ...policy, budget: policy.budget * share });
      const relax = buildRelaxation(next);
      const exact = await minimizeDual(highs, relax, createWorkspace(relax), { deadline: Infinity, now: () => 0 });
      const cuts = recallCuts(solved.dual!, next, relax) ?? [];

      // Act
      const warm = await minimizeDual(highs, relax, createWorkspace(relax), {
        deadline: Infinity,
        now: () => 0,
        cuts,
        certify: 1e-3,
      });

      // Assess: the proven floor lies at or below the minimum, and the bound within the certified share of it
      const scale = Math.max(1, Math.abs(exact.best.value));
      expect(cuts.length).toBeGreaterThan(3);
      expect(warm.converged).toBe(true);
      expect(warm.floor).toBeGreaterThan(exact.best.value - 1e-3 * scale);
      expect(warm.floor).toBeLessThanOrEqual(exact.best.value + 1e-9 * scale);
      expectClose(
        warm.best.value,
        exact.best.value,
        { absolute: 1e-3 * scale },
        'certified warm bound against the minimum',
      );
    }
  });

  it('guesses the next optimum of a sweep on along the last moves, shrinking as they shrank, and only on the line of the limits', () => {
    // Prepare: a budget (row 0) swept in steps of 100 while row 1 stays; the budget's multiplier fell 1.0, then 0.5
    const optimum = (budget: number, lambda: number[]): DualOptimum => ({
      limits: Float64Array.of(budget, 40),
      lambda: Float64Array.from(lambda),
    });
    const optima = [optimum(100, [3, 0.2]), optimum(200, [2, 0.2]), optimum(300, [1.5, 0.2])];

    // Act
    const next = predictOptimum(optima, Float64Array.of(400, 40));
    const twoSteps = predictOptimum(optima, Float64Array.of(500, 40));
    const fromTwo = predictOptimum(optima.slice(1), Float64Array.of(400, 40));

    // Assess: on past 1.5, by less than the last move (moves shrink), a longer step further; row 1 stays
    expect(next?.[0]).toBeLessThan(1.5);
    expect(next?.[0]).toBeGreaterThan(1);
    expect(next?.[1]).toBeCloseTo(0.2, 12);
    expect(twoSteps?.[0]).toBeLessThan(next?.[0] ?? 0);
    expect(twoSteps?.[0]).toBeGreaterThanOrEqual(0);
    expect(fromTwo?.[0]).toBeLessThan(1.5);
    expect(predictOptimum(optima, Float64Array.of(400, 45))).toBeUndefined();
    expect(predictOptimum(optima, Float64Array.of(250, 40))).toBeUndefined();
    expect(predictOptimum(optima.slice(2), Float64Array.of(400, 40))).toBeUndefined();
    expect(predictOptimum(optima, Float64Array.of(5000, 40))?.[0]).toBe(0);
  });

  it('remembers the optima of a sweep level after level, and guesses the next one nearer than the last', async () => {
    // Prepare
    const level = (share: number) => withPolicyLimits(first, { ...policy, budget: policy.budget * share });
    let memory = (await solveDecomposition(highs, level(1))).dual;
    for (const share of [1.25, 1.5]) memory = (await solveDecomposition(highs, level(share), { dual: memory })).dual;
    const next = level(1.75);

    // Act
    const guess = recallDual(memory!, next)?.predicted;
    const solved = await solveDecomposition(highs, next, { dual: memory });

    // Assess
    expect(memory?.optima).toHaveLength(3);
    const optimum = solved.dual!.optima.at(-1)!.lambda;
    const last = memory!.optima.at(-1)!.lambda;
    const distance = (a: Float64Array) => Math.hypot(...Array.from(a, (x, r) => x - optimum[r]));
    expect(guess).toBeDefined();
    expect(distance(guess!)).toBeLessThan(distance(last));
  });
});

describe('the secant step of a warm start', () => {
  it("lands where L's slope between a seed and a guess crosses zero, the budget's use meeting the new limit", () => {
    // Prepare: the 300-customer week at a new budget; a seed at a low budget price and a guess at a high one
    const next = withPolicyLimits(first, { ...policy, budget: policy.budget * 1.5 });
    const relax = buildRelaxation(next);
    const work = createWorkspace(relax);
    const at = (price: number) =>
      evaluateLagrangian(
        relax,
        Float64Array.from({ length: relax.R }, (_, r) => (r === 0 ? price : 0)),
        work,
      );
    const low = at(0.5);
    const high = at(4);

    // Act
    const secant = secantPoint(low, high);
    const wrongWay = secantPoint(high, at(8));

    // Assess: L falls from the seed towards the guess, so the secant lies between them, below both
    expect(low.subgradient[0]).toBeLessThan(0);
    expect(secant).toBeDefined();
    expect(secant![0]).toBeGreaterThan(0.5);
    expect(secant![0]).toBeLessThan(4);
    expect(at(secant![0]).value).toBeLessThan(Math.min(low.value, high.value));
    expect(wrongWay).toBeUndefined();
  });
});
