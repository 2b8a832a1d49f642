/** A binary min-heap of customers keyed by a loss; entries are checked by the caller when they come up (lazy deletion). */
export class MoveHeap {
  private readonly keys: number[] = [];
  private readonly items: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(key: number, item: number): void {
    const { keys, items } = this;
    let at = keys.length;
    keys.push(key);
    items.push(item);
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
    return this.keys.length > 0 ? this.keys[0] : Infinity;
  }

  topItem(): number {
    return this.items[0];
  }

  pop(): void {
    const { keys, items } = this;
    const key = keys.pop() as number;
    const item = items.pop() as number;
    const n = keys.length;
    if (n === 0) return;
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
}
