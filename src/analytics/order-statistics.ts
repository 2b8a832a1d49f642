/**
 * The values at `ranks` (0-based, ascending) of `values` as `Float64Array.prototype.sort` would
 * place them: NaN after every number and -0 before +0. Linear time on average (three-way
 * quickselect: many equal values end a round at once); a range that keeps splitting badly is
 * sorted instead. `values` is not changed.
 */
export function valuesAtRanks(values: Float64Array, ranks: readonly number[]): number[] {
  const numbers = new Float64Array(values.length);
  let count = 0;
  let negatives = 0;
  let negativeZeros = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x !== x) continue;
    numbers[count++] = x;
    if (x < 0) negatives++;
    else if (x === 0 && 1 / x < 0) negativeZeros++;
  }
  const order = ranks.map((rank, at) => ({ rank, at })).sort((a, b) => a.rank - b.rank);
  const found = new Array<number>(ranks.length);
  let from = 0;
  for (const { rank, at } of order) {
    if (rank >= count) {
      found[at] = NaN;
      continue;
    }
    const value = selectRank(numbers, from, count - 1, rank);
    found[at] = value === 0 ? (rank < negatives + negativeZeros ? -0 : 0) : value;
    // Every position from `rank` on now holds a value of rank `rank` or above.
    from = rank;
  }
  return found;
}

/**
 * Rearranges `values[from..to]` so that position `rank` holds the value of that rank within the
 * range, everything before it no larger and everything after it no smaller; returns that value.
 */
function selectRank(values: Float64Array, from: number, to: number, rank: number): number {
  let lo = from;
  let hi = to;
  let rounds = 2 * Math.ceil(Math.log2(to - from + 2)) + 8;
  while (lo < hi) {
    if (--rounds < 0) {
      values.subarray(lo, hi + 1).sort();
      return values[rank];
    }
    const pivot = medianOfThree(values[lo], values[(lo + hi) >>> 1], values[hi]);
    // [lo, less) < pivot, [less, i) == pivot, (more, hi] > pivot.
    let less = lo;
    let more = hi;
    let i = lo;
    while (i <= more) {
      const x = values[i];
      if (x < pivot) {
        values[i++] = values[less];
        values[less++] = x;
      } else if (x > pivot) {
        values[i] = values[more];
        values[more--] = x;
      } else i++;
    }
    if (rank < less) hi = less - 1;
    else if (rank > more) lo = more + 1;
    else return pivot;
  }
  return values[rank];
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a;
  return a < c ? a : b < c ? c : b;
}
