import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { drawWeek } from '../../../../bench/families.ts';
import { meetsRows } from '../../../../src/analytics/solve-scenario.ts';
import { differenceRange, provesAgreement, settlingLevels } from '../../../../src/analytics/marginal-check.ts';
import { solveDecomposition } from '../../../../src/solver/decomposition/index.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { buildProblem, type Problem } from '../../../../src/solver/problem.ts';

let highs: Highs;
let built: Problem;
beforeAll(async () => {
  highs = await getHighs();
  const week = await drawWeek('reference', 2000, 3);
  built = buildProblem(week.predictions, week.catalog, week.policy);
});

/** The week with the budget raised by `move`, like a marginal value's check. */
function withBudget(move: number): Problem {
  return {
    ...built,
    rows: built.rows.map((row) => (row.rule === 'budget' ? { ...row, limit: row.limit + move } : row)),
  };
}

describe("a marginal value's check started from the plan's dual", () => {
  it('is settled by a repair at the recalled best point, before any dual search, when that places the difference', async () => {
    // Prepare: the plan, its dual, and a check that asks the difference per dollar within [0, 10]
    const base = await solveDecomposition(highs, built);
    expect(base.status).toBe('optimal');
    const units = 50;
    const band: [number, number] = [0, 10];
    const settled = (objective: number, bound: number) =>
      provesAgreement(band, differenceRange(base, { objective, bound }, units));
    const phases: string[] = [];

    // Act
    const checked = await solveDecomposition(highs, withBudget(units), {
      start: base.choice,
      dual: base.dual,
      certifyMinPairs: 0,
      settled,
      settledAt: settlingLevels(band, base, units),
      settleAtRecall: true,
      onProgress: (event) => phases.push(event.phase),
    });

    // Assess: settled with no dual iteration, on a plan that meets every row and a bound above the optimum
    const full = await solveDecomposition(highs, withBudget(units));
    expect(phases.filter((phase) => phase === 'dual')).toEqual([]);
    expect(settled(checked.objective, checked.bound)).toBe(true);
    expect(checked.choice && meetsRows(withBudget(units), checked.choice)).toBe(true);
    expect(checked.bound).toBeGreaterThanOrEqual(full.objective - 1e-6 * Math.abs(full.objective));
    expect(checked.objective).toBeLessThanOrEqual(full.bound + 1e-6 * Math.abs(full.bound));
  });

  it('searches the dual first unless asked to settle at the recalled point (weeks whose re-solves stay short)', async () => {
    // Prepare: the same plan and check
    const base = await solveDecomposition(highs, built);
    const units = 50;
    const band: [number, number] = [0, 10];
    const settled = (objective: number, bound: number) =>
      provesAgreement(band, differenceRange(base, { objective, bound }, units));
    const phases: string[] = [];

    // Act: the check without settleAtRecall
    const checked = await solveDecomposition(highs, withBudget(units), {
      start: base.choice,
      dual: base.dual,
      certifyMinPairs: 0,
      settled,
      settledAt: settlingLevels(band, base, units),
      onProgress: (event) => phases.push(event.phase),
    });

    // Assess: the dual ran before the check settled, on a plan that meets every row
    expect(phases).toContain('dual');
    expect(settled(checked.objective, checked.bound)).toBe(true);
    expect(checked.choice && meetsRows(withBudget(units), checked.choice)).toBe(true);
  });
});
