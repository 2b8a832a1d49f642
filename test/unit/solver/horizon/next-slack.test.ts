import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../../../../src/domain/policy.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { optionCount } from '../../../../src/solver/horizon/customer-candidates.ts';
import { buildHorizonModel } from '../../../../src/solver/horizon/index.ts';
import { nextSlack } from '../../../../src/solver/horizon/next-slack.ts';
import { generatePredictions } from '../../../../bench/generate-instance.ts';
import { priceAtBestMultipliers } from '../../../support/horizon-pricing.ts';

describe("the direct search's next slack (nextSlack)", () => {
  it('goes to the gap when its set is hardly larger, and stays at the grown slack when the gap adds many sequences', async () => {
    // Prepare: 100 customers over 4 weeks, seed 11, priced at the best multipliers
    const model = buildHorizonModel(generatePredictions(100, 11), [...DEFAULT_CATALOG], {
      ...DEFAULT_POLICY,
      weeks: 4,
    });
    const highs = await getHighs();
    const pricing = await priceAtBestMultipliers(highs, model);
    const count = (slack: number) =>
      optionCount(nextSlack(model, pricing, { grown: slack, gap: slack, hair: 0, cap: Infinity })!.listed);

    // Act: a gap of 1.128 after a round at 0.183 (regression: horizon21 went to the gap, a MIP twice as slow)
    const far = nextSlack(model, pricing, { grown: 0.7337, gap: 1.128, hair: 0, cap: Infinity });
    const near = nextSlack(model, pricing, { grown: 1.12, gap: 1.128, hair: 0, cap: Infinity });

    // Assess: the gap's set has over a tenth more sequences than the grown one's in the first case only
    expect(count(1.128)).toBeGreaterThan(1.1 * count(0.7337));
    expect(far?.slack).toBe(0.7337);
    expect(far && optionCount(far.listed)).toBe(count(0.7337));
    expect(near?.slack).toBe(1.128);
  });

  it('goes to the gap when its set adds under a fifth more sequences', async () => {
    // Prepare: 250 customers over 3 weeks, seed 3, priced at the best multipliers
    const model = buildHorizonModel(generatePredictions(250, 3), [...DEFAULT_CATALOG], {
      ...DEFAULT_POLICY,
      weeks: 3,
    });
    const highs = await getHighs();
    const pricing = await priceAtBestMultipliers(highs, model);
    const count = (slack: number) =>
      optionCount(nextSlack(model, pricing, { grown: slack, gap: slack, hair: 0, cap: Infinity })!.listed);

    // Act: a gap of 1.765 after a round at 0.319 (regression: the round at 1.275 proved nothing and took a third of the solve)
    const next = nextSlack(model, pricing, { grown: 1.275, gap: 1.765, hair: 0, cap: Infinity });

    // Assess: the gap's set has over a tenth, under a fifth, more sequences than the grown one's
    expect(count(1.765)).toBeGreaterThan(1.1 * count(1.275));
    expect(count(1.765)).toBeLessThan(1.2 * count(1.275));
    expect(next?.slack).toBe(1.765);
  });
});
