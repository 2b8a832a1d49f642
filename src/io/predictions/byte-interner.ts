import { hashBytes } from './hash.ts';

/**
 * Maps a cell's raw bytes to a small number without making a string for every row: the
 * segment column repeats a few names millions of times. On a miss, `resolve` turns the bytes
 * into the number once (and may throw); the answer is kept for a copy of the same bytes.
 */
export class ByteInterner {
  private slots = new Int32Array(1024).fill(-1);
  private keys: Uint8Array[] = [];
  private values: number[] = [];

  constructor(private readonly resolve: (bytes: Buffer, start: number, end: number) => number) {}

  /** The number for the bytes `[start, end)`, whose `hashBytes` is `hashes[at]` (read here: see `IdArena.addHashed`). */
  lookupHashed(bytes: Buffer, start: number, end: number, hashes: Uint32Array, at: number): number {
    return this.lookup(bytes, start, end, hashes[at]);
  }

  /** The number for the bytes `[start, end)`, whose `hashBytes` is `hash` when the caller knows it. */
  lookup(bytes: Buffer, start: number, end: number, hash = hashBytes(bytes, start, end)): number {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    const length = end - start;
    for (;;) {
      const entry = this.slots[slot];
      if (entry < 0) break;
      const key = this.keys[entry];
      if (key.length === length && sameBytes(key, bytes, start)) return this.values[entry];
      slot = (slot + 1) & mask;
    }
    const value = this.resolve(bytes, start, end);
    this.slots[slot] = this.keys.length;
    this.keys.push(new Uint8Array(bytes.subarray(start, end)));
    this.values.push(value);
    if (this.keys.length * 2 > this.slots.length) this.rehash();
    return value;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    this.keys.forEach((key, entry) => {
      let slot = hashBytes(key, 0, key.length) & mask;
      while (this.slots[slot] >= 0) slot = (slot + 1) & mask;
      this.slots[slot] = entry;
    });
  }
}

function sameBytes(key: Uint8Array, bytes: Uint8Array, start: number): boolean {
  for (let i = 0; i < key.length; i++) if (key[i] !== bytes[start + i]) return false;
  return true;
}
