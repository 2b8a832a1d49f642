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

  it('matches a sorted copy on long arrays, read through a sample or not', () => {
    const shapes = fc.constantFrom('uniform', 'ties', 'sorted', 'reversed', 'spike', 'signed-zeros');
    fc.assert(
      fc.property(
        shapes,
        fc.integer({ min: 1 << 15, max: 90_000 }),
        fc.constantFrom(0, 0.001, 0.2),
        (shape, n, nan) => {
          // Prepare: a long array of one shape, a share of NaN, and ranks across it
          const v = longArray(shape, n, nan);
          const ranks = [0, Math.floor(n / 3), Math.ceil((2 * n) / 3) - 1, n - 1, Math.floor(n / 2)];

          // Act
          const found = valuesAtRanks(v, ranks);

          // Assess
          const sorted = Float64Array.from(v).sort();
          ranks.forEach((rank, at) => expect(Object.is(found[at], sorted[rank])).toBe(true));
        },
      ),
      { numRuns: 40 },
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

/** A deterministic array of `n` values of one shape with about a `nan` share of NaN. */
function longArray(shape: string, n: number, nan: number): Float64Array {
  let seed = n;
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const v = Float64Array.from({ length: n }, (_, i) => {
    if (random() < nan) return NaN;
    switch (shape) {
      case 'ties':
        return [40, 120, 900][Math.floor(random() * 3)];
      case 'sorted':
        return i;
      case 'reversed':
        return n - i;
      case 'spike':
        return random() < 0.9 ? 5 : random() * 1e6;
      case 'signed-zeros':
        return [0, -0, 1, -1][Math.floor(random() * 4)];
      default:
        return random() * 1000;
    }
  });
  return v;
}
