import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valuesAtRanks } from '../../../src/analytics/order-statistics.ts';
import { clvTercileCuts } from '../../../src/analytics/plan-detail.ts';

describe('valuesAtRanks (property): the CLV tercile cuts without sorting a million values', () => {
  it('gives the value at each rank that a sorted copy holds (ties, -0 before 0, NaN last)', () => {
    const value = fc.oneof(fc.double(), fc.constantFrom(0, -0, 1, 2, 2, 2, NaN, 250.5));
    const values = fc.array(value, { minLength: 1, maxLength: 300 }).map((xs) => Float64Array.from(xs));
    fc.assert(
      fc.property(values, fc.array(fc.nat(), { maxLength: 4 }), (v, picks) => {
        const ranks = picks.map((pick) => pick % v.length);
        const sorted = Float64Array.from(v).sort();
        const found = valuesAtRanks(v, ranks);
        ranks.forEach((rank, at) => expect(found[at]).toBe(sorted[rank]));
      }),
      { numRuns: 3_000 },
    );
  });

  it('cuts a week of many identical CLVs at its nearest-rank terciles', () => {
    // Prepare: 90,000 customers, a third at each of three values, shuffled
    const v = Float64Array.from({ length: 90_000 }, (_, i) => [120, 40, 900][(i * 7919) % 3]);

    // Act
    const cuts = clvTercileCuts(v);

    // Assess
    expect(cuts).toEqual([40, 120]);
  });
});
