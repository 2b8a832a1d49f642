import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { generatePredictions, scaledPolicy } from '../../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { searchCounts } from '../../../../src/solver/decomposition/core/count-search.ts';
import { buildRelaxation, coefficientGrid, tightenToGrid } from '../../../../src/solver/decomposition/lagrangian.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { solveMip } from '../../../../src/solver/mip.ts';
import { buildProblem } from '../../../../src/solver/problem.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

describe('row limits on their coefficients grid', () => {
  it.each([
    [[0.5, 2, 20, 30], 0.5],
    [[2, 4, 6], 2],
    [[0.05, 0.1, 1.25], 0.05],
    [[1 / 3, 1], undefined],
    [[], undefined],
  ])('finds the grid of %j: %s', (coefs, step) => {
    // Act
    const grid = coefficientGrid(coefs);

    // Assess
    if (step === undefined) expect(grid).toBeUndefined();
    else expect(grid).toBeCloseTo(step, 12);
  });

  it('rounds a budget down and a floor up to the grid, and leaves limits on it alone', () => {
    // Act + Assess
    expect(tightenToGrid(68_181.818, 1, [0.5, 2, 20])).toBeCloseTo(68_181.5, 9);
    expect(tightenToGrid(45_000, 1, [0.5, 2, 20])).toBe(45_000);
    expect(tightenToGrid(7.2, -1, [2, 4])).toBe(8);
    expect(tightenToGrid(10, 1, [1 / 3])).toBe(10);
  });

  // Regression: at a budget off the $0.50 grid the LP keeps the unusable remainder, and
  // branching on counts alone never closes that gap (a 75k sweep level ran for 50 s).
  it('lets the count search close a budget remainder that branching alone cannot', () => {
    // Prepare
    const problem = buildProblem(generatePredictions(250, 7), DEFAULT_CATALOG, { ...scaledPolicy(250), budget: 150.3 });
    const tight = buildRelaxation(problem);
    const loose = { ...tight, limit: Float64Array.from(problem.rows, (row) => row.limit) };
    const everyone = Int32Array.from({ length: problem.n }, (_, i) => i);
    // A clock that stands still: the node limit, not the machine's load, ends the search without the grid.
    const options = { timeLimitSeconds: 30, absoluteGap: 1e-6, maxNodes: 300, now: () => 0 };

    // Act
    const withGrid = searchCounts(highs, tight, everyone, { ...options, limits: tight.limit });
    const withoutGrid = searchCounts(highs, loose, everyone, { ...options, limits: loose.limit });
    const whole = solveMip(highs, problem, { timeLimitSeconds: 30 });

    // Assess
    expect(tight.limit[0]).toBe(150);
    expect(withGrid.status).toBe('optimal');
    expect(withGrid.objective).toBeCloseTo(whole.objective, 6);
    expect(withoutGrid.stoppedBy).toBe('nodes');
  });
});
