import { describe, expect, it } from 'vitest';
import { markAllowed, markMendable } from '../../../../../src/solver/decomposition/primal/repair-mendable.ts';
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

  it('that the other rows allow are marked per kind of move and per option moved from, afresh for each pass', () => {
    // Prepare: the floor (row 1) is mended by emailing an unemailed member; say the budget refuses it.
    const relax = budgetAndFloor(1, 1, [1, 1, 0, 0], [1, 2, 3, 4]);
    const options = relax.K + 1;
    const into = {
      allowed: new Uint8Array(relax.C * options * options),
      allowedFrom: new Uint8Array(relax.C * options),
    };
    const member = relax.classOf[0];
    const from = (option: number) => member * options + option + 1;
    const kind = (option: number, to: number) => from(option) * options + to + 1;

    // Act
    markAllowed(relax, 1, into, () => false);
    const refused = { kind: into.allowed[kind(-1, 0)], from: Array.from(into.allowedFrom) };
    markAllowed(relax, 1, into, () => true);

    // Assess: refused, no option offers a move; allowed, only 'none' does (email → none lowers the floor)
    expect(refused).toEqual({ kind: 2, from: new Array(relax.C * options).fill(0) });
    expect(into.allowed[kind(-1, 0)]).toBe(1);
    expect([into.allowedFrom[from(-1)], into.allowedFrom[from(0)]]).toEqual([1, 0]);
  });
});
