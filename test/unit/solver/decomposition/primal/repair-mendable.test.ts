import { describe, expect, it } from 'vitest';
import { markMendable } from '../../../../../src/solver/decomposition/primal/repair-mendable.ts';
import { budgetAndFloor } from './budget-and-floor.ts';

describe('the options a repair can mend a row from', () => {
  it('are those with a move that lowers a cap or raises a floor: an emailed customer for the budget, an unemailed member for the floor', () => {
    // Prepare: customers 0 and 1 are the floor's members, 2 and 3 are not; one action, email at $1.
    const relax = budgetAndFloor(1, 1, [1, 1, 0, 0], [1, 2, 3, 4]);
    const into = new Uint8Array(relax.C * (relax.K + 1));
    const at = (i: number, option: number) => relax.classOf[i] * (relax.K + 1) + option + 1;

    // Act
    const budget = Array.from(markMendable(relax, 0, into));
    const floor = Array.from(markMendable(relax, 1, into));

    // Assess: options are none (-1) and email (0).
    for (const i of [0, 2]) {
      expect([budget[at(i, -1)], budget[at(i, 0)]]).toEqual([0, 1]);
    }
    expect([floor[at(0, -1)], floor[at(0, 0)]]).toEqual([1, 0]);
    expect([floor[at(2, -1)], floor[at(2, 0)]]).toEqual([0, 0]);
  });
});
