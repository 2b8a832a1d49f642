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
});
