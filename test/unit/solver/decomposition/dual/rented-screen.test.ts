import { describe, expect, it } from 'vitest';
import { drawWildWeek } from '../../../../../bench/wild-weeks.ts';
import { linesVerified } from '../../../../../src/solver/decomposition/dual/line-groups.ts';
import { LINE_SETUP_PASSES } from '../../../../../src/solver/decomposition/dual/rented-screen.ts';
import { createWorkspace, evaluateLagrangian } from '../../../../../src/solver/decomposition/evaluation.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { solveDecomposition } from '../../../../../src/solver/decomposition/index.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { expectSameEvaluation, walk } from './dual-walk.ts';

/** Week 45 of bench/explore.ts (one segment, 25 capped actions): its values lie on lines. */
function lineRelaxation() {
  const week = drawWildWeek(45, 12_000);
  return buildRelaxation(buildProblem(week.predictions, week.catalog, week.policy));
}

describe('the margin screen rented until it has cost the lines’ set-up', () => {
  it('sets the lines up only once the passes have read that many values, and stays exact', () => {
    // Prepare
    const relax = lineRelaxation();
    const value = relax.problem.value;
    const rented = createWorkspace(relax);
    const plain = createWorkspace(relax, { screen: false });
    const price = LINE_SETUP_PASSES * relax.n * relax.K;

    for (const lambda of walk(relax, 5, 30)) {
      // Act
      const before = rented.reads;
      const point = evaluateLagrangian(relax, lambda, rented);

      // Assess: no set-up before the price is read; from then on, the lines
      expect(linesVerified(value)).toBe(rented.reads >= price ? true : undefined);
      if (before >= price) expect(rented.reads - before).toBeLessThan(0.25 * relax.n * relax.K);
      expectSameEvaluation(point, evaluateLagrangian(relax, lambda, plain));
    }
    expect(rented.reads).toBeGreaterThan(price);
  });

  it('serves lines already set up for the value array from the first pass', () => {
    // Prepare: a first workspace pays for the lines
    const relax = lineRelaxation();
    const first = createWorkspace(relax);
    for (const lambda of walk(relax, 6, 30)) evaluateLagrangian(relax, lambda, first);
    expect(linesVerified(relax.problem.value)).toBe(true);

    // Act: a second one (a value's check, a sweep's level)
    const second = createWorkspace(relax);
    evaluateLagrangian(relax, walk(relax, 7, 1)[0], second);

    // Assess: its first pass reads far less than a full one
    expect(second.reads).toBeLessThan(0.25 * relax.n * relax.K);
  });

  it('sets the lines up at the first pass when asked to buy them at once, and stays exact', () => {
    // Prepare: values whose lines no screen has set up yet
    const relax = lineRelaxation();
    expect(linesVerified(relax.problem.value)).toBeUndefined();
    const bought = createWorkspace(relax, { linesAtOnce: true });
    const plain = createWorkspace(relax, { screen: false });
    const [first, ...rest] = walk(relax, 8, 6);

    // Act
    const point = evaluateLagrangian(relax, first, bought);

    // Assess: set up before any rent was read, and the passes are the plain pass's
    expect(linesVerified(relax.problem.value)).toBe(true);
    expectSameEvaluation(point, evaluateLagrangian(relax, first, plain));
    for (const lambda of rest)
      expectSameEvaluation(evaluateLagrangian(relax, lambda, bought), evaluateLagrangian(relax, lambda, plain));
  });

  it('is bought at once by a solve that many solves on its values follow (a sweep level)', async () => {
    // Prepare: the same week twice, so that neither finds lines set up by the other
    const solve = async (manySolves: boolean) => {
      const week = drawWildWeek(45, 12_000);
      const problem = buildProblem(week.predictions, week.catalog, week.policy);
      const solved = await solveDecomposition(await getHighs(), problem, { manySolves, timeLimitSeconds: 30 });
      return {
        solved,
        reads: solved.dual?.work?.reads ?? Number.NaN,
        price: LINE_SETUP_PASSES * problem.n * problem.K,
      };
    };

    // Act
    const rented = await solve(false);
    const bought = await solve(true);

    // Assess: the same optimum; the rent, passes by margins that cost the lines' set-up, paid only where the lines were not bought
    expect(bought.solved.status).toBe('optimal');
    expect(Math.abs(bought.solved.objective - rented.solved.objective)).toBeLessThanOrEqual(
      2e-6 * Math.abs(rented.solved.objective),
    );
    expect(rented.reads).toBeGreaterThanOrEqual(rented.price);
    expect(bought.reads).toBeLessThan(rented.reads - bought.price / 2);
  });
});
