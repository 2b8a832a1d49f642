import { describe, expect, it, vi } from 'vitest';
import * as batches from '../../../../../src/solver/decomposition/primal/ordered-batches.ts';
import { repairChoice } from '../../../../../src/solver/decomposition/primal/repair.ts';
import { rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { budgetAndFloor } from './budget-and-floor.ts';

vi.mock('../../../../../src/solver/decomposition/primal/ordered-batches.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof batches>();
  return { ...actual, forEachInKeyOrder: vi.fn(actual.forEachInKeyOrder) };
});

/** Three outsiders overspend a budget of 2 by one; the floor needs both members, which the budget-first order cannot afford. */
function floorBeyondBudget() {
  const relax = budgetAndFloor(2, 2, [1, 1, 0, 0, 0], [1, 1, 5, 6, 7]);
  return { relax, ranking: rankChoices(relax, Float64Array.of(2, 0)) };
}

describe('the repair', () => {
  it('does not look again at a row whose mend failed when no customer has moved since (regression: a full look at the customers per round)', () => {
    // Prepare: the budget-first order's first round drops an outsider, then fails on the floor;
    // its second round would fail on the floor again from the same plan.
    const { relax, ranking } = floorBeyondBudget();
    const orderedLooks = vi.mocked(batches.forEachInKeyOrder);
    orderedLooks.mockClear();

    // Act
    const plan = repairChoice(relax, ranking);

    // Assess: budget first (the budget; the floor's cheapest moves, then, as the budget refused
    // every near one, at once those the budget allows, with no look at every customer's cheapest
    // first), then floors first (the floor, the budget).
    expect(Array.from(ranking.best)).toEqual([-1, -1, 0, 0, 0]);
    expect(plan && Array.from(plan.choice)).toEqual([0, 0, -1, -1, -1]);
    expect(orderedLooks).toHaveBeenCalledTimes(6);
  });

  it('asked for the floors first, makes the plan the budget-first order gets stuck before, without the looks that order spends', () => {
    // Prepare
    const { relax, ranking } = floorBeyondBudget();
    const orderedLooks = vi.mocked(batches.forEachInKeyOrder);
    const usual = repairChoice(relax, ranking);
    orderedLooks.mockClear();

    // Act
    const plan = repairChoice(relax, ranking, undefined, { floorsFirst: true });

    // Assess
    expect(plan && Array.from(plan.choice)).toEqual(usual && Array.from(usual.choice));
    expect(plan?.objective).toBe(2);
    expect(orderedLooks).toHaveBeenCalledTimes(3);
  });
});
