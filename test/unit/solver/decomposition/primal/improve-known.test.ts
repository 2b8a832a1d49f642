import { describe, expect, it } from 'vitest';
import { improveKnown } from '../../../../../src/solver/decomposition/primal/improve-known.ts';
import { rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { scoreChoice } from '../../../../../src/solver/decomposition/scored-plan.ts';
import { budgetAndFloor } from './budget-and-floor.ts';

describe('a check’s known plan', () => {
  it('uses a relaxed floor by an exchange (a member steps down, freeing the budget an outsider needs), which no single move makes', () => {
    // Prepare: both members are covered and spend the whole budget of 2; the floor, relaxed from
    // 2 to 1, lets one of them make way for the outsider worth 5.
    const relax = budgetAndFloor(2, 1, [1, 1, 0], [1, 1.5, 5]);
    const ranking = rankChoices(relax, Float64Array.of(2, 0));
    const known = scoreChoice(relax, Int16Array.of(0, 0, -1));
    const settles = (objective: number) => objective >= 6.5;

    // Act
    const improved = improveKnown(relax, known, ranking, settles);

    // Assess
    expect(known.objective).toBe(2.5);
    expect(Array.from(improved.choice)).toEqual([-1, 0, 0]);
    expect(improved.objective).toBe(6.5);
    expect(Array.from(improved.usage)).toEqual([2, 1]);
  });
});
