import { describe, expect, it } from 'vitest';
import { readHybrid } from '../../../../../src/io/predictions/parquet/rle-hybrid.ts';

describe('readHybrid', () => {
  it('reads an RLE run and a bit-packed group of 1-bit definition levels', () => {
    // Prepare: a run of 3 ones (header 3 << 1, value 1), then one group of 8 bit-packed levels.
    const bytes = new Uint8Array([6, 1, 3, 0b10110010]);
    const out = new Int32Array(11);

    // Act
    const end = readHybrid(bytes, 0, bytes.length, 1, 11, out);

    // Assess
    expect([...out]).toEqual([1, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1]);
    expect(end).toBe(4);
  });

  it('keeps only the width of a run value whose byte has higher bits set (levels stay 0 or 1, so nulls are counted right)', () => {
    // Prepare: a run of 4 levels of 1 bit whose value byte is 3.
    const bytes = new Uint8Array([8, 3]);
    const out = new Int32Array(4);

    // Act
    readHybrid(bytes, 0, bytes.length, 1, 4, out);

    // Assess
    expect([...out]).toEqual([1, 1, 1, 1]);
  });

  it('reads bit-packed groups of every width up to 8 value by value, a partial last group included', () => {
    for (let width = 0; width <= 8; width++) {
      // Prepare: 21 values (two whole groups and five more) packed least significant bit first
      const values = Array.from({ length: 21 }, (_, k) => (k * 7 + 3) & ((1 << width) - 1));
      const packed = new Uint8Array(3 * width);
      values.forEach((value, k) => {
        for (let bit = 0; bit < width; bit++)
          if (value & (1 << bit)) packed[(k * width + bit) >> 3] |= 1 << ((k * width + bit) & 7);
      });
      const bytes = new Uint8Array([(3 << 1) | 1, ...packed]);
      const out = new Int32Array(21).fill(-1);

      // Act
      const end = readHybrid(bytes, 0, bytes.length, width, 21, out);

      // Assess
      expect([...out], `width ${width}`).toEqual(values);
      expect(end).toBe(bytes.length);
    }
  });
});
