import { selectRank } from '../ranking.ts';

/** First batch size of {@link forEachInKeyOrder}; each next batch is four times larger. */
const FIRST_BATCH = 256;

/**
 * Calls `visit(j)` for j in `0..count)` in ascending order of `keys[j]` (ties by `tieOf[j]`, else j) until it
 * returns false. Visiting stops early far more often than not (a greedy mends one row with a
 * few moves), so instead of sorting every key it sorts batches: the smallest 256 keys, then
 * the next 1,024, and so on, each found by selection. `scratch` holds at least `count` numbers.
 */
export function forEachInKeyOrder(
  keys: Float64Array,
  count: number,
  scratch: Float64Array,
  visit: (j: number) => boolean,
  tieOf?: Int32Array,
): void {
  let below = -Infinity;
  let taken = 0;
  let size = FIRST_BATCH;
  const batch: number[] = [];
  while (taken < count) {
    let upTo = Infinity;
    if (count - taken > size) {
      let left = 0;
      for (let j = 0; j < count; j++) if (keys[j] > below) scratch[left++] = keys[j];
      upTo = selectRank(scratch, left, size - 1);
    }
    batch.length = 0;
    for (let j = 0; j < count; j++) if (keys[j] > below && keys[j] <= upTo) batch.push(j);
    batch.sort(tieOf ? (a, b) => keys[a] - keys[b] || tieOf[a] - tieOf[b] : (a, b) => keys[a] - keys[b] || a - b);
    for (const j of batch) if (!visit(j)) return;
    taken += batch.length;
    below = upTo;
    size *= 4;
  }
}
