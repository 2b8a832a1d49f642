/** The digits after the point are matched only after a literal point: no backtracking over a long cell. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** ASCII white space as `String.prototype.trim` sees it: space, tab, LF, VT, FF, CR. */
export const isSpace = (byte: number): boolean => byte === 32 || (byte >= 9 && byte <= 13);

/** Exact powers of ten: every 10^k with k <= 22 is a double without rounding. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A decimal number cell from text: optional sign, digits with an optional point, optional
 * exponent, surrounding white space allowed. NaN for anything else (empty, hex, Infinity, "1,5").
 */
export function parseDecimalText(text: string): number {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/**
 * The same grammar as {@link parseDecimalText}, read straight from UTF-8 bytes `[start, end)`.
 * Plain decimals of up to 15 digits take Clinger's fast path (an exact integer divided by an
 * exact power of ten, correctly rounded: the double that `Number()` gives); anything else
 * (white space, an exponent, more digits, any other byte) goes through {@link parseDecimalText}.
 */
export function parseDecimalBytes(bytes: Uint8Array, start: number, end: number): number {
  if (start === end) return Number.NaN;
  let i = start;
  const sign = bytes[i];
  if (sign === 45 || sign === 43) i++;
  let mantissa = 0;
  let digit = 0;
  const first = i;
  while (i < end && (digit = bytes[i] - 48) >>> 0 <= 9) {
    mantissa = mantissa * 10 + digit;
    i++;
  }
  let digits = i - first;
  let scale = 0;
  if (i < end && bytes[i] === 46) {
    const point = ++i;
    while (i < end && (digit = bytes[i] - 48) >>> 0 <= 9) {
      mantissa = mantissa * 10 + digit;
      i++;
    }
    scale = i - point;
    digits += scale;
  }
  if (i !== end || digits === 0 || digits > 15 || scale > 22) return slowPath(bytes, start, end);
  const value = scale === 0 ? mantissa : mantissa / POW10[scale];
  return sign === 45 ? -value : value;
}

function slowPath(bytes: Uint8Array, start: number, end: number): number {
  return parseDecimalText(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8'));
}
