import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CustomerIds } from '../../../src/domain/customer-ids.ts';
import { CsvBytes, idCellBytes, numberCell, textCell } from '../../../src/io/csv-bytes.ts';

/** What CsvBytes writes for one cell of at most `room` bytes (reserved first, as the plan's writer does), as text. */
function written(write: (out: CsvBytes) => void, room = 64): string {
  const out = new CsvBytes(64);
  out.reserve(room);
  write(out);
  return Buffer.from(out.take()).toString('utf8');
}

describe('CsvBytes (property): the plan CSV byte for byte as String and textCell write it', () => {
  it('writes any number exactly as numberCell does (rounded to 1e-6, shortest digits, -0 as 0)', () => {
    const number = fc.oneof(
      fc.double(),
      fc.double({ min: -1e10, max: 1e10, noNaN: true }),
      fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map((cents) => cents / 100),
      fc.integer({ min: -2_000_000, max: 2_000_000 }).map((micros) => micros / 1e6),
      fc.constantFrom(0, -0, 5e-7, -5e-7, 4.9999999e-7, 1e9, 8.589934592e9, 8.6e9, 1e21, Infinity, NaN),
    );
    fc.assert(
      fc.property(number, (x) => {
        expect(written((out) => out.number(x))).toBe(numberCell(x));
      }),
      { numRuns: 3_000 },
    );
  });

  it('writes any customer id exactly as textCell does (formula guard, quoting, UTF-8)', () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.stringMatching(/^[ \t=+\-@"a,\r\n]{0,6}[A-Za-z0-9 ,"]{0,8}$/),
    );
    fc.assert(
      fc.property(text, (value) => {
        const ids = CustomerIds.from([value]);
        expect(written((out) => out.id(ids, 0), idCellBytes(ids, 0))).toBe(textCell(value));
      }),
      { numRuns: 500 },
    );
  });
});
