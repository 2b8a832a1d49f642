import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { rankChoices } from '../../../../src/solver/decomposition/ranking.ts';
import { minimizeDual } from '../../../../src/solver/decomposition/dual/dual.ts';
import { buildRelaxation } from '../../../../src/solver/decomposition/lagrangian.ts';
import { createWorkspace, evaluateLagrangian } from '../../../../src/solver/decomposition/evaluation.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { solveMip } from '../../../../src/solver/mip.ts';
import { buildProblem, type Problem } from '../../../../src/solver/problem.ts';
import { rowCoefficient } from '../../../../src/solver/linking-rows.ts';
import { rng } from '../../../support/random-instance.ts';
import { tightInstance } from './tight-instance.ts';
import { expectClose } from '../../../support/expect-close.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/** L(λ) straight from the definition, pair by pair, with no classes. */
function naiveLagrangian(problem: Problem, lambda: Float64Array): number {
  let total = 0;
  problem.rows.forEach((row, r) => {
    total += lambda[r] * (row.sense === '<=' ? 1 : -1) * row.limit;
  });
  for (let i = 0; i < problem.n; i++) {
    let best = 0;
    for (let k = 0; k < problem.K; k++) {
      const v = problem.value[i * problem.K + k];
      if (Number.isNaN(v)) continue;
      let reduced = v;
      problem.rows.forEach((row, r) => {
        reduced -= lambda[r] * (row.sense === '<=' ? 1 : -1) * rowCoefficient(row, i, k);
      });
      best = Math.max(best, reduced);
    }
    total += best;
  }
  return total;
}

function feasibleInstances(count: number): Problem[] {
  const problems: Problem[] = [];
  for (let seed = 9000; problems.length < count; seed++) {
    const instance = tightInstance(seed, 40, 5);
    problems.push(buildProblem(instance.predictions, instance.catalog, instance.policy));
  }
  return problems;
}

describe('the Lagrangian relaxation', () => {
  it('groups customers by membership signature into a handful of classes and evaluates L exactly', () => {
    // Prepare
    const random = rng(5);
    const problems = feasibleInstances(10);

    for (const problem of problems) {
      const relax = buildRelaxation(problem);
      const work = createWorkspace(relax);
      const lambda = Float64Array.from(problem.rows, () => random() * 3);

      // Act
      const point = evaluateLagrangian(relax, lambda, work);

      // Assess: segments x high-risk at most, and the same value as the definition
      expect(relax.C).toBeLessThanOrEqual(
        2 * problem.rows.filter((r) => r.name.startsWith('min_segment_coverage')).length,
      );
      expectClose(
        point.value,
        naiveLagrangian(problem, lambda),
        { absolute: 1e-9 * Math.max(1, Math.abs(point.value)) },
        'Lagrangian value against its definition',
      );
    }
  });

  it('bounds every plan from above for any multipliers, and the dual minimum is the tightest of them', async () => {
    // Prepare
    const random = rng(11);
    for (const problem of feasibleInstances(12)) {
      const optimum = solveMip(highs, problem);
      if (optimum.status !== 'optimal') continue;
      const relax = buildRelaxation(problem);
      const work = createWorkspace(relax);

      // Act
      const dual = await minimizeDual(highs, relax, work, { deadline: Infinity, now: () => 0 });
      const randomBounds = Array.from(
        { length: 5 },
        () =>
          evaluateLagrangian(
            relax,
            Float64Array.from(problem.rows, () => random() * 5),
            work,
          ).value,
      );

      // Assess
      const slack = 1e-7 * Math.max(1, Math.abs(optimum.objective));
      expect(dual.best.value).toBeGreaterThanOrEqual(optimum.objective - slack);
      for (const bound of randomBounds) {
        expect(bound).toBeGreaterThanOrEqual(optimum.objective - slack);
        expect(dual.best.value).toBeLessThanOrEqual(bound + slack);
      }
    }
  });

  it('stops early only with a proof: the model floor lies below the true minimum and within the asked share of the bound', async () => {
    let earlier = 0;
    for (let seed = 9500; seed < 9512; seed++) {
      // Prepare
      const instance = tightInstance(seed, 3000, 6);
      const relax = buildRelaxation(buildProblem(instance.predictions, instance.catalog, instance.policy));
      const exact = await minimizeDual(highs, relax, createWorkspace(relax), { deadline: Infinity, now: () => 0 });
      if (exact.infeasible) continue;

      // Act
      const certified = await minimizeDual(highs, relax, createWorkspace(relax), {
        deadline: Infinity,
        now: () => 0,
        certify: 1e-5,
      });

      // Assess
      const scale = Math.max(1, Math.abs(exact.best.value));
      expect(certified.floor).toBeLessThanOrEqual(exact.best.value + 1e-9 * scale);
      expect(certified.best.value).toBeGreaterThanOrEqual(exact.best.value - 1e-9 * scale);
      expect(certified.best.value - exact.best.value).toBeLessThanOrEqual(1e-5 * scale);
      if (certified.iterations < exact.iterations) earlier++;
    }
    expect(earlier).toBeGreaterThan(3);
  });

  it('fixes soundly: in an optimal plan every customer whose gap exceeds UB - optimum takes its best choice', async () => {
    // Prepare
    let fixedSeen = 0;
    for (const problem of feasibleInstances(12)) {
      const optimum = solveMip(highs, problem);
      if (optimum.status !== 'optimal' || !optimum.choice) continue;
      const relax = buildRelaxation(problem);
      const dual = await minimizeDual(highs, relax, createWorkspace(relax), { deadline: Infinity, now: () => 0 });

      // Act
      const ranking = rankChoices(relax, dual.best.lambda);

      // Assess
      const threshold = dual.best.value - optimum.objective + 1e-7;
      for (let i = 0; i < problem.n; i++) {
        if (ranking.gap[i] > threshold) {
          fixedSeen++;
          expect(optimum.choice[i]).toBe(ranking.best[i]);
        }
      }
    }
    expect(fixedSeen).toBeGreaterThan(100);
  });
});
