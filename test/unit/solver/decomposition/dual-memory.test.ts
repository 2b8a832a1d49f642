import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { generatePredictions, scaledPolicy } from '../../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { recallCuts, recallDual, recallMultipliers } from '../../../../src/solver/decomposition/dual-memory.ts';
import { solveDecomposition } from '../../../../src/solver/decomposition/index.ts';
import { buildRelaxation, createWorkspace, evaluateLagrangian } from '../../../../src/solver/decomposition/lagrangian.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { solveMip } from '../../../../src/solver/mip.ts';
import { buildProblem, withPolicyLimits } from '../../../../src/solver/problem.ts';

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
    const next = withPolicyLimits(first, { ...policy, budget: policy.budget * 1.7, min_high_risk: 0.3, max_action_share: 0.4 });
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
      expect(Math.abs(warm.objective - whole.objective)).toBeLessThanOrEqual(1e-6 * Math.abs(whole.objective));
      memory = warm.dual;
      start = warm.choice;
    }
  });
});
