import { describe, expect, it } from 'vitest';
import { coreHolding, type Ranking } from '../../../../../src/solver/decomposition/ranking.ts';

describe('the customers a core holds', () => {
  it('holds every customer whose plan choice is not its ranked best, so that the plan starts the core search', () => {
    // Prepare: customers 1 and 4 are within the threshold; the plan moved 4 and 6 away from their best
    const ranking = {
      best: Int16Array.of(0, -1, 2, 1, -1, 0, 3),
      gap: Float64Array.of(3, 1, 2.5, Infinity, 0.5, 4, 2.1),
    } as Ranking;
    const plan = Int16Array.of(0, -1, 2, 1, 0, 0, -1);

    // Act
    const held = coreHolding(ranking, 1, plan);
    const wider = coreHolding(ranking, 2.2, plan);

    // Assess
    expect(Array.from(held)).toEqual([1, 4, 6]);
    expect(Array.from(wider)).toEqual([1, 4, 6]);
    for (let i = 0; i < plan.length; i++) if (!held.includes(i)) expect(plan[i]).toBe(ranking.best[i]);
  });
});
