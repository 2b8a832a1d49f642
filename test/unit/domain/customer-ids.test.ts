import { describe, expect, it } from 'vitest';
import { CustomerIds } from '../../../src/domain/customer-ids.ts';

describe('CustomerIds', () => {
  it('gives back every id as it was given: ASCII, accents, CJK, emoji, quotes and commas, the empty id', () => {
    // Prepare
    const texts = ['C1', 'Zoë', '顧客-7', '😀 smile', 'ACME, "42"', '', 'x'.repeat(300)];
    // Act
    const ids = CustomerIds.from(texts);
    // Assess
    expect(ids.length).toBe(texts.length);
    expect(texts.map((_, i) => ids.at(i))).toEqual(texts);
    expect([...ids]).toEqual(texts);
  });

  it('refuses an index outside the ids rather than inventing one', () => {
    const ids = CustomerIds.from(['A', 'B']);
    expect(() => ids.at(2)).toThrow(RangeError);
    expect(() => ids.at(-1)).toThrow(RangeError);
    expect(() => CustomerIds.from([]).at(0)).toThrow(RangeError);
  });

  it('refuses offsets that do not fit its bytes', () => {
    expect(() => new CustomerIds(new Uint8Array(3), Uint32Array.from([0, 2, 5]), 2)).toThrow(RangeError);
    expect(() => new CustomerIds(new Uint8Array(3), Uint32Array.from([0, 2]), 2)).toThrow(RangeError);
  });
});
