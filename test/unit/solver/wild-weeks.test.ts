import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { drawWildWeek } from '../../../bench/wild-weeks.ts';
import { solveDecomposition, type DecompositionOptions } from '../../../src/solver/decomposition/index.ts';
import { getHighs } from '../../../src/solver/highs-runtime.ts';
import { solveMip } from '../../../src/solver/mip.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { buildProblem } from '../../../src/solver/problem.ts';
import { bruteForceOptimum } from '../../support/brute-force.ts';
import { expectChecked } from '../../support/expect-checked.ts';
import { expectClose } from '../../support/expect-close.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

describe('weeks of random shapes (the explorer of bench/explore.ts) on tiny weeks, against brute force', () => {
  // Seeds whose catalogs are small enough to enumerate every assignment of 4 customers.
  const seeds = Array.from({ length: 40 }, (_, k) => k + 1).filter((seed) => drawWildWeek(seed, 4).catalog.length <= 9);

  it.each(seeds)('seed %i: the planner finds the optimum of enumerating every assignment', async (seed) => {
    // Prepare
    const week = drawWildWeek(seed, 4);
    const expected = bruteForceOptimum(week);

    // Act
    const outcome = await planWeek({ ...week, method: 'auto' });

    // Assess
    if (expected === undefined) {
      expect(outcome.status, week.shape).toBe('infeasible');
      return;
    }
    expect(outcome.status, week.shape).toBe('optimal');
    const problem = buildProblem(week.predictions, week.catalog, week.policy);
    expectChecked(week, problem, outcome.assignment?.choice as Int16Array, outcome.solver.objective);
    expectClose(outcome.solver.objective, expected, { relative: 1e-6, absolute: 1e-6 }, 'optimum against brute force');
  });
});

/**
 * The decomposition as the planner runs it; with no exact core (the proof goes to the moves'
 * MIP after heuristic cores of 3, 12, … customers); and with no core at all before the proof,
 * where a week the repair cannot mend has no plan to start the moves from.
 */
const settings: Record<string, DecompositionOptions> = {
  default: {},
  'small cores, no exact core': { exactCoreLimit: 0, firstCoreSize: 3, maxCoreTypes: 0 },
  'no core before the proof': { exactCoreLimit: 0, firstCoreSize: 1_000_000, maxCoreTypes: 0 },
};

describe('weeks of random shapes on small weeks, against the whole-model MIP', () => {
  const cases = Array.from({ length: 24 }, (_, k) => k + 1).flatMap((seed) =>
    Object.keys(settings).map((setting) => [seed, setting] as const),
  );

  it.each(cases)('seed %i, %s: the same optimum or the same infeasibility, every rule kept', async (seed, setting) => {
    // Prepare
    const week = drawWildWeek(seed, 50 + 10 * (seed % 4));
    const problem = buildProblem(week.predictions, week.catalog, week.policy);

    // Act
    const whole = solveMip(highs, problem, { timeLimitSeconds: 30 });
    const split = await solveDecomposition(highs, problem, { timeLimitSeconds: 30, ...settings[setting] });

    // Assess
    expect(whole.status, week.shape).not.toBe('feasible');
    expect(split.status, week.shape).toBe(whole.status);
    if (whole.status === 'infeasible') return;
    expectChecked(week, problem, split.choice as Int16Array, split.objective);
    expectClose(split.objective, whole.objective, { relative: 1e-6, absolute: 1e-6 }, 'decomposition against MIP');
    expect(split.bound).toBeGreaterThanOrEqual(whole.objective - 1e-6 * Math.max(1, Math.abs(whole.objective)));
  });
});
