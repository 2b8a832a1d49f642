import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { generatePredictions, scaledPolicy } from '../../../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../../../src/domain/catalog.ts';
import { minimizeDual } from '../../../../../src/solver/decomposition/dual/dual.ts';
import { createMaster } from '../../../../../src/solver/decomposition/dual/master.ts';
import { createPointMaster } from '../../../../../src/solver/decomposition/dual/point-master.ts';
import { borrowMaster } from '../../../../../src/solver/decomposition/dual/shared-master.ts';
import { buildRelaxation, type Relaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { createWorkspace, evaluateLagrangian } from '../../../../../src/solver/decomposition/evaluation.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

const customers = 400;
const problem = buildProblem(generatePredictions(customers, 5), DEFAULT_CATALOG, scaledPolicy(customers));

/** The time limit HiGHS holds for `relax`'s shared master (the one the dual borrows). */
function sharedTimeLimit(relax: Relaxation): number {
  const lease = borrowMaster(highs, relax);
  const limit = lease.master.model.options.get('time_limit') as number;
  lease.release();
  return limit;
}

describe("the cutting-plane master's solves keep the caller's deadline", () => {
  it('gives HiGHS the seconds left, at least a hundredth, and a finite stand-in for none', () => {
    // Prepare: a master with the cuts of a few points along the budget's multiplier
    const relax = buildRelaxation(problem);
    const work = createWorkspace(relax);
    const master = createMaster(highs, relax);
    master.addCuts(
      [0.5, 1, 2].map((price) =>
        evaluateLagrangian(
          relax,
          Float64Array.from({ length: relax.R }, (_, r) => (r === 0 ? price : 0)),
          work,
        ),
      ),
    );
    const lower = new Float64Array(relax.R);
    const upper = new Float64Array(relax.R).fill(10);

    // Act and assess: each solve is bounded by what it was given, and still answers
    const limits = [2.5, -3, undefined].map((seconds) => {
      expect(master.solve(lower, upper, seconds)).toBeDefined();
      return master.model.options.get('time_limit');
    });
    expect(limits).toEqual([2.5, 0.01, 1e9]);
    master.dispose();
  });

  it('has the dual pass its own deadline down to every master solve', async () => {
    // Prepare: a clock the dual reads; 7 seconds are left at every solve
    const relax = buildRelaxation(problem);

    // Act
    const dual = await minimizeDual(highs, relax, createWorkspace(relax), { deadline: 7_000, now: () => 0 });

    // Assess: the search ran, and the shared master it used was held to the deadline
    expect(dual.iterations).toBeGreaterThan(1);
    expect(sharedTimeLimit(relax)).toBe(7);
  });

  it("holds the horizon's one-cut master to the seconds given too", () => {
    // Prepare: L(λ) = 10 − λ + 3λ² sampled at two points, as the horizon's dual adds them
    const master = createPointMaster(highs, 1);
    master.addCut({ lambda: Float64Array.of(0), value: 10, subgradient: Float64Array.of(-1) });
    master.addCut({ lambda: Float64Array.of(1), value: 12, subgradient: Float64Array.of(5) });

    // Act and assess: the two cuts meet at λ = 0.5, found within the limit given
    const limits = [4, 0, undefined].map((seconds) => {
      expect(master.solve(Float64Array.of(0), Float64Array.of(2), seconds)?.lambda[0]).toBeCloseTo(0.5, 9);
      return master.model.options.get('time_limit');
    });
    expect(limits).toEqual([4, 0.01, 1e9]);
    master.dispose();
  });
});
