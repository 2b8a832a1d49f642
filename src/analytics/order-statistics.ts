/**
 * The values at `ranks` (0-based, ascending) of `values` as `Float64Array.prototype.sort` would
 * place them: NaN after every number and -0 before +0. Linear time on average (three-way
 * quickselect: many equal values end a round at once); a range that keeps splitting badly is
 * sorted instead. `values` is not changed.
 */
export function valuesAtRanks(values: Float64Array, ranks: readonly number[]): number[] {
  if (values.length >= SAMPLED_FROM) {
    const sampled = valuesAtRanksBySample(values, ranks);
    if (sampled) return sampled;
  }
  return valuesAtRanksBySelection(values, ranks);
}

/** Arrays at least this long are first tried through a sample (`valuesAtRanksBySample`). */
const SAMPLED_FROM = 1 << 15;
const SAMPLE_SIZE = 4096;
/** How many sample positions either side of a rank's estimate bracket it. */
const SAMPLE_MARGIN = 64;

/**
 * The values at `ranks` from a few reads of `values`: a sorted sample brackets each rank, one
 * read per rank counts the values below its bracket and copies those inside it (a loop of its
 * own per rank runs faster than one over every bracket), and only the copies are sorted. Undefined when a rank falls outside its bracket or the brackets hold too many values
 * (a sample that misjudged the spread), for the caller to select instead.
 */
function valuesAtRanksBySample(values: Float64Array, ranks: readonly number[]): number[] | undefined {
  const n = values.length;
  const sample = new Float64Array(SAMPLE_SIZE);
  // A fixed odd stride visits positions spread over the whole array, whatever order it is in.
  const stride = Math.floor(n / SAMPLE_SIZE) | 1;
  for (let j = 0; j < SAMPLE_SIZE; j++) sample[j] = values[(j * stride + (j >> 3)) % n];
  sample.sort();
  // NaN sorts last in the sample: a bracket reaching it ends at the largest number sampled or past every number.
  let numbers = SAMPLE_SIZE;
  while (numbers > 0 && sample[numbers - 1] !== sample[numbers - 1]) numbers--;
  const lows = new Float64Array(ranks.length);
  const highs = new Float64Array(ranks.length);
  ranks.forEach((rank, r) => {
    const estimate = Math.floor((rank / n) * SAMPLE_SIZE);
    const low = Math.min(estimate - SAMPLE_MARGIN, numbers - 1);
    lows[r] = low < 0 ? -Infinity : sample[low];
    highs[r] = estimate + SAMPLE_MARGIN >= numbers ? Infinity : sample[estimate + SAMPLE_MARGIN];
  });
  const capacity = Math.ceil(((4 * SAMPLE_MARGIN) / SAMPLE_SIZE) * n) + SAMPLE_SIZE;
  const below = new Array<number>(ranks.length).fill(0);
  const inside = ranks.map(() => new Float64Array(capacity));
  const held = new Array<number>(ranks.length).fill(0);
  let count = 0;
  for (let r = 0; r < ranks.length; r++) {
    const low = lows[r];
    const high = highs[r];
    const into = inside[r];
    let under = 0;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const x = values[i];
      if (x < low) under++;
      else if (x <= high) {
        if (kept === capacity) return undefined;
        into[kept++] = x;
      }
    }
    below[r] = under;
    held[r] = kept;
  }
  for (let i = 0; i < n; i++) if (values[i] === values[i]) count++;
  const found = new Array<number>(ranks.length);
  for (let r = 0; r < ranks.length; r++) {
    const rank = ranks[r];
    if (rank >= count) {
      found[r] = NaN;
      continue;
    }
    const at = rank - below[r];
    if (at < 0 || at >= held[r]) return undefined;
    found[r] = inside[r].subarray(0, held[r]).sort()[at];
  }
  return found;
}

function valuesAtRanksBySelection(values: Float64Array, ranks: readonly number[]): number[] {
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
