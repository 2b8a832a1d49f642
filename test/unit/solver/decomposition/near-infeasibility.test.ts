import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { drawWeek } from '../../../../bench/families.ts';
import { meetsRows } from '../../../../src/analytics/solve-scenario.ts';
import { solveDecomposition } from '../../../../src/solver/decomposition/index.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { buildProblem, type Problem } from '../../../../src/solver/problem.ts';

let highs: Highs;
let built: Problem;
beforeAll(async () => {
  highs = await getHighs();
  // A week near infeasibility whose repaired plans do not prove: its marginal values' checks run the cores
  const week = await drawWeek('tight', 1000, 5);
  built = buildProblem(week.predictions, week.catalog, week.policy);
});

/** The week with the limit of row `name` moved by `move`, like a marginal value's check. */
function withMoved(name: string, move: number): Problem {
  return { ...built, rows: built.rows.map((row) => (row.name === name ? { ...row, limit: row.limit + move } : row)) };
}

describe('a week near infeasibility, with one limit moved', () => {
  it('stopped by its caller (a marginal-value check), offers only plans and bounds that bracket the optimum and stops at the first pair accepted', async () => {
    // With the dual's certificate on (as from 100,000 pairs), the caller is asked at each certified point too
    for (const [name, certifyMinPairs] of [
      ['min_premium', undefined],
      ['min_segment_coverage:Student', undefined],
      ['min_segment_coverage:Student', 0],
    ] as const) {
      // Prepare
      const problem = withMoved(name, -5);
      const full = await solveDecomposition(highs, problem);
      expect(full.status, name).toBe('optimal');
      const scale = 1e-6 * Math.max(1, Math.abs(full.objective));
      const offered: [number, number][] = [];

      // Act: the caller needs the optimum placed within one dollar
      const stopped = await solveDecomposition(highs, problem, {
        certifyMinPairs,
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

  it('started from the base plan (a check), is settled by that plan itself, without a repair, when the caller asks no more', async () => {
    // Prepare: the base week's optimum keeps every relaxed row
    const base = await solveDecomposition(highs, built);
    for (const [name, move] of [
      ['budget', 40],
      ['min_premium', -5],
    ] as const) {
      // Act: a caller content with any plan as good as the base week's optimum
      const checked = await solveDecomposition(highs, withMoved(name, move), {
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
