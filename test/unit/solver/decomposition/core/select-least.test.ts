import { describe, expect, it } from 'vitest';
import { selectLeast } from '../../../../../src/solver/decomposition/core/select-least.ts';
import { rng } from '../../../../support/random-instance.ts';

describe('selectLeast', () => {
  it('puts the k least values first and nothing smaller after them, on random, tied and ordered inputs', () => {
    const random = rng(5);
    const inputs = [
      Float64Array.from({ length: 3_000 }, () => random()),
      Float64Array.from({ length: 3_000 }, () => Math.floor(random() * 3)),
      Float64Array.from({ length: 3_000 }, (_, i) => i),
      Float64Array.from({ length: 3_000 }, (_, i) => 3_000 - i),
      new Float64Array(300),
    ];
    for (const input of inputs)
      for (const k of [1, 17, 200, input.length - 1]) {
        // Act
        const values = Float64Array.from(input);
        selectLeast(values, k);

        // Assess: the same values, and the first k are the k least
        const first = values.subarray(0, k);
        const expected = Float64Array.from(input).sort();
        expect(Float64Array.from(values).sort()).toEqual(expected);
        expect(Math.max(...first)).toBe(expected[k - 1]);
        expect(Math.min(...values.subarray(k))).toBe(expected[k]);
      }
  });
});
