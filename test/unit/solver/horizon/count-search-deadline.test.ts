import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { generatePredictions, scaledPolicy } from '../../../../bench/generate-instance.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { listCandidates } from '../../../../src/solver/horizon/candidates.ts';
import { buildHorizonModel, planMyopic, type HorizonModel } from '../../../../src/solver/horizon/index.ts';
import { scoreHorizonPlan, type ScoredHorizonPlan } from '../../../../src/solver/horizon/plan-score.ts';
import { priceTypes, type Pricing } from '../../../../src/solver/horizon/pricing.ts';
import { searchByCounts } from '../../../../src/solver/horizon/search-counts.ts';

/** HiGHS, counting the models built on it (one per LP or MIP solved). */
function countModels(highs: Highs): { highs: Highs; built: () => number } {
  let built = 0;
  const counted = new Proxy(highs, {
    get: (target, key, receiver) =>
      key === 'createModel'
        ? (...args: Parameters<Highs['createModel']>) => {
            built++;
            return target.createModel(...args);
          }
        : Reflect.get(target, key, receiver),
  });
  return { highs: counted, built: () => built };
}

describe('the count search out of time (issue 18: listings over a wide slack overran the limit by seconds)', () => {
  let model: HorizonModel;
  let pricing: Pricing;
  let myopic: ScoredHorizonPlan;
  beforeAll(async () => {
    model = buildHorizonModel(generatePredictions(60, 11), [...DEFAULT_CATALOG], { ...scaledPolicy(60), weeks: 4 });
    // Multipliers of zero: the bound is far above every plan, so the slack to the myopic plan is wide.
    pricing = priceTypes(model, new Float64Array(model.relax.R));
    const planned = await planMyopic(model, model.predictions, { timeLimitSeconds: 10 });
    myopic = scoreHorizonPlan(model, planned.choices!)!;
  });

  it('stops a listing at its first look at the clock past the deadline, and says it is not complete', () => {
    // Prepare: the clock runs out after the first look
    let looks = 0;
    const outOfTime = () => ++looks > 1;

    // Act
    const full = listCandidates(model, pricing, 1e9, 4096);
    const cut = listCandidates(model, pricing, 1e9, 4096, outOfTime);

    // Assess
    expect(full.complete).toBe(true);
    expect(cut.complete).toBe(false);
    expect(cut.columns).toBeLessThan(full.columns);
  });

  it('starts no LP or MIP once no time is left, and answers with the plan it started from', async () => {
    // Prepare: time for the loop to start, none once the listing looks at the clock
    const { highs, built } = countModels(await getHighs());
    let looks = 0;
    const remaining = () => (looks++ === 0 ? 10 : 0);

    // Act: the bug was a listing blind to the clock, then a MIP started with no time left
    const searched = searchByCounts(highs, model, pricing, {
      incumbent: myopic,
      worstPlan: -1e9,
      remaining,
    });

    // Assess
    expect(built()).toBe(0);
    expect(searched.plan).toBe(myopic);
    expect(searched.infeasible).toBe(false);
    expect(searched.bound).toBeGreaterThanOrEqual(myopic.objective);
  });
});
