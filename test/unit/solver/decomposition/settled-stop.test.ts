import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { drawWeek } from '../../../../bench/families.ts';
import { meetsRows } from '../../../../src/analytics/solve-scenario.ts';
import { solveDecomposition } from '../../../../src/solver/decomposition/index.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { buildProblem } from '../../../../src/solver/problem.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

describe('a decomposition stopped by its caller once the optimum is placed (marginal-value checks)', () => {
  it('offers only plans and bounds that bracket the optimum, and stops at the first pair the caller accepts', async () => {
    // Prepare: a week near infeasibility whose repaired plans do not prove, with a floor lowered like a check's
    const week = await drawWeek('tight', 1000, 5);
    const built = buildProblem(week.predictions, week.catalog, week.policy);
    for (const name of ['min_premium', 'min_segment_coverage:Student']) {
      const problem = {
        ...built,
        rows: built.rows.map((row) => (row.name === name ? { ...row, limit: row.limit - 5 } : row)),
      };
      const full = await solveDecomposition(highs, problem);
      expect(full.status, name).toBe('optimal');
      const scale = 1e-6 * Math.max(1, Math.abs(full.objective));
      const offered: [number, number][] = [];

      // Act: the caller needs the optimum placed within one dollar
      const stopped = await solveDecomposition(highs, problem, {
        settled: (objective, bound) => offered.push([objective, bound]) > 0 && bound - objective <= 1,
      });

      // Assess
      expect(offered.length, name).toBeGreaterThan(0);
      for (const [objective, bound] of offered) {
        expect(objective, `${name}: a plan offered`).toBeLessThanOrEqual(full.bound + scale);
        expect(bound, `${name}: a bound offered`).toBeGreaterThanOrEqual(full.objective - scale);
      }
      const [objective, bound] = offered[offered.length - 1];
      expect(bound - objective, name).toBeLessThanOrEqual(1);
      expect([stopped.objective, stopped.bound], name).toEqual([objective, bound]);
      expect(stopped.choice && meetsRows(problem, stopped.choice), `${name}: the plan meets every row`).toBe(true);
    }
  });
});
