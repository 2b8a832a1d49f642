import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../../../../src/domain/policy.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { listCustomerOptions } from '../../../../src/solver/horizon/customer-candidates.ts';
import { buildHorizonModel, solveHorizon } from '../../../../src/solver/horizon/index.ts';
import { keepsHorizonRows, scoreHorizonPlan } from '../../../../src/solver/horizon/plan-score.ts';
import { repairPlan } from '../../../../src/solver/horizon/repair-plan.ts';
import { searchDirect } from '../../../../src/solver/horizon/search-direct.ts';
import { generatePredictions } from '../../../../bench/generate-instance.ts';
import { priceAtBestMultipliers } from '../../../support/horizon-pricing.ts';
import { expectClose } from '../../../support/expect-close.ts';

describe('the direct search, given an incumbent', () => {
  it('returns the best plan of its first, small set when that beats the incumbent (regression: that round asked for UB − slack, above it)', async () => {
    // Prepare: 10 customers over 8 weeks, whose optimum lies in the first round's set; the repair's plan, short of it, as incumbent
    const model = buildHorizonModel(generatePredictions(10, 3), [...DEFAULT_CATALOG], { ...DEFAULT_POLICY, weeks: 8 });
    const highs = await getHighs();
    const optimum = await solveHorizon(highs, model, { timeLimitSeconds: 60 });
    const pricing = await priceAtBestMultipliers(highs, model);
    const listed = listCustomerOptions(model, pricing, 0.5, 4_000);
    const repaired = listed && repairPlan(model, listed);
    const incumbent = repaired && scoreHorizonPlan(model, repaired);
    // Time for one round only: the loop's first look and the round's own time limit.
    let looks = 0;
    const remaining = () => (++looks <= 2 ? 60 : 0);

    // Act
    const searched = searchDirect(highs, model, pricing, {
      ...(incumbent ? { incumbent } : {}),
      worstPlan: -1e9,
      remaining,
    });

    // Assess
    expect(optimum.status).toBe('optimal');
    expect(incumbent && keepsHorizonRows(model, incumbent.usage)).toBe(true);
    expect(incumbent?.objective).toBeLessThan(optimum.objective - 1e-3);
    expectClose(searched?.plan?.objective ?? -Infinity, optimum.objective, { relative: 1e-9 }, 'plan after one round');
  });
});
