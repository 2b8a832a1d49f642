import { describe, expect, it } from 'vitest';
import { thresholdForSize, type Ranking } from '../../../../src/solver/decomposition/ranking.ts';
import { rng } from '../../../support/random-instance.ts';

/** A ranking of these gaps (only the gaps are read). */
function rankingOf(gap: Float64Array): Ranking {
  return {
    best: new Int16Array(gap.length),
    gap,
    penalty: new Float64Array(0),
    objective: 0,
    usage: new Float64Array(0),
  };
}

describe('the gap threshold of a core of a given size', () => {
  it('is the size-th least finite gap of a large week, found among the nearest customers', () => {
    // Prepare: 50,000 gaps, 1 in 200 tied at 0, some customers with no eligible action
    const random = rng(41);
    const gap = Float64Array.from({ length: 50_000 }, () => {
      const draw = random();
      return draw < 0.005 ? 0 : draw > 0.98 ? Infinity : Math.round(draw * 1e6) / 1e3;
    });
    const sorted = Array.from(gap)
      .filter((g) => g !== Infinity)
      .sort((a, b) => a - b);

    // Act
    const found = [1, 100, 400, 3_000, 6_400, 40_000].map((size) => thresholdForSize(rankingOf(gap), size));

    // Assess
    expect(found).toEqual([0, 0, sorted[399], sorted[2_999], sorted[6_399], sorted[39_999]]);
  });
});
