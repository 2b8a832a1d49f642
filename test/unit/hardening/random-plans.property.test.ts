import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { expectValidPlan } from '../../support/assert-plan.ts';
import { randomInstance } from '../../support/random-instance.ts';
import { expectClose } from '../../support/expect-close.ts';

const instance = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  customers: fc.integer({ min: 1, max: 40 }),
  maxActions: fc.integer({ min: 1, max: 6 }),
});

describe('plans on random instances (property)', () => {
  it('through the whole-model MIP and the decomposition: every plan passes the independent checker, and both agree', async () => {
    await fc.assert(
      fc.asyncProperty(instance, async ({ seed, customers, maxActions }) => {
        const { predictions, catalog, policy } = randomInstance(seed, customers, maxActions);
        const mip = await planWeek({ predictions, catalog, policy, method: 'mip', timeLimitSeconds: 20 });
        const split = await planWeek({ predictions, catalog, policy, method: 'decomposition', timeLimitSeconds: 20 });
        for (const outcome of [mip, split]) {
          expect(['optimal', 'infeasible']).toContain(outcome.status);
          if (outcome.status === 'optimal') expectValidPlan(outcome);
          else expect(outcome.infeasibility?.reasons.length ?? 0).toBeGreaterThan(0);
        }
        expect(split.status).toBe(mip.status);
        if (mip.status === 'optimal') {
          const tolerance = 1e-6 * Math.max(1, Math.abs(mip.solver.objective));
          expectClose(
            split.solver.objective,
            mip.solver.objective,
            { absolute: tolerance },
            'decomposition objective against the whole-model MIP',
          );
        }
      }),
      { numRuns: 30 },
    );
  });
});
