import { describe, expect, it } from 'vitest';
import { solveFrontier, type FrontierItem } from '../../../../../src/solver/decomposition/core/knapsack-frontier.ts';
import { expectClose } from '../../../../support/expect-close.ts';
import { rng } from '../../../../support/random-instance.ts';

/** The best worth over every count of every item that keeps the rows, by enumeration (-Infinity when none does). */
function bruteForce(items: FrontierItem[], cap: number[]): number {
  let best = -Infinity;
  const visit = (j: number, use: number[], worth: number): void => {
    if (j === items.length) {
      if (use.every((u, r) => u <= cap[r])) best = Math.max(best, worth);
      return;
    }
    const { weight, worth: of } = items[j];
    for (let m = 0; m < of.length; m++)
      visit(
        j + 1,
        use.map((u, r) => u + weight[r] * m),
        worth + of[m],
      );
  };
  visit(
    0,
    cap.map(() => 0),
    0,
  );
  return best;
}

/** A random knapsack: up to four items of up to four units, weights of either sign, worths in any order. */
function randomKnapsack(seed: number): { items: FrontierItem[]; cap: number[] } {
  const random = rng(seed);
  const rows = Math.floor(random() * 3);
  const items = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({
    weight: Array.from({ length: rows }, () => Math.floor(random() * 9) - 4),
    worth: Float64Array.from({ length: 1 + Math.floor(random() * 5) }, (_, m) =>
      m === 0 ? 0 : Math.round(random() * 200 - 80) / 10,
    ),
  }));
  return { items, cap: Array.from({ length: rows }, () => Math.floor(random() * 10) - 3) };
}

/** The rows' use and the worth of `counts` of `items`. */
function planOf(items: FrontierItem[], counts: Int32Array, rows: number): { use: number[]; worth: number } {
  const use = new Array<number>(rows).fill(0);
  let worth = 0;
  items.forEach(({ weight, worth: of }, j) => {
    expect(counts[j]).toBeGreaterThanOrEqual(0);
    expect(counts[j]).toBeLessThan(of.length);
    for (let r = 0; r < rows; r++) use[r] += weight[r] * counts[j];
    worth += of[counts[j]];
  });
  return { use, worth };
}

describe('the frontier of a knapsack with at most two rows', () => {
  it.each(Array.from({ length: 150 }, (_, k) => k + 1))(
    'seed %i: the optimum of enumerating every count, a plan that keeps the rows and is worth it',
    (seed) => {
      // Prepare
      const { items, cap } = randomKnapsack(seed);
      const expected = bruteForce(items, cap);

      // Act
      const answer = solveFrontier(items, cap, -Infinity, 1_000, 1_000_000);

      // Assess
      if (expected === -Infinity) {
        expect(answer).toBeNull();
        return;
      }
      if (!answer) throw new Error(`no answer for seed ${seed}`);
      expectClose(answer.value, expected, { absolute: 1e-9 }, 'the frontier against enumeration');
      const plan = planOf(items, answer.counts, cap.length);
      plan.use.forEach((u, r) => expect(u).toBeLessThanOrEqual(cap[r]));
      expectClose(plan.worth, answer.value, { absolute: 1e-9 }, "the plan's worth");
    },
  );

  it('keeps only plans worth more than the floor, and says none is when the optimum is not', () => {
    // Prepare: one row of room 3; the optimum takes one unit of each item, worth 7
    const items = [
      { weight: [2], worth: Float64Array.of(0, 5, 6) },
      { weight: [1], worth: Float64Array.of(0, 2, 1) },
    ];

    // Act
    const below = solveFrontier(items, [3], 6.5, 100, 1_000);
    const at = solveFrontier(items, [3], 7, 100, 1_000);

    // Assess
    expect(below?.value).toBe(7);
    expect(Array.from(below?.counts ?? [])).toEqual([1, 1]);
    expect(at).toBeNull();
  });

  it('gives up past its most partial plans or its most work, so the caller answers instead', () => {
    // Prepare: eight items of ten units on two rows make thousands of partial plans
    const items = Array.from({ length: 8 }, (_, j) => ({
      weight: [j + 1, 7 - j],
      worth: Float64Array.from({ length: 11 }, (_, m) => m * (j + 1.5) - 0.1 * m * m),
    }));

    // Act
    const states = solveFrontier(items, [40, 40], -Infinity, 10, 1_000_000);
    const work = solveFrontier(items, [40, 40], -Infinity, 1_000_000, 100);
    const enough = solveFrontier(items, [40, 40], -Infinity, 1_000_000, 1_000_000);

    // Assess
    expect(states).toBeUndefined();
    expect(work).toBeUndefined();
    expect(enough?.value).toBeGreaterThan(0);
  });
});
