/** Partition rounds before {@link selectLeast} sorts what is left instead (a guard against unlucky pivots). */
const MAX_ROUNDS = 64;
/** Ranges this short are sorted outright. */
const SHORT = 16;

/**
 * Reorders `values` so that its `k` least come first (in no order) and none after them is
 * less: a quickselect (Hoare partitions around a median of three), in time linear in the
 * length on average, where a sort would take n log n. NaN must not occur.
 */
export function selectLeast(values: Float64Array, k: number): void {
  const target = k - 1;
  let lo = 0;
  let hi = values.length - 1;
  for (let round = 0; hi > lo && target >= lo && target <= hi; round++) {
    if (hi - lo < SHORT || round >= MAX_ROUNDS) {
      values.subarray(lo, hi + 1).sort();
      return;
    }
    const pivot = medianOfThree(values[lo], values[(lo + hi) >> 1], values[hi]);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i++] = values[j];
        values[j--] = swap;
      }
    }
    // Now values[lo..j] ≤ pivot ≤ values[i..hi], and those between equal the pivot.
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return;
  }
}

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
