import { describe, expect, it } from 'vitest';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { expectValidPlan } from '../../support/assert-plan.ts';
import { bruteForceOptimum } from '../../support/brute-force.ts';
import { randomInstance } from '../../support/random-instance.ts';
import { expectClose } from '../../support/expect-close.ts';

describe('planWeek against brute force on tiny instances', () => {
  const seeds = Array.from({ length: 120 }, (_, s) => 1000 + s);
  const cases = seeds.flatMap((seed) => (['mip', 'counts'] as const).map((method) => [seed, method] as const));

  it.each(cases)('seed %i, %s: same optimum as enumerating every assignment', async (seed, method) => {
    // Prepare
    const instance = randomInstance(seed, 1 + (seed % 6), 4);
    const expected = bruteForceOptimum(instance);

    // Act
    const outcome = await planWeek({ ...instance, method });

    // Assess
    if (expected === undefined) {
      expect(outcome.status).toBe('infeasible');
      expect(outcome.infeasibility?.reasons.length).toBeGreaterThan(0);
      return;
    }
    expect(outcome.status).toBe('optimal');
    expectValidPlan(outcome);
    expectClose(
      outcome.solver.objective,
      expected,
      { absolute: 1e-6 * Math.max(1, Math.abs(expected)) },
      'objective against brute force',
    );
  });
});
