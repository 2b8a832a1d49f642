import { describe, expect, it } from 'vitest';
import {
  sampledThresholdForSize,
  selectCore,
  thresholdForSize,
  type Ranking,
} from '../../../../../src/solver/decomposition/ranking.ts';
import { forEachInKeyOrder } from '../../../../../src/solver/decomposition/primal/ordered-batches.ts';
import { selectRank } from '../../../../../src/solver/decomposition/ranking.ts';
import { rng } from '../../../../support/random-instance.ts';

function randomKeys(seed: number, count: number, distinct: number): Float64Array {
  const random = rng(seed);
  return Float64Array.from({ length: count }, () => Math.floor(random() * distinct) / 7 - 3);
}

describe('selection and batched ordering', () => {
  it('selects the k-th smallest key as a full sort would, ties and all', () => {
    for (let seed = 1; seed <= 40; seed++) {
      // Prepare
      const count = 1 + ((seed * 37) % 900);
      const keys = randomKeys(seed, count, seed % 3 === 0 ? 5 : 10_000);
      const sorted = Float64Array.from(keys).sort();
      for (const rank of [0, count >> 1, count - 1, (seed * 11) % count]) {
        // Act
        const picked = selectRank(Float64Array.from(keys), count, rank);

        // Assess
        expect(picked).toBe(sorted[rank]);
      }
    }
  });

  it('visits every index in ascending key order, ties by index, across batch boundaries', () => {
    for (const [seed, count] of [
      [1, 0],
      [2, 1],
      [3, 255],
      [4, 257],
      [5, 3000],
      [6, 20_000],
    ]) {
      // Prepare
      const keys = randomKeys(seed, count, seed % 2 === 0 ? 40 : 1_000_000);
      const expected = Array.from({ length: count }, (_, j) => j).sort((a, b) => keys[a] - keys[b] || a - b);
      const visited: number[] = [];

      // Act
      forEachInKeyOrder(keys, count, new Float64Array(count), (j) => {
        visited.push(j);
        return true;
      });

      // Assess
      expect(visited).toEqual(expected);
    }
  });

  it('stops at the first visit that returns false and never sorts what it does not reach', () => {
    // Prepare
    const keys = randomKeys(9, 50_000, 1_000_000);
    const smallest = Array.from(keys.keys())
      .sort((a, b) => keys[a] - keys[b] || a - b)
      .slice(0, 10);
    const visited: number[] = [];

    // Act
    forEachInKeyOrder(keys, keys.length, new Float64Array(keys.length), (j) => {
      visited.push(j);
      return visited.length < 10;
    });

    // Assess
    expect(visited).toEqual(smallest);
  });

  it('finds the gap below which a sixteenth of the customers lie, exactly for few customers and from a sample for many', () => {
    for (const [seed, count] of [
      [1, 3000],
      [2, 16_000],
      [3, 20_000],
      [4, 75_000],
    ]) {
      // Prepare: gaps spread over decades, some customers with no action at all (Infinity)
      const random = rng(seed);
      const gap = Float64Array.from({ length: count }, () => (random() < 0.05 ? Infinity : 10 ** (4 * random() - 2)));
      const ranking = { gap } as Ranking;
      const size = count >> 4;

      // Act
      const sampled = sampledThresholdForSize(ranking, size);

      // Assess: within a tenth of the size (the sample's error), and exactly below 16,384 customers
      const near = selectCore(ranking, sampled).length;
      if (count < 16_384) expect(sampled).toBe(thresholdForSize(ranking, size));
      expect(Math.abs(near - size)).toBeLessThan(0.1 * size);
    }
  });
});
