/**
 * A binary min-heap of customers keyed by a loss; entries are checked by the caller when they
 * come up (lazy deletion). Held in typed arrays that grow by doubling and are kept by `clear`,
 * so one set of heaps serves class after class.
 */
export class MoveHeap {
  private keys = new Float64Array(8);
  private items = new Int32Array(8);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Empties the heap, keeping its room. */
  clear(): void {
    this.count = 0;
  }

  push(key: number, item: number): void {
    if (this.count === this.keys.length) this.grow();
    const { keys, items } = this;
    let at = this.count++;
    while (at > 0) {
      const up = (at - 1) >> 1;
      if (keys[up] <= key) break;
      keys[at] = keys[up];
      items[at] = items[up];
      at = up;
    }
    keys[at] = key;
    items[at] = item;
  }

  /** The least key (Infinity when empty) and its item. */
  topKey(): number {
    return this.count > 0 ? this.keys[0] : Infinity;
  }

  topItem(): number {
    return this.items[0];
  }

  pop(): void {
    const { keys, items } = this;
    const n = --this.count;
    if (n <= 0) {
      this.count = 0;
      return;
    }
    const key = keys[n];
    const item = items[n];
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      if (child + 1 < n && keys[child + 1] < keys[child]) child++;
      if (keys[child] >= key) break;
      keys[at] = keys[child];
      items[at] = items[child];
      at = child;
    }
    keys[at] = key;
    items[at] = item;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const items = new Int32Array(this.items.length * 2);
    keys.set(this.keys);
    items.set(this.items);
    this.keys = keys;
    this.items = items;
  }
}
