/**
 * At most this many bits of the hash choose a bucket: each bucket is a write stream while
 * scattering, and a bucket's table (two slots an id) should still fit the second-level cache.
 */
const MAX_BUCKET_BITS = 9;
const MIN_BUCKET_IDS = 256;
/**
 * Past this many ids, the buckets are scattered a group at a time (each of about this many ids)
 * into one reused area, which spares memory (8 bytes an id) for a pass over every hash per
 * group; up to this many, one pass costs less than faulting in the memory it needs.
 */
const MAX_GROUP_IDS = 1 << 24;

/**
 * The first repeated id among ids `[0, n)`, by the row of its second appearance: `[first, second]`
 * indexes, or undefined when every id is unique. `hashes[i]` must be the same 32-bit hash for
 * equal ids; `same(a, b)` says whether ids `a` and `b` are equal (asked only when their hashes
 * are). The ids are spread by the hash's top bits into at most 512 buckets (one counting pass,
 * then a stable scatter of each index beside its hash, one write stream a bucket, group of
 * buckets by group), then each bucket is checked with a hash table small enough to stay in the
 * second-level cache, reading the bucket in order: a single table over all ids would take a
 * cache miss per id. It holds eight bytes per id of the largest group (`maxGroupIds` ids or so)
 * while it runs.
 */
export function findDuplicate(
  hashes: Uint32Array,
  n: number,
  same: (a: number, b: number) => boolean,
  maxGroupIds = MAX_GROUP_IDS,
): [number, number] | undefined {
  // At least two buckets: a bucket is then always the hash's top `bits` bits.
  let bits = 1;
  while (bits < MAX_BUCKET_BITS && n >>> bits > MIN_BUCKET_IDS) bits++;
  const buckets = 1 << bits;
  const shift = 32 - bits;
  const starts = new Int32Array(buckets + 1);
  for (let i = 0; i < n; i++) starts[(hashes[i] >>> shift) + 1]++;
  for (let b = 0; b < buckets; b++) starts[b + 1] += starts[b];
  let groupBits = 0;
  while (groupBits < bits && n >>> groupBits > maxGroupIds) groupBits++;
  const perGroup = buckets >>> groupBits;
  let largest = 0;
  for (let b = 0; b < buckets; b += perGroup) largest = Math.max(largest, starts[b + perGroup] - starts[b]);
  // Index then hash, side by side: one write stream a bucket where two arrays made two.
  const pairs = new Uint32Array(2 * largest);
  const state: Search = { found: undefined, table: new Int32Array(0) };
  for (let group = 0; group < 1 << groupBits; group++) {
    const first = group * perGroup;
    const base = starts[first];
    const next = starts.slice(first, first + perGroup);
    for (let i = 0; i < n; i++) {
      const hash = hashes[i];
      if (groupBits !== 0 && hash >>> (32 - groupBits) !== group) continue;
      const at = 2 * (next[(hash >>> shift) - first]++ - base);
      pairs[at] = i;
      pairs[at + 1] = hash;
    }
    for (let b = first; b < first + perGroup; b++)
      searchBucket(state, pairs, starts[b] - base, starts[b + 1] - base, starts[b], same);
  }
  return state.found;
}

interface Search {
  found: [number, number] | undefined;
  table: Int32Array;
}

/**
 * Checks the bucket `[from, to)` of `pairs` (index k at `2k`, its hash at `2k + 1`), which starts
 * at position `start` of the whole scatter (group after group), for a repeat met before
 * `state.found`'s. The table is never cleared: a slot holds 1 + the scatter position of its
 * pair, so a slot filled by an earlier bucket (at most `start`) reads as empty.
 */
function searchBucket(
  state: Search,
  pairs: Uint32Array,
  from: number,
  to: number,
  start: number,
  same: (a: number, b: number) => boolean,
): void {
  let size = 16;
  while (size < 2 * (to - from)) size *= 2;
  if (state.table.length < size) state.table = new Int32Array(size);
  const table = state.table;
  const mask = size - 1;
  // What a slot holds for pair k of this bucket.
  const offset = start - from + 1;
  // Indexes ascend within a bucket: the first repeat met is the bucket's earliest second appearance.
  for (let k = from; k < to; k++) {
    const i = pairs[2 * k];
    if (state.found && i >= state.found[1]) return;
    const hash = pairs[2 * k + 1];
    let slot = (hash ^ (hash >>> 15)) & mask;
    let held = table[slot];
    while (held > start && !(pairs[2 * (held - offset) + 1] === hash && same(pairs[2 * (held - offset)], i))) {
      slot = (slot + 1) & mask;
      held = table[slot];
    }
    if (held > start) {
      state.found = [pairs[2 * (held - offset)], i];
      return;
    }
    table[slot] = k + offset;
  }
}
