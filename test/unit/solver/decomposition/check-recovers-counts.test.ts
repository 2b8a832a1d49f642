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
  const week = await drawWeek('share-caps', 10_000, 7);
  built = buildProblem(week.predictions, week.catalog, week.policy);
});

/** Customers each check lets one more action reach. */
const UNITS = 20;

function withCapRaised(name: string): Problem {
  return {
    ...built,
    rows: built.rows.map((row) => (row.name === name ? { ...row, limit: row.limit + UNITS } : row)),
  };
}

describe("a marginal value's check of a share cap", () => {
  it('settles on the plan met from the dual’s counts, without a moves’ or core search', async () => {
    const name = 'max_action_share:13';
    // Prepare: the plan, and the gain per customer of the raised cap (solved in full) within ±10 %
    const base = await solveDecomposition(highs, built, { certifyMinPairs: 0 });
    const end = withCapRaised(name);
    const full = await solveDecomposition(highs, end, { certifyMinPairs: 0 });
    const slope = (full.objective - base.objective) / UNITS;
    const band: [number, number] = [0.9 * slope, 1.1 * slope];
    const settled = (objective: number, bound: number) =>
      provesAgreement(band, differenceRange(base, { objective, bound }, UNITS));
    const phases = new Set<string>();

    // Act: the check, from the plan and its dual, as computeMarginalValues starts it
    const checked = await solveDecomposition(highs, end, {
      start: base.choice,
      dual: base.dual,
      certifyMinPairs: 0,
      settled,
      settledAt: settlingLevels(band, base, UNITS),
      onProgress: (event) => phases.add(event.phase),
    });

    // Assess: settled during the dual, on a plan that meets every rule, with a bound above the optimum
    expect(slope).toBeGreaterThan(0.1);
    expect([...phases]).toEqual(['dual']);
    expect(settled(checked.objective, checked.bound)).toBe(true);
    expect(checked.choice && meetsRows(end, checked.choice)).toBe(true);
    expect(checked.bound).toBeGreaterThanOrEqual(full.objective - 1e-6 * Math.abs(full.objective));
    expect(checked.objective).toBeLessThanOrEqual(full.bound + 1e-6 * Math.abs(full.bound));
  });
});
