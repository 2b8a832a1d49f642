import { describe, expect, it } from 'vitest';
import { drawWildWeek } from '../../../bench/wild-weeks.ts';
import { LINE_SETUP_PASSES } from '../../../src/solver/decomposition/dual/rented-screen.ts';
import { planWeek, solvedProblemOf } from '../../../src/solver/plan-week.ts';

describe('planWeek told that re-solves follow (its marginal values)', () => {
  it('sets the dual’s line screen up at once instead of renting the margin screen first, for the same plan', async () => {
    // Prepare: week 45 of bench/explore.ts (its values lie on lines), drawn anew for each plan so that neither finds the other's lines
    const plan = async (manySolves: boolean) => {
      const outcome = await planWeek({ ...drawWildWeek(45, 12_000), timeLimitSeconds: 30, manySolves });
      const solved = solvedProblemOf(outcome);
      const { n, K } = solved?.problem ?? { n: Number.NaN, K: Number.NaN };
      return { outcome, reads: solved?.dual?.work?.reads ?? Number.NaN, price: LINE_SETUP_PASSES * n * K };
    };

    // Act
    const rented = await plan(false);
    const bought = await plan(true);

    // Assess: both proven optimal alike; the rent (full passes by margins) paid only without the hint
    expect(bought.outcome.status).toBe('optimal');
    expect(Math.abs(bought.outcome.kpis.net_value - rented.outcome.kpis.net_value)).toBeLessThanOrEqual(
      2e-6 * Math.abs(rented.outcome.kpis.net_value),
    );
    expect(rented.reads).toBeGreaterThanOrEqual(rented.price);
    expect(bought.reads).toBeLessThan(rented.reads - bought.price / 2);
  });
});
