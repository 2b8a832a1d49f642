const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;

/**
 * The first repeated id among ids `[0, n)`, by the row of its second appearance: `[first, second]`
 * indexes, or undefined when every id is unique. `hashes[i]` must be the same 32-bit hash for
 * equal ids; `same(a, b)` says whether ids `a` and `b` are equal. The indexes are radix-sorted by hash (three stable passes of 11 bits, sequential
 * reads), then only ids of equal hash are compared: at ten million ids this is several times
 * faster than a hash table, whose every insert is a cache miss, and it holds 16 bytes per id
 * only while it runs.
 */
export function findDuplicate(
  hashes: Uint32Array,
  n: number,
  same: (a: number, b: number) => boolean,
): [number, number] | undefined {
  let keys = hashes.slice(0, n);
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let nextKeys = new Uint32Array(n);
  let nextOrder = new Int32Array(n);
  const counts = new Int32Array(BUCKETS);
  for (let shift = 0; shift < 32; shift += DIGIT_BITS) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i] >>> shift) & (BUCKETS - 1)]++;
    let total = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const count = counts[b];
      counts[b] = total;
      total += count;
    }
    for (let i = 0; i < n; i++) {
      const at = counts[(keys[i] >>> shift) & (BUCKETS - 1)]++;
      nextKeys[at] = keys[i];
      nextOrder[at] = order[i];
    }
    [keys, nextKeys] = [nextKeys, keys];
    [order, nextOrder] = [nextOrder, order];
  }
  let found: [number, number] | undefined;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && keys[end] === keys[start]) end++;
    for (let a = start; a < end; a++)
      for (let b = a + 1; b < end; b++)
        if ((!found || order[b] < found[1]) && same(order[a], order[b])) {
          found = [order[a], order[b]];
          break;
        }
    start = end;
  }
  return found;
}
