import { describe, expect, it } from 'vitest';
import { forEachInKeyOrder, selectRank } from '../../../../src/solver/decomposition/ordered-batches.ts';
import { rng } from '../../../support/random-instance.ts';

function randomKeys(seed: number, count: number, distinct: number): Float64Array {
  const random = rng(seed);
  return Float64Array.from({ length: count }, () => Math.floor(random() * distinct) / 7 - 3);
}

describe('selection and batched ordering', () => {
  it('selects the k-th smallest key as a full sort would, ties and all', () => {
    for (let seed = 1; seed <= 40; seed++) {
      // Prepare
      const count = 1 + (seed * 37) % 900;
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
    for (const [seed, count] of [[1, 0], [2, 1], [3, 255], [4, 257], [5, 3000], [6, 20_000]]) {
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
    const smallest = Array.from(keys.keys()).sort((a, b) => keys[a] - keys[b] || a - b).slice(0, 10);
    const visited: number[] = [];

    // Act
    forEachInKeyOrder(keys, keys.length, new Float64Array(keys.length), (j) => {
      visited.push(j);
      return visited.length < 10;
    });

    // Assess
    expect(visited).toEqual(smallest);
  });
});
