import { describe, expect, it } from 'vitest';
import { eligibility, relaxingReach } from '../../../src/analytics/relaxing-reach.ts';
import type { Problem } from '../../../src/solver/problem.ts';
import { linkingRow as row } from '../../support/linking-row.ts';

/** A problem of `eligible[i]` (the actions customer i may take) among K actions: values NaN elsewhere. */
function problemOf(K: number, eligible: number[][]): Problem {
  const value = new Float64Array(eligible.length * K).fill(Number.NaN);
  eligible.forEach((actions, i) => actions.forEach((k) => (value[i * K + k] = 1)));
  return { n: eligible.length, K, value } as unknown as Problem;
}

describe('relaxingReach', () => {
  it("sums each member customer's costliest eligible action, past the limit", () => {
    // Prepare: costs 1, 5, 2; customer 0 may take any, 1 only the first and third, 2 none, 3 the second
    const problem = problemOf(3, [[0, 1, 2], [0, 2], [], [1]]);

    // Act
    const everyone = relaxingReach(problem, row('<=', 4, [1, 5, 2]));
    const members = relaxingReach(problem, row('<=', 1, [1, 5, 2], [0, 1, 1, 0]));

    // Assess: 5 + 2 + 0 + 5 = 12 for all, 8 past 4; 2 + 0 for customers 1 and 2, 1 past 1
    expect(everyone).toBe(8);
    expect(members).toBe(1);
  });

  it('counts every customer of a shared set of eligible actions, for every row and for members', () => {
    // Prepare: five customers eligible for the first and third actions, one for the second only
    const problem = problemOf(3, [[0, 2], [0, 2], [1], [0, 2], [0, 2], [0, 2]]);

    // Act
    const everyone = relaxingReach(problem, row('<=', 0, [1, 5, 2]));
    const members = relaxingReach(problem, row('<=', 0, [1, 5, 2], [1, 0, 1, 1, 0, 0]));

    // Assess: 5 · 2 + 5 for all; 2 + 5 + 2 for customers 0, 2 and 3
    expect(everyone).toBe(15);
    expect(members).toBe(9);
  });

  it('tells apart more actions than a bit mask holds', () => {
    const K = 40;
    const costs = Array.from({ length: K }, (_, k) => k + 0.5);
    const problem = problemOf(K, [[39], [31, 2], [0]]);
    expect(relaxingReach(problem, row('<=', 10, costs))).toBe(Math.ceil(39.5 + 31.5 + 0.5) - 10);
  });

  it('groups customers of the same eligible actions, however many actions there are', () => {
    // Prepare: 12 actions (keys in a table), 20 (in a map), 40 and 70 (two words, more);
    // customers repeating three sets, two of which differ in the first action alone
    for (const K of [12, 20, 40, 70]) {
      const sets = [[K - 1], [2, K - 9], [0, K - 9]];
      const problem = problemOf(
        K,
        Array.from({ length: 9 }, (_, i) => sets[i % 3]),
      );

      // Act
      const { group, actions } = eligibility(problem);

      // Assess: one group per distinct set, customers in the group of their set
      expect(actions).toEqual(sets);
      expect(Array.from(group)).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    }
  });

  it("is a floor's own limit", () => {
    expect(relaxingReach(problemOf(2, [[0]]), row('>=', 7, [1, 1]))).toBe(7);
  });
});
