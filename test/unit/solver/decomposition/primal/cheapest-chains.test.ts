import { describe, expect, it } from 'vitest';
import { cheapestChains } from '../../../../../src/solver/decomposition/primal/cheapest-chains.ts';
import { rng } from '../../../../support/random-instance.ts';

/** Plain Bellman-Ford: every slot with a distance relaxed in every round, as meetCounts ran it before. */
function everySlotEveryRound(cost: Float64Array, dist: Float64Array, prev: Int32Array): void {
  const S = dist.length;
  for (let round = 0; round < S; round++) {
    let changed = false;
    for (let a = 0; a < S; a++) {
      if (dist[a] === Infinity) continue;
      for (let b = 0; b < S; b++) {
        const d = dist[a] + cost[a * S + b];
        if (d < dist[b]) {
          dist[b] = d;
          prev[b] = a;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
}

/**
 * S slots' arcs: whole costs (so chains tie) shifted by slot potentials, which makes some
 * negative but no cycle; a few arcs missing (∞) and none from a slot to itself.
 */
function slotArcs(random: () => number, S: number): Float64Array {
  const potential = Array.from({ length: S }, () => Math.floor(random() * 6));
  const cost = new Float64Array(S * S);
  for (let a = 0; a < S; a++)
    for (let b = 0; b < S; b++)
      cost[a * S + b] = a === b || random() < 0.2 ? Infinity : Math.floor(random() * 4) + potential[a] - potential[b];
  return cost;
}

describe('the cheapest chains between slots', () => {
  it('finds the same distances and last steps as relaxing every slot in every round', () => {
    const random = rng(57);
    let negative = 0;
    for (let trial = 0; trial < 300; trial++) {
      // Prepare: 2 to 27 slots (up to 26 actions and none), one to three sources
      const S = 2 + Math.floor(random() * 26);
      const cost = slotArcs(random, S);
      negative += cost.filter((c) => c < 0).length > 0 ? 1 : 0;
      const start = new Float64Array(S).fill(Infinity);
      for (let s = 0; s < 1 + Math.floor(random() * 3); s++) start[Math.floor(random() * S)] = 0;
      const dist = start.slice();
      const prev = new Int32Array(S).fill(-1);
      const plainDist = start.slice();
      const plainPrev = new Int32Array(S).fill(-1);

      // Act
      cheapestChains(cost, dist, prev, new Uint8Array(S));
      everySlotEveryRound(cost, plainDist, plainPrev);

      // Assess
      expect(dist).toEqual(plainDist);
      expect(prev).toEqual(plainPrev);
    }
    expect(negative).toBeGreaterThan(200);
  });
});
