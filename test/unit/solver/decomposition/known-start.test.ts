import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { drawWeek } from '../../../../bench/families.ts';
import { solveDecomposition } from '../../../../src/solver/decomposition/index.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import type { SolveOutcome } from '../../../../src/solver/outcome.ts';
import { buildProblem, type Problem } from '../../../../src/solver/problem.ts';

let highs: Highs;
let built: Problem;
let base: SolveOutcome;

beforeAll(async () => {
  highs = await getHighs();
  const week = await drawWeek('tight', 1000, 5);
  built = buildProblem(week.predictions, week.catalog, week.policy);
  base = await solveDecomposition(highs, built);
});

describe('a marginal-value check started from the base plan', () => {
  it('is settled by the base plan itself, without a repair, when the caller asks no more of it', async () => {
    for (const [name, move] of [
      ['budget', 40],
      ['min_premium', -5],
    ] as const) {
      // Prepare
      const problem = {
        ...built,
        rows: built.rows.map((row) => (row.name === name ? { ...row, limit: row.limit + move } : row)),
      };

      // Act: a caller content with any plan as good as the base week's optimum
      const checked = await solveDecomposition(highs, problem, {
        start: base.choice,
        certifyMinPairs: 0,
        settled: (objective) => objective >= base.objective,
      });

      // Assess
      expect(checked.objective, name).toBe(base.objective);
      expect(checked.choice, name).toEqual(base.choice);
    }
  });
});
