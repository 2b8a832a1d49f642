import { readPlainNumber } from './plain-run.ts';

/** The digits after the point are matched only after a literal point: no backtracking over a long cell. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** ASCII white space as `String.prototype.trim` sees it: space, tab, LF, VT, FF, CR. */
export const isSpace = (byte: number): boolean => byte === 32 || (byte >= 9 && byte <= 13);

/**
 * A decimal number cell from text: optional sign, digits with an optional point, optional
 * exponent, surrounding white space allowed. NaN for anything else (empty, hex, Infinity, "1,5").
 */
export function parseDecimalText(text: string): number {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
}

const scratch = new Float64Array(1);

/**
 * The same grammar as {@link parseDecimalText}, read straight from UTF-8 bytes `[start, end)`.
 * Plain decimals of up to 15 digits take the fast path of {@link readPlainNumber} (the double
 * that `Number()` gives); anything else (white space, an exponent, more digits, any other byte)
 * goes through {@link parseDecimalText}.
 */
export function parseDecimalBytes(bytes: Uint8Array, start: number, end: number): number {
  if (start === end) return Number.NaN;
  const stop = readPlainNumber(bytes, start, end, scratch, 0);
  const value = scratch[0];
  return stop === end && value === value ? value : slowPath(bytes, start, end);
}

function slowPath(bytes: Uint8Array, start: number, end: number): number {
  return parseDecimalText(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8'));
}
