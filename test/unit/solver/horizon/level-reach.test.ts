import { describe, expect, it } from 'vitest';
import { countLevelReach } from '../../../../src/solver/horizon/candidates.ts';
import { rng } from '../../../support/random-instance.ts';

/** The direct count: per level, each customer tested against every interval. */
function countDirectly(weights: Float64Array, intervals: [number, number][], levels: Int32Array, count: number) {
  const inside = (w: number, keep: (level: number) => boolean) =>
    intervals.some(([a, b], o) => keep(levels[o]) && a <= w && w <= b);
  const reach = Array.from({ length: count }, (_, l) => weights.filter((w) => inside(w, (at) => at <= l)).length);
  const stay = Array.from({ length: count }, (_, l) => weights.filter((w) => !inside(w, (at) => at > l)).length);
  return { reach, stay };
}

describe('the count search bounding the customers on each level of a type', () => {
  it.each(Array.from({ length: 40 }, (_, s) => 7300 + s))(
    'seed %i: counts the customers some interval up to a level reaches, and those none past it does, as a direct count',
    (seed) => {
      // Prepare: tied weights (descending), intervals that overlap, touch, nest or are empty, levels in any order
      const random = rng(seed);
      const grid = (v: number) => Math.round(v * 8) / 8;
      const weights = Float64Array.from({ length: 1 + Math.floor(30 * random()) }, () => grid(10 * random())).sort(
        (x, y) => y - x,
      );
      const count = 1 + Math.floor(6 * random());
      const intervals = Array.from({ length: Math.floor(12 * random()) }, (): [number, number] => {
        const a = grid(11 * random() - 0.5);
        return [a, random() < 0.1 ? a - 1 : a + grid(4 * random())];
      });
      const levels = Int32Array.from(intervals, () => Math.floor(count * random()));

      // Act
      const counted = countLevelReach(weights, intervals, levels, count);

      // Assess
      const direct = countDirectly(weights, intervals, levels, count);
      expect(Array.from(counted.reach)).toEqual(direct.reach);
      expect(Array.from(counted.stay)).toEqual(direct.stay);
    },
  );
});
