import { hashText } from './hash.ts';

/**
 * Finds repeated customer ids among millions without a JS `Map` (whose entries cost several
 * words each and which stops at 2^24 entries): an open-addressing table of row indexes in one
 * Int32Array, keyed by a hash of the id, comparing the ids themselves only on a hash match.
 */
export class IdSet {
  private table: Int32Array;
  private mask: number;
  private count = 0;

  /** `ids[i]` is the id of index i; the set stores indexes into it. */
  constructor(
    private readonly ids: readonly string[],
    expected = 0,
  ) {
    this.table = new Int32Array(IdSet.capacityFor(expected));
    this.mask = this.table.length - 1;
  }

  private static capacityFor(count: number): number {
    let capacity = 1024;
    while (capacity < count * 2) capacity *= 2;
    return capacity;
  }

  /**
   * Adds `ids[index]`, whose {@link hashText} (or, for ASCII, the equal `hashBytes` of its
   * bytes) is `hash`; returns the earlier index holding the same id, or -1 when it is new.
   */
  add(index: number, hash: number): number {
    const id = this.ids[index];
    let slot = hash & this.mask;
    for (;;) {
      const held = this.table[slot];
      if (held === 0) break;
      if (this.ids[held - 1] === id) return held - 1;
      slot = (slot + 1) & this.mask;
    }
    this.table[slot] = index + 1;
    if (++this.count * 2 > this.table.length) this.grow();
    return -1;
  }

  /** Room for at least `count` ids without rehashing. */
  reserve(count: number): void {
    if (IdSet.capacityFor(count) > this.table.length) this.rehash(IdSet.capacityFor(count));
  }

  private grow(): void {
    this.rehash(this.table.length * 2);
  }

  private rehash(capacity: number): void {
    const old = this.table;
    this.table = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (const held of old) {
      if (held === 0) continue;
      let slot = hashText(this.ids[held - 1]) & this.mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
      this.table[slot] = held;
    }
  }
}
