import { describe, expect, it, vi } from 'vitest';
import * as batches from '../../../../../src/solver/decomposition/primal/ordered-batches.ts';
import { repairChoice } from '../../../../../src/solver/decomposition/primal/repair.ts';
import { rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { budgetAndFloor } from './budget-and-floor.ts';

vi.mock('../../../../../src/solver/decomposition/primal/ordered-batches.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof batches>();
  return { ...actual, forEachInKeyOrder: vi.fn(actual.forEachInKeyOrder) };
});

describe('the repair of a row the nearest customers cannot mend', () => {
  it('looks at wider levels of gap before every customer (regression: a look at all 32,768 to drop 3,000)', () => {
    // Prepare: 32,768 emails at $1 over a budget 3,000 short; each drop loses the customer's
    // value, spread in scrambled order, so the nearest sixteenth (2,048) cannot mend the budget.
    const n = 32_768;
    const dropped = 3000;
    const value = Array.from({ length: n }, (_, i) => 1 + ((i * 7919) % n) / n);
    const relax = budgetAndFloor(n - dropped, 0, new Array<number>(n).fill(0), value);
    const ranking = rankChoices(relax, new Float64Array(relax.R));
    const looks = vi.mocked(batches.forEachInKeyOrder);
    looks.mockClear();

    // Act
    const plan = repairChoice(relax, ranking);

    // Assess: the 3,000 least valuable dropped, and no look at more than a quarter of the customers.
    const cheapest = new Set(
      Array.from({ length: n }, (_, i) => i)
        .sort((a, b) => value[a] - value[b])
        .slice(0, dropped),
    );
    expect(plan && Array.from(plan.choice)).toEqual(value.map((_, i) => (cheapest.has(i) ? -1 : 0)));
    const largestLook = Math.max(...looks.mock.calls.map((call) => call[1]));
    expect(largestLook).toBeLessThanOrEqual(n / 4);
  });
});
