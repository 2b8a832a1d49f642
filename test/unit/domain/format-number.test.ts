import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDollarAmount, formatNumber } from '../../../src/domain/format-number.ts';

const intl = (value: number, max: number, min: number) =>
  value.toLocaleString('en-US', { minimumFractionDigits: min, maximumFractionDigits: max });

describe('formatNumber', () => {
  it('writes what toLocaleString en-US writes, for any number and 0 to 4 decimals', () => {
    const digits = fc
      .integer({ min: 0, max: 4 })
      .chain((max) => fc.tuple(fc.constant(max), fc.integer({ min: 0, max })));
    const values = fc.oneof(
      fc.double({ noNaN: true }),
      fc.integer({ min: -1e7, max: 1e7 }).map((cents) => cents / 1000),
      fc.integer({ min: -1e9, max: 1e9 }),
    );
    fc.assert(
      fc.property(values, digits, (value, [max, min]) => {
        expect(formatNumber(value, max, min)).toBe(intl(value, max, min));
      }),
      { numRuns: 5000 },
    );
  });

  it('rounds halves of the shortest decimal form away from zero and keeps the sign of -0', () => {
    const cases: [number, number, number][] = [
      [1.005, 2, 0],
      [2.5, 0, 0],
      [-2.5, 0, 0],
      [-0.001, 2, 0],
      [-0, 3, 0],
      [999.9996, 3, 0],
      [1234567.891, 2, 2],
      [5e-7, 6, 0],
      [1e21, 0, 0],
      [0.1 + 0.2, 2, 2],
    ];
    for (const [value, max, min] of cases) expect(formatNumber(value, max, min)).toBe(intl(value, max, min));
    expect(formatNumber(1234.5)).toBe('1,234.5');
  });
});

describe('formatDollarAmount', () => {
  it('puts the sign before the dollar and drops it when the amount rounds to zero', () => {
    expect(formatDollarAmount(-3.1, 2)).toBe('-$3.10');
    expect(formatDollarAmount(1234.567, 2)).toBe('$1,234.57');
    expect(formatDollarAmount(-0.004, 2)).toBe('$0.00');
    expect(formatDollarAmount(-0.4, 0)).toBe('$0');
    expect(formatDollarAmount(-0.005, 2)).toBe('-$0.01');
    expect(formatDollarAmount(-1.25, 1, 0, 'k')).toBe('-$1.3k');
    expect(formatDollarAmount(2, 1, 0, 'k')).toBe('$2k');
  });
});
