import { describe, expect, it } from 'vitest';
import { CustomerIds } from '../../../src/domain/customer-ids.ts';
import { CsvBytes, idCellBytes, textCell } from '../../../src/io/csv-bytes.ts';

/** An id of 4-byte UTF-8 characters whose cell is longer than a 64-byte chunk (fast-check's counterexample). */
const LONG_ID = '𝅘𝅥𝅮 ࠀ𑂚𝅘𝅥𝅮𐀀𐀀𐀀𐀀𝅘𝅥𝅮';

describe('CsvBytes: a cell is written whole or refused, never cut', () => {
  it('writes a long non-ASCII id whole once its room is reserved', () => {
    // Prepare
    const ids = CustomerIds.from([LONG_ID]);
    const out = new CsvBytes(64);
    out.reserve(idCellBytes(ids, 0));

    // Act
    out.id(ids, 0);

    // Assess
    expect(Buffer.from(out.take()).toString('utf8')).toBe(textCell(LONG_ID));
  });

  it('refuses text past the room reserved, keeping what was written before', () => {
    // Prepare: a chunk with a cell in it and less room left than the next cell needs
    const out = new CsvBytes(64);
    out.text('kept,');

    // Act and assess
    expect(() => out.id(CustomerIds.from([LONG_ID]), 0)).toThrow(/longer than the room reserved/);
    expect(Buffer.from(out.take()).toString('utf8')).toBe('kept,');
  });
});
