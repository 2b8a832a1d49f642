/** Ids per bucket aimed at: a bucket's table then sits in the first-level cache. */
const BUCKET_IDS = 256;
const MAX_BUCKET_BITS = 20;

/**
 * The first repeated id among ids `[0, n)`, by the row of its second appearance: `[first, second]`
 * indexes, or undefined when every id is unique. `hashes[i]` must be the same 32-bit hash for
 * equal ids; `same(a, b)` says whether ids `a` and `b` are equal (asked only when their hashes
 * are). The indexes are spread by the hash's top bits into buckets of a few hundred (one
 * counting pass and one stable scatter), then each bucket is checked with a small hash table
 * that stays in cache: a single table over all ids would take a cache miss per id. It holds
 * four bytes per id only while it runs.
 */
export function findDuplicate(
  hashes: Uint32Array,
  n: number,
  same: (a: number, b: number) => boolean,
): [number, number] | undefined {
  let bits = 0;
  while (bits < MAX_BUCKET_BITS && n >>> bits > BUCKET_IDS) bits++;
  const buckets = 1 << bits;
  const bucketOf = (i: number): number => (bits === 0 ? 0 : hashes[i] >>> (32 - bits));
  const starts = new Int32Array(buckets + 1);
  for (let i = 0; i < n; i++) starts[bucketOf(i) + 1]++;
  for (let b = 0; b < buckets; b++) starts[b + 1] += starts[b];
  const next = starts.slice(0, buckets);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[next[bucketOf(i)]++] = i;

  let found: [number, number] | undefined;
  let table = new Int32Array(4 * BUCKET_IDS);
  for (let b = 0; b < buckets; b++) {
    let size = 16;
    while (size < 2 * (starts[b + 1] - starts[b])) size *= 2;
    if (table.length < size) table = new Int32Array(size);
    table.fill(-1, 0, size);
    const mask = size - 1;
    // Indexes ascend within a bucket: the first repeat met is the bucket's earliest second appearance.
    for (let k = starts[b]; k < starts[b + 1]; k++) {
      const i = order[k];
      if (found && i >= found[1]) break;
      const hash = hashes[i];
      let slot = (hash ^ (hash >>> 15)) & mask;
      let earlier = table[slot];
      while (earlier >= 0 && !(hashes[earlier] === hash && same(earlier, i))) {
        slot = (slot + 1) & mask;
        earlier = table[slot];
      }
      if (earlier >= 0) {
        found = [earlier, i];
        break;
      }
      table[slot] = i;
    }
  }
  return found;
}
