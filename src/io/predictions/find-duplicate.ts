/** At most this many bits of the hash choose a bucket: more write streams than this thrash the cache while scattering. */
const MAX_BUCKET_BITS = 11;
const MIN_BUCKET_IDS = 256;

/**
 * The first repeated id among ids `[0, n)`, by the row of its second appearance: `[first, second]`
 * indexes, or undefined when every id is unique. `hashes[i]` must be the same 32-bit hash for
 * equal ids; `same(a, b)` says whether ids `a` and `b` are equal (asked only when their hashes
 * are). The ids are spread by the hash's top bits into at most 2,048 buckets (one counting pass,
 * one stable scatter of index and hash together), then each bucket is checked with a hash table
 * small enough to stay in the second-level cache, reading the bucket in order: a single table
 * over all ids would take a cache miss per id. It holds eight bytes per id only while it runs.
 */
export function findDuplicate(
  hashes: Uint32Array,
  n: number,
  same: (a: number, b: number) => boolean,
): [number, number] | undefined {
  let bits = 0;
  while (bits < MAX_BUCKET_BITS && n >>> bits > MIN_BUCKET_IDS) bits++;
  const buckets = 1 << bits;
  const bucketOf = (hash: number): number => (bits === 0 ? 0 : hash >>> (32 - bits));
  const starts = new Int32Array(buckets + 1);
  for (let i = 0; i < n; i++) starts[bucketOf(hashes[i]) + 1]++;
  for (let b = 0; b < buckets; b++) starts[b + 1] += starts[b];
  const next = starts.slice(0, buckets);
  const order = new Int32Array(n);
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const hash = hashes[i];
    const at = next[bucketOf(hash)]++;
    order[at] = i;
    keys[at] = hash;
  }

  let found: [number, number] | undefined;
  let table = new Int32Array(0);
  for (let b = 0; b < buckets; b++) {
    const [from, to] = [starts[b], starts[b + 1]];
    let size = 16;
    while (size < 2 * (to - from)) size *= 2;
    if (table.length < size) table = new Int32Array(size);
    table.fill(-1, 0, size);
    const mask = size - 1;
    // Indexes ascend within a bucket: the first repeat met is the bucket's earliest second appearance.
    for (let k = from; k < to; k++) {
      const i = order[k];
      if (found && i >= found[1]) break;
      const hash = keys[k];
      let slot = (hash ^ (hash >>> 15)) & mask;
      let earlier = table[slot];
      while (earlier >= 0 && !(keys[earlier] === hash && same(order[earlier], i))) {
        slot = (slot + 1) & mask;
        earlier = table[slot];
      }
      if (earlier >= 0) {
        found = [order[earlier], i];
        break;
      }
      table[slot] = k;
    }
  }
  return found;
}
