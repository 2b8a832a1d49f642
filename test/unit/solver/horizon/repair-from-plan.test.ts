import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../../../../src/domain/policy.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { listCustomerOptions } from '../../../../src/solver/horizon/customer-candidates.ts';
import { buildDirectMip } from '../../../../src/solver/horizon/direct-mip.ts';
import { buildHorizonModel } from '../../../../src/solver/horizon/index.ts';
import { runMip } from '../../../../src/solver/horizon/mip-model.ts';
import { keepsHorizonRows, scoreHorizonPlan } from '../../../../src/solver/horizon/plan-score.ts';
import { repairPlan } from '../../../../src/solver/horizon/repair-plan.ts';
import { generatePredictions } from '../../../../bench/generate-instance.ts';
import { priceAtBestMultipliers } from '../../../support/horizon-pricing.ts';
import { expectClose } from '../../../support/expect-close.ts';

describe('the repair heuristic started from a plan (repairPlan with `from`)', () => {
  it("improves the best plan of the direct search's first, small set by switches among wider options", async () => {
    // Prepare: 250 customers over 2 weeks; the best plan over the sequences within 0.003% of the bound
    const model = buildHorizonModel(generatePredictions(250, 3), [...DEFAULT_CATALOG], { ...DEFAULT_POLICY, weeks: 2 });
    const highs = await getHighs();
    const pricing = await priceAtBestMultipliers(highs, model);
    const bound = pricing.point.value;
    const small = listCustomerOptions(model, pricing, 3e-5 * bound, 4_000)!;
    const run = runMip(highs, buildDirectMip(model, small, 3e-5 * bound, -Infinity), {
      integer: true,
      absoluteGap: 1e-6,
      seconds: 60,
    });
    const start = new Int16Array(model.weeks * model.n).fill(-1);
    let col = 0;
    for (const { customer, options } of small)
      for (const option of options)
        if (run.x![col++] > 0.5)
          for (let t = 0; t < model.weeks; t++) start[t * model.n + customer] = option.actions[t];
    const first = scoreHorizonPlan(model, start)!;
    const wide = listCustomerOptions(model, pricing, 0.02 * bound, 4_000)!;

    // Act
    const improved = scoreHorizonPlan(model, repairPlan(model, wide, start)!)!;

    // Assess: the first plan lies over 1% below the bound, the improved one within 0.2% (from scratch the repair reaches 1%)
    expect(keepsHorizonRows(model, first.usage)).toBe(true);
    expect(first.objective).toBeLessThan(0.99 * bound);
    expect(keepsHorizonRows(model, improved.usage)).toBe(true);
    expect(improved.objective).toBeLessThanOrEqual(bound);
    expectClose(improved.objective, bound, { relative: 2e-3 }, 'improved plan against the bound');
  });
});
