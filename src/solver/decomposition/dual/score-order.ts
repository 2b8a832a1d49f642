/**
 * Customers ordered by score, by a radix sort of the scores' bits (four passes of 16 bits):
 * linear in n where a comparison sort of a million indices costs a third of a second.
 */

const DIGIT = 1 << 16;

/**
 * The indices of `score` in ascending order (ties in index order; -0 before +0; NaN last or
 * first by its sign bit, which callers leave out). Reads each score's bits as an unsigned key
 * whose order is the numbers' order.
 */
export function orderByScore(score: Float64Array): Int32Array {
  const n = score.length;
  const low = new Uint32Array(n);
  const high = new Uint32Array(n);
  sortableKeys(score, low, high);
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare = new Int32Array(n);
  const counts = new Int32Array(DIGIT + 1);
  for (let pass = 0; pass < 4; pass++) {
    if (sortByDigit(pass < 2 ? low : high, (pass % 2) * 16, order, spare, counts)) [order, spare] = [spare, order];
  }
  return order;
}

/** Each score's bits as two unsigned words whose order (high, then low) is the numbers' order. */
function sortableKeys(score: Float64Array, low: Uint32Array, high: Uint32Array): void {
  const words = new Uint32Array(score.buffer, score.byteOffset, 2 * score.length);
  for (let i = 0; i < score.length; i++) {
    const lo = words[2 * i];
    const hi = words[2 * i + 1];
    // A negative number's bits count down as it grows: flip them all; a positive one's sign bit is set.
    const negative = hi >>> 31 === 1;
    low[i] = negative ? ~lo >>> 0 : lo;
    high[i] = negative ? ~hi >>> 0 : (hi | 0x80000000) >>> 0;
  }
}

/**
 * One stable pass: `order` placed into `into` by the 16-bit digit of `key` at `shift`. Returns
 * false (and leaves `into` as it was) where every key shares that digit.
 */
function sortByDigit(
  key: Uint32Array,
  shift: number,
  order: Int32Array,
  into: Int32Array,
  counts: Int32Array,
): boolean {
  const n = key.length;
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[((key[i] >>> shift) & 0xffff) + 1]++;
  if (n === 0 || counts[((key[0] >>> shift) & 0xffff) + 1] === n) return false;
  for (let d = 0; d < DIGIT; d++) counts[d + 1] += counts[d];
  for (let j = 0; j < n; j++) {
    const i = order[j];
    into[counts[(key[i] >>> shift) & 0xffff]++] = i;
  }
  return true;
}
