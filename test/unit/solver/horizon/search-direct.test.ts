import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../../../../src/domain/policy.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { buildHorizonModel, solveHorizon } from '../../../../src/solver/horizon/index.ts';
import { generatePredictions, scaledPolicy } from '../../../../bench/generate-instance.ts';
import { expectClose } from '../../../support/expect-close.ts';

describe('the direct MIP of the horizon (one binary per customer and sequence)', () => {
  it.each([
    { customers: 40, weeks: 3, seed: 3, policy: 'default' },
    { customers: 40, weeks: 3, seed: 11, policy: 'scaled' },
    { customers: 60, weeks: 2, seed: 7, policy: 'scaled' },
    // Three Free customers whose coverage floor binds every week: its row is the hull's (floor-cuts.ts)
    { customers: 10, weeks: 4, seed: 3, policy: 'default' },
  ])(
    '$customers customers × $weeks weeks, seed $seed, $policy policy: the same proven optimum as the count MIP',
    async ({ customers, weeks, seed, policy }) => {
      // Prepare: generated customers, the default catalog, the default or the size-scaled (tight) policy
      const predictions = generatePredictions(customers, seed);
      const rules = { ...(policy === 'scaled' ? scaledPolicy(customers) : DEFAULT_POLICY), weeks };
      const model = buildHorizonModel(predictions, [...DEFAULT_CATALOG], rules);
      const highs = await getHighs();

      // Act
      const direct = await solveHorizon(highs, model, { timeLimitSeconds: 60, search: 'direct' });
      const counts = await solveHorizon(highs, model, { timeLimitSeconds: 60, search: 'counts' });

      // Assess
      expect(direct.status).toBe('optimal');
      expect(counts.status).toBe('optimal');
      expectClose(direct.objective, counts.objective, { relative: 1e-6 }, 'optimum of both searches');
      expect(direct.bound).toBeGreaterThanOrEqual(direct.objective);
    },
  );
});
