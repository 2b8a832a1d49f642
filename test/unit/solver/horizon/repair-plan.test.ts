import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../../../../src/domain/policy.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { listCustomerOptions } from '../../../../src/solver/horizon/customer-candidates.ts';
import { buildHorizonModel } from '../../../../src/solver/horizon/index.ts';
import { keepsHorizonRows, scoreHorizonPlan } from '../../../../src/solver/horizon/plan-score.ts';
import { repairPlan } from '../../../../src/solver/horizon/repair-plan.ts';
import { generatePredictions } from '../../../../bench/generate-instance.ts';
import { priceAtBestMultipliers } from '../../../support/horizon-pricing.ts';
import { expectClose } from '../../../support/expect-close.ts';

describe('the repair heuristic of the direct search (repairPlan)', () => {
  it('turns the best sequences at the multipliers, which break the budget, into a plan that keeps every row', async () => {
    // Prepare: 100 customers over 3 weeks: at the best multipliers their best sequences break rows
    const model = buildHorizonModel(generatePredictions(100, 3), [...DEFAULT_CATALOG], { ...DEFAULT_POLICY, weeks: 3 });
    const highs = await getHighs();
    const pricing = await priceAtBestMultipliers(highs, model);
    const listed = listCustomerOptions(model, pricing, 0.003 * pricing.point.value, 4_000)!;
    const best = new Int16Array(model.weeks * model.n).fill(-1);
    for (const { customer, options } of listed)
      for (let t = 0; t < model.weeks; t++) best[t * model.n + customer] = options[0].actions[t];

    // Act
    const choices = repairPlan(model, listed);

    // Assess: the best sequences alone break a row; the repaired plan keeps them all, within 0.3% of the bound
    expect(keepsHorizonRows(model, scoreHorizonPlan(model, best)!.usage)).toBe(false);
    const plan = scoreHorizonPlan(model, choices!)!;
    expect(keepsHorizonRows(model, plan.usage)).toBe(true);
    expect(plan.objective).toBeLessThanOrEqual(pricing.point.value);
    expectClose(plan.objective, pricing.point.value, { relative: 3e-3 }, 'repaired plan against the bound');
  });
});
