import { FNV_OFFSET, FNV_PRIME } from './hash.ts';

/** Each byte of a 32-bit word minus 45: the top bit of a byte is set where that byte was below 45. */
const BELOW_45 = 0x2d2d2d2d;
const TOP_BITS = 0x80808080;

/** Exact powers of ten: every 10^k with k <= 22 is a double without rounding. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Where the run of ordinary bytes of an unquoted CSV field starting at `from` ends: the index of
 * the first byte before `to` that is below 45 (comma, quote, CR, LF, white space and other
 * punctuation) or above 127 (UTF-8), else `to`. Letters, digits, `-`, `.` and `/` are ordinary.
 * Reads four bytes at a time through `view` (the same bytes as `bytes`), which takes about half
 * the time of a loop over single bytes.
 */
export function plainRunEnd(bytes: Uint8Array, view: DataView, from: number, to: number): number {
  let i = from;
  for (const last = to - 4; i <= last; i += 4) {
    const word = view.getUint32(i, true);
    // A borrow only runs upward, so the lowest flagged byte is a real one.
    const flagged = ((word - BELOW_45) | word) & TOP_BITS;
    if (flagged !== 0) return i + ((31 - Math.clz32(flagged & -flagged)) >>> 3);
  }
  while (i < to && bytes[i] > 44 && bytes[i] < 128) i++;
  return i;
}

/**
 * Reads a plain decimal from `from`: an optional sign, digits, an optional point and digits, at
 * most 15 digits in all. Sets `values[slot]` to the number (Clinger's fast path: the integer
 * divided by an exact power of ten, correctly rounded, so the double `Number()` gives) or to NaN
 * when there are no digits or too many, and returns where it stopped: the number is the cell's
 * only when that is the cell's end.
 */
export function readPlainNumber(
  bytes: Uint8Array,
  from: number,
  to: number,
  values: Float64Array,
  slot: number,
): number {
  let i = from;
  const sign = i < to ? bytes[i] : 0;
  if (sign === 45 || sign === 43) i++;
  let mantissa = 0;
  let digit: number;
  const first = i;
  while (i < to && (digit = bytes[i] - 48) >>> 0 <= 9) {
    mantissa = mantissa * 10 + digit;
    i++;
  }
  let digits = i - first;
  let scale = 0;
  if (i < to && bytes[i] === 46) {
    const point = ++i;
    while (i < to && (digit = bytes[i] - 48) >>> 0 <= 9) {
      mantissa = mantissa * 10 + digit;
      i++;
    }
    scale = i - point;
    digits += scale;
  }
  const value = scale === 0 ? mantissa : mantissa / POW10[scale];
  values[slot] = digits === 0 || digits > 15 ? Number.NaN : sign === 45 ? -value : value;
  return i;
}

/**
 * Hashes the run of ordinary bytes (45-127, see {@link plainRunEnd}) from `from` with FNV-1a into
 * `hashes[slot]` (the same hash as `hashBytes`) and returns where the run stopped: the hash is the
 * cell's only when that is the cell's end.
 */
export function readPlainHash(bytes: Uint8Array, from: number, to: number, hashes: Uint32Array, slot: number): number {
  let i = from;
  let hash = FNV_OFFSET;
  for (; i < to; i++) {
    const c = bytes[i];
    if (c < 45 || c > 127) break;
    hash = Math.imul(hash ^ c, FNV_PRIME);
  }
  hashes[slot] = hash;
  return i;
}
