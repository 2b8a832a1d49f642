import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { generatePredictions, scaledPolicy } from '../../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { FIT_MIN_CUSTOMERS, solveDecomposition } from '../../../../src/solver/decomposition/index.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { buildProblem } from '../../../../src/solver/problem.ts';
import { checkPlan } from '../../../support/check-plan.ts';
import { expectClose } from '../../../support/expect-close.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

describe("the whole dual's first box fitted to the sample's model", () => {
  it("is left plain below its size, where the dual takes the plain box's path", async () => {
    // Prepare
    const customers = 40_000;
    expect(customers).toBeLessThan(FIT_MIN_CUSTOMERS);
    const predictions = generatePredictions(customers, 21);
    const policy = scaledPolicy(customers);
    const problem = buildProblem(predictions, DEFAULT_CATALOG, policy);
    const solve = async (fitMinCustomers?: number) => {
      const bounds: number[] = [];
      const outcome = await solveDecomposition(highs, problem, {
        fitMinCustomers,
        onProgress: (event) => event.phase === 'dual' && bounds.push(event.bound ?? NaN),
      });
      return { outcome, bounds };
    };

    // Act
    const byDefault = await solve();
    const plain = await solve(Infinity);
    const fitted = await solve(0);

    // Assess
    expect(byDefault.bounds).toEqual(plain.bounds);
    // The fitted box takes another path here: the default's equality above is the rule's.
    expect(fitted.bounds).not.toEqual(plain.bounds);
    for (const { outcome } of [byDefault, fitted]) {
      expect(outcome.status).toBe('optimal');
      const scale = Math.max(1, Math.abs(plain.outcome.objective));
      expectClose(outcome.objective, plain.outcome.objective, { absolute: 1e-6 * scale }, 'objective');
      const assigned = new Map<number, number>();
      outcome.choice?.forEach((k, i) => k >= 0 && assigned.set(i, problem.actions[k].id));
      expect(checkPlan(predictions, DEFAULT_CATALOG, policy, assigned).violations).toEqual([]);
    }
  });
});
