import { describe, expect, it } from 'vitest';
import { exactGaps, rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { createWorkspace, evaluateLagrangian } from '../../../../../src/solver/decomposition/evaluation.ts';
import { createScreen } from '../../../../../src/solver/decomposition/dual/screen.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { tightInstance } from '../tight-instance.ts';
import { expectSameEvaluation, expectSameSum, walk } from './dual-walk.ts';

describe('screened evaluation of the Lagrangian', () => {
  it.each([
    ['distinct values', false],
    ['many interchangeable customers (exact ties)', true],
  ])('gives the plain pass exactly, choice for choice, along a dual-like walk: %s', (_, ties) => {
    let screenedWork = 0;
    let plainWork = 0;
    for (let seed = 1; seed <= 6; seed++) {
      // Prepare
      const instance = tightInstance(400 + seed, 3000, 6, ties);
      const relax = buildRelaxation(buildProblem(instance.predictions, instance.catalog, instance.policy));
      const screened = createWorkspace(relax, { screen: true, byTypes: false, byLines: false });
      const plain = createWorkspace(relax, { screen: false });

      for (const lambda of walk(relax, seed, 60)) {
        // Act
        const a = evaluateLagrangian(relax, lambda, screened);
        const b = evaluateLagrangian(relax, lambda, plain);

        // Assess
        expectSameEvaluation(a, b);
      }
      screenedWork += screened.evaluated;
      plainWork += plain.evaluated;
    }
    // The walk settles, so most customers are added as whole bands rather than evaluated again.
    expect(screenedWork).toBeLessThan(0.5 * plainWork);
  });

  it('keeps customers with no eligible action out of every choice', () => {
    // Prepare: a third of the customers can take no action at all
    const instance = tightInstance(77, 3000, 5);
    const problem = buildProblem(instance.predictions, instance.catalog, instance.policy);
    for (let i = 0; i < problem.n; i += 3) problem.value.fill(Number.NaN, i * problem.K, (i + 1) * problem.K);
    const relax = buildRelaxation(problem);
    const screened = createWorkspace(relax, { screen: true, byTypes: false, byLines: false });
    const plain = createWorkspace(relax, { screen: false });

    for (const lambda of walk(relax, 77, 40)) {
      // Act
      const a = evaluateLagrangian(relax, lambda, screened);

      // Assess
      expectSameEvaluation(a, evaluateLagrangian(relax, lambda, plain));
    }
  });

  it('is a plain pass below the customer threshold unless asked for', () => {
    // Prepare
    const instance = tightInstance(5, 200, 4);
    const relax = buildRelaxation(buildProblem(instance.predictions, instance.catalog, instance.policy));

    // Act
    const unscreened = createWorkspace(relax);
    const asked = createWorkspace(relax, { screen: true, byTypes: false, byLines: false });

    // Assess
    expect(unscreened.screen).toBeUndefined();
    expect(asked.screen).toBeDefined();
  });

  it.each([
    ['distinct values', false],
    ['many interchangeable customers (exact ties)', true],
  ])(
    'ranks from the reference: the same best choices as a plain ranking, gaps at most the exact ones, and exact below any threshold asked for: %s',
    (_, ties) => {
      let bounded = 0;
      let ranked = 0;
      let wrongGaps = 0;
      let inexactBelow = 0;
      for (let seed = 1; seed <= 4; seed++) {
        // Prepare
        const instance = tightInstance(500 + seed, 3000, 6, ties);
        const problem = buildProblem(instance.predictions, instance.catalog, instance.policy);
        for (let i = 0; i < problem.n; i += 7) problem.value.fill(Number.NaN, i * problem.K, (i + 1) * problem.K);
        const relax = buildRelaxation(problem);
        const work = createWorkspace(relax, { screen: true, byTypes: false, byLines: false });
        const points = walk(relax, seed, 30);

        for (const [step, lambda] of points.entries()) {
          evaluateLagrangian(relax, lambda, work);
          // Act: at this point and at the next one (the reference lies behind)
          for (const at of [lambda, points[step + 1] ?? lambda]) {
            const screened = rankChoices(relax, at, work);
            const plain = rankChoices(relax, at);

            // Assess
            expect(Array.from(screened.best)).toEqual(Array.from(plain.best));
            expectSameSum(screened.objective, plain.objective, 'screened ranking objective');
            for (let i = 0; i < relax.n; i++) {
              const wrong = screened.bounded?.[i]
                ? !(screened.gap[i] <= plain.gap[i] + 1e-9 * relax.valueScale)
                : screened.gap[i] !== plain.gap[i];
              if (wrong) wrongGaps++;
              if (screened.bounded?.[i]) bounded++;
              ranked++;
            }
            const threshold = plain.gap[Math.floor(relax.n / 2)];
            exactGaps(relax, screened, threshold);
            for (let i = 0; i < relax.n; i++)
              if ((plain.gap[i] <= threshold || screened.gap[i] <= threshold) && screened.gap[i] !== plain.gap[i])
                inexactBelow++;
          }
        }
      }
      expect(wrongGaps).toBe(0);
      expect(inexactBelow).toBe(0);
      expect(bounded).toBeGreaterThan(0.5 * ranked);
    },
  );

  // Regression: per-screen closures lost their optimized code at every GC, so every sweep (a new
  // workspace, a new screen) ran them unoptimized and recompiled them.
  it('shares one function per method between screens, whose optimized code outlives each screen', () => {
    // Prepare
    const input = { n: 2, K: 1, C: 1, classOf: new Uint32Array(2), value: new Float64Array(2), valueScale: 1 };

    // Act
    const first = createScreen(input);
    const second = createScreen({ ...input });

    // Assess
    expect(second.pass).toBe(first.pass);
    expect(second.rank).toBe(first.rank);
  });
});
