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

/** Units the checks move the budget by, and the difference per dollar they must place. */
const UNITS = 50;
const BAND: [number, number] = [0, 10];

/** The plan, then its check at the budget raised by {@link UNITS}, with the phases the check reported. */
async function runCheck(settleAtRecall: boolean) {
  const base = await solveDecomposition(highs, built);
  const settled = (objective: number, bound: number) =>
    provesAgreement(BAND, differenceRange(base, { objective, bound }, UNITS));
  const phases: string[] = [];
  const checked = await solveDecomposition(highs, withBudget(UNITS), {
    start: base.choice,
    dual: base.dual,
    certifyMinPairs: 0,
    settled,
    settledAt: settlingLevels(BAND, base, UNITS),
    ...(settleAtRecall ? { settleAtRecall } : {}),
    onProgress: (event) => phases.push(event.phase),
  });
  return { base, checked, settled, phases };
}

describe("a marginal value's check started from the plan's dual", () => {
  it('is settled by a repair at the recalled best point, before any dual search, when that places the difference', async () => {
    // Prepare and act: the plan, its dual, and a check that asks the difference per dollar within [0, 10]
    const { base, checked, settled, phases } = await runCheck(true);

    // Assess: settled with no dual iteration, on a plan that meets every row and a bound above the optimum
    expect(base.status).toBe('optimal');
    const full = await solveDecomposition(highs, withBudget(UNITS));
    expect(phases.filter((phase) => phase === 'dual')).toEqual([]);
    expect(settled(checked.objective, checked.bound)).toBe(true);
    expect(checked.choice && meetsRows(withBudget(UNITS), checked.choice)).toBe(true);
    expect(checked.bound).toBeGreaterThanOrEqual(full.objective - 1e-6 * Math.abs(full.objective));
    expect(checked.objective).toBeLessThanOrEqual(full.bound + 1e-6 * Math.abs(full.bound));
  });

  it('searches the dual first unless asked to settle at the recalled point (weeks whose re-solves stay short)', async () => {
    // Prepare and act: the same plan and check, without settleAtRecall
    const { checked, settled, phases } = await runCheck(false);

    // Assess: the dual ran before the check settled, on a plan that meets every row
    expect(phases).toContain('dual');
    expect(settled(checked.objective, checked.bound)).toBe(true);
    expect(checked.choice && meetsRows(withBudget(UNITS), checked.choice)).toBe(true);
  });
});
