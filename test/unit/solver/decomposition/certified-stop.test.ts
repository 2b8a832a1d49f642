import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { generatePredictions, scaledPolicy } from '../../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { CERTIFY_MIN_PAIRS, solveDecomposition } from '../../../../src/solver/decomposition/index.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { buildProblem } from '../../../../src/solver/problem.ts';
import { checkPlan } from '../../../support/check-plan.ts';
import { expectClose } from '../../../support/expect-close.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

describe('the dual stopping on its certificate at scale', () => {
  it('proves the same optimum as the dual run to convergence, in fewer passes over the customers', async () => {
    let shorter = 0;
    for (const [seed, share] of [
      [21, 1],
      [22, 0.6],
      [23, 1.8],
      [24, 1.3],
      [25, 0.8],
    ]) {
      // Prepare
      const customers = 40_000;
      const predictions = generatePredictions(customers, seed);
      const policy = { ...scaledPolicy(customers), budget: scaledPolicy(customers).budget * share };
      const problem = buildProblem(predictions, DEFAULT_CATALOG, policy);
      expect(problem.n * problem.K).toBeGreaterThanOrEqual(CERTIFY_MIN_PAIRS);
      const solve = async (certifyMinPairs?: number) => {
        let passes = 0;
        const outcome = await solveDecomposition(highs, problem, {
          certifyMinPairs,
          onProgress: (event) => (passes += event.phase === 'dual' ? 1 : 0),
        });
        return { outcome, passes };
      };

      // Act
      const certified = await solve();
      const converged = await solve(Infinity);

      // Assess
      expect(certified.outcome.status).toBe('optimal');
      expect(converged.outcome.status).toBe('optimal');
      const scale = Math.max(1, Math.abs(converged.outcome.objective));
      expectClose(
        certified.outcome.objective,
        converged.outcome.objective,
        { absolute: 1e-6 * scale },
        'objective with the certified stop',
      );
      expect(certified.outcome.bound).toBeGreaterThanOrEqual(converged.outcome.objective - 1e-9 * scale);
      const assigned = new Map<number, number>();
      certified.outcome.choice?.forEach((k, i) => k >= 0 && assigned.set(i, problem.actions[k].id));
      expect(checkPlan(predictions, DEFAULT_CATALOG, policy, assigned).violations).toEqual([]);
      // The certificate never changes where the dual goes, only when it stops.
      expect(certified.passes).toBeLessThanOrEqual(converged.passes);
      if (certified.passes < converged.passes) shorter++;
    }
    expect(shorter).toBeGreaterThanOrEqual(2);
  });
});
