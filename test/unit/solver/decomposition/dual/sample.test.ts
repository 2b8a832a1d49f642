import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { generatePredictions, scaledPolicy } from '../../../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../../../src/domain/catalog.ts';
import { minimizeDual, type DualResult } from '../../../../../src/solver/decomposition/dual/dual.ts';
import { rowScales } from '../../../../../src/solver/decomposition/dual/largest-coefficients.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { createWorkspace } from '../../../../../src/solver/decomposition/evaluation.ts';
import { sampleProblem } from '../../../../../src/solver/decomposition/dual/sample.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { expectClose } from '../../../../support/expect-close.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/** The dual converged to the same minimum as `reference`, within 1e-7 of it. */
function expectSameMinimum(result: DualResult, reference: DualResult, label: string): void {
  expect(result.converged).toBe(true);
  expectClose(result.best.value, reference.best.value, { absolute: 1e-7 * reference.best.value }, label);
}

describe('sampling customers to seed the dual', () => {
  it('keeps every stride-th customer with its values and memberships, and scales every limit to the sample', () => {
    // Prepare
    const problem = buildProblem(generatePredictions(1003, 5), DEFAULT_CATALOG, scaledPolicy(1003));

    // Act
    const sample = sampleProblem(problem, 10);

    // Assess
    expect(sample.n).toBe(101);
    expect(Array.from(sample.value.subarray(7 * sample.K, 8 * sample.K))).toEqual(
      Array.from(problem.value.subarray(70 * problem.K, 71 * problem.K)),
    );
    sample.rows.forEach((row, r) => {
      expect(row.limit).toBeCloseTo((problem.rows[r].limit * 101) / 1003, 9);
      if (row.members) expect(row.members[42]).toBe(problem.rows[r].members?.[420]);
    });
  });

  it("starting from a sample's multipliers reaches the same bound as starting from zero", async () => {
    // Prepare
    const problem = buildProblem(generatePredictions(6000, 9), DEFAULT_CATALOG, scaledPolicy(6000));
    const relax = buildRelaxation(problem);
    const sample = buildRelaxation(sampleProblem(problem, 8));
    const seed = await minimizeDual(highs, sample, createWorkspace(sample), { deadline: Infinity, now: () => 0 });

    // Act
    const fromZero = await minimizeDual(highs, relax, createWorkspace(relax), { deadline: Infinity, now: () => 0 });
    const fromSample = await minimizeDual(highs, relax, createWorkspace(relax), {
      deadline: Infinity,
      now: () => 0,
      start: seed.best.lambda,
    });

    // Assess
    expectSameMinimum(fromSample, fromZero, 'dual minimum started from the sample');
  });

  it('keeps the first step from a start within a capped box, and still reaches the minimum', async () => {
    // Prepare
    const problem = buildProblem(generatePredictions(6000, 9), DEFAULT_CATALOG, scaledPolicy(6000));
    const relax = buildRelaxation(problem);
    const sample = buildRelaxation(sampleProblem(problem, 8));
    const seed = await minimizeDual(highs, sample, createWorkspace(sample), { deadline: Infinity, now: () => 0 });
    const start = seed.best.lambda;
    // A twentieth of the default start box (a sample's final box is often far smaller).
    const cap = start.map((x) => 0.01 * x);
    const scales = rowScales(relax);
    const options = { deadline: Infinity, now: () => 0, start, startWidthCap: cap };

    // Act
    const firstStep = await minimizeDual(highs, relax, createWorkspace(relax), { ...options, maxIterations: 2 });
    const whole = await minimizeDual(highs, relax, createWorkspace(relax), options);
    const fromZero = await minimizeDual(highs, relax, createWorkspace(relax), { deadline: Infinity, now: () => 0 });

    // Assess
    const stepped = firstStep.points[1].lambda;
    expect(firstStep.iterations).toBe(2);
    stepped.forEach((x, r) => {
      // The dual's narrowest box: a thousandth of the row's scale.
      const smallest = 1e-3 * scales[r];
      expect(Math.abs(x - start[r])).toBeLessThanOrEqual(Math.max(cap[r], smallest) * (1 + 1e-9));
    });
    expectSameMinimum(whole, fromZero, 'dual minimum started in a capped box');
  });
});
