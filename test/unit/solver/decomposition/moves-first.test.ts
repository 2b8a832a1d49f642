import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { drawWeek } from '../../../../bench/families.ts';
import { solveDecomposition } from '../../../../src/solver/decomposition/index.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { solveMip } from '../../../../src/solver/mip.ts';
import { buildProblem } from '../../../../src/solver/problem.ts';
import { expectClose } from '../../../support/expect-close.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

describe('an exact core too large to solve, near infeasibility', () => {
  it("is proven by the moves' MIP before any heuristic core, at the whole-model MIP's optimum", async () => {
    // Prepare: a tight week with a floor lowered and the budget raised (a marginal value's checks); cores capped at 20 types
    const week = await drawWeek('tight', 1000, 5);
    const built = buildProblem(week.predictions, week.catalog, week.policy);
    for (const [name, move] of [
      ['min_segment_coverage:Student', -5],
      ['budget', 3],
    ] as const) {
      const problem = {
        ...built,
        rows: built.rows.map((row) => (row.name === name ? { ...row, limit: row.limit + move } : row)),
      };
      const phases: string[] = [];

      // Act
      const outcome = await solveDecomposition(highs, problem, {
        maxCoreTypes: 20,
        exactCoreLimit: 10,
        onProgress: (event) => phases.push(event.phase),
      });

      // Assess
      expect(outcome.status, name).toBe('optimal');
      expect(phases, name).toContain('move-search');
      expect(phases, name).not.toContain('core-search');
      const exact = solveMip(highs, problem, { timeLimitSeconds: 60 });
      expect(exact.status, name).toBe('optimal');
      expectClose(outcome.objective, exact.objective, { relative: 1e-6 }, `${name}: objective`);
    }
  });
});
