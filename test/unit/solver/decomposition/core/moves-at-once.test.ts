import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { solveDecomposition } from '../../../../../src/solver/decomposition/index.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { buildProblem, withPolicyLimits } from '../../../../../src/solver/problem.ts';
import { drawWeek } from '../../../../../bench/families.ts';
import { expectChecked } from '../../../../support/expect-checked.ts';
import { expectClose } from '../../../../support/expect-close.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

describe("a sweep's level whose count search stops a few gaps short of its bound", () => {
  it("is proven by the moves, without the exact core's MIP, to a fresh solve's optimum", async () => {
    // Prepare: 15,000 customers of about a hundred types at 4.09 times the budget, from the level
    // at 3.58 times; the count search's root plan there ends about 1e-6 short of the LP's bound
    const week = await drawWeek('ties', 15_000, 5);
    const below = buildProblem(week.predictions, week.catalog, { ...week.policy, budget: 3.5758 * week.policy.budget });
    const solvedBelow = await solveDecomposition(highs, below, { repairAtCountRoot: true });
    const policy = { ...week.policy, budget: 4.0909 * week.policy.budget };
    const level = withPolicyLimits(below, policy);
    const phases = new Set<string>();

    // Act
    const solved = await solveDecomposition(highs, level, {
      start: solvedBelow.choice,
      dual: solvedBelow.dual,
      repairAtCountRoot: true,
      onProgress: (event) => phases.add(event.phase),
    });
    const fresh = await solveDecomposition(highs, buildProblem(week.predictions, week.catalog, policy));

    // Assess: the exact core's MIP reports the phase `core`; the moves' proof `move-search`
    expect(solved.status).toBe('optimal');
    expect([phases.has('move-search'), phases.has('core')]).toEqual([true, false]);
    expectClose(solved.objective, fresh.objective, { relative: 1e-6 }, 'the level against a fresh solve');
    expectChecked({ ...week, policy }, level, solved.choice!, solved.objective, { relative: 1e-9, absolute: 1e-6 });
  });
});
