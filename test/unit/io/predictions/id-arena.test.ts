import { describe, expect, it } from 'vitest';
import { IdArena } from '../../../../src/io/predictions/id-arena.ts';

describe('IdArena', () => {
  it('hands over the buffer reserved for ids of a known size, not a copy of it', () => {
    // Prepare: 1,000 ids of 10 bytes, room reserved for 10,500 bytes (a reader's close estimate)
    const arena = new IdArena();
    arena.reserve(1000, 10_500);
    // Act
    for (let i = 0; i < 1000; i++) arena.addText(`CUST-${String(i).padStart(5, '0')}`);
    const ids = arena.finish();
    // Assess
    expect(ids.length).toBe(1000);
    expect(ids.bytes.length).toBe(10_000);
    expect(ids.bytes.buffer.byteLength).toBe(10_500);
    expect(ids.at(999)).toBe('CUST-00999');
  });

  /** The ids `texts` as one byte arena with an entry per id, as our Parquet decoder hands a page over. */
  function entries(texts: string[]) {
    const encoded = texts.map((text) => Buffer.from(text, 'utf8'));
    const source = Buffer.concat([Buffer.from('xx'), ...encoded]);
    const starts = new Int32Array(texts.length);
    const ends = new Int32Array(texts.length);
    let at = 2;
    encoded.forEach((bytes, k) => {
      [starts[k], ends[k]] = [at, at + bytes.length];
      at += bytes.length;
    });
    return { source, starts, ends, entryOf: Int32Array.from(texts, (_, k) => k) };
  }

  it('appends ids four bytes at a time up to the first it cannot take as they are', () => {
    // Prepare: ids of 1 to 9 bytes (whole words and tails of 1-3 bytes), then a padded one
    const texts = ['a', 'ab', 'abc', 'abcd', 'abcde', 'CUST-0001', ' padded', 'after'];
    const { source, starts, ends, entryOf } = entries(texts);
    const arena = new IdArena();
    // Act
    const stopped = arena.addAsciiEntries(source, starts, ends, entryOf, 0, texts.length);
    // Assess
    expect(stopped).toBe(6);
    expect([...arena.finish()]).toEqual(texts.slice(0, 6));
  });

  it('stops at an empty id, a trailing space and a byte that is not ASCII, appending none of them', () => {
    for (const odd of ['', 'tail ', 'Zoë']) {
      const { source, starts, ends, entryOf } = entries(['C1', odd, 'C3']);
      const arena = new IdArena();
      expect(arena.addAsciiEntries(source, starts, ends, entryOf, 0, 3)).toBe(1);
      expect(arena.size).toBe(1);
    }
  });

  it('finds a repeated id among ids appended four bytes at a time', () => {
    // Prepare: 5,000 ids alike but for a digit or two, one of them given twice
    const texts = Array.from({ length: 5000 }, (_, i) => `CUST-${String(i).padStart(9, '0')}`);
    texts.push(texts[1234]);
    const { source, starts, ends, entryOf } = entries(texts);
    const arena = new IdArena();
    arena.addAsciiEntries(source, starts, ends, entryOf, 0, texts.length);
    // Act and Assess
    expect(arena.findRepeat()).toEqual([1234, 5000]);
  });

  it('finds an id given twice when one copy was appended four bytes at a time and the other as text', () => {
    // Prepare: the two copies of "CUST-42" got different kinds of hash as they were appended
    const { source, starts, ends, entryOf } = entries(['C1', 'CUST-42', 'C3']);
    const arena = new IdArena();
    arena.addAsciiEntries(source, starts, ends, entryOf, 0, 3);
    arena.addText('Zoë');
    arena.addText('CUST-42');
    // Act and Assess
    expect(arena.findRepeat()).toEqual([1, 4]);
  });
});
