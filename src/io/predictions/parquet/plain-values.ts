import { ParquetUnsupported, parquetCorrupt } from './parquet-errors.ts';

const TWO_32 = 4294967296;
/** INT64 values whose high word lies in this range are exact as doubles (|v| <= 2^53). */
const SAFE_HIGH = 0x200000;

/** Whether this machine stores numbers little-endian, as Parquet does: DOUBLE pages are then copied as bytes. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Bytes per PLAIN value of a number type. */
export const numberWidth = (type: string): number => (type === 'DOUBLE' || type === 'INT64' ? 8 : 4);

/**
 * Decodes `count` PLAIN numbers of `type` from `view` at `from` into `out[0, count)`. With
 * `exact`, an INT64 a double cannot hold exactly is left to hyparquet (an id must keep every digit).
 */
export function readPlainNumbers(
  view: DataView,
  from: number,
  end: number,
  type: string,
  count: number,
  out: Float64Array,
  exact: boolean,
): void {
  const width = numberWidth(type);
  if (from + count * width > end) throw parquetCorrupt(`${count} ${type} values run past their page`);
  let at = from;
  if (type === 'DOUBLE' && LITTLE_ENDIAN) {
    const bytes = new Uint8Array(view.buffer, view.byteOffset + from, count * 8);
    new Uint8Array(out.buffer, out.byteOffset, count * 8).set(bytes);
  } else if (type === 'DOUBLE') for (let k = 0; k < count; k++, at += 8) out[k] = view.getFloat64(at, true);
  else if (type === 'FLOAT') for (let k = 0; k < count; k++, at += 4) out[k] = view.getFloat32(at, true);
  else if (type === 'INT32') for (let k = 0; k < count; k++, at += 4) out[k] = view.getInt32(at, true);
  else
    for (let k = 0; k < count; k++, at += 8) {
      const high = view.getInt32(at + 4, true);
      if (exact && (high >= SAFE_HIGH || high < -SAFE_HIGH)) throw new ParquetUnsupported('an INT64 id above 2^53');
      out[k] = high * TWO_32 + view.getUint32(at, true);
    }
}

/**
 * Reads `count` PLAIN byte arrays (a 4-byte length, then the bytes) from `arena[from, end)`,
 * appending their ranges to `starts` / `ends` at `entry`; returns where they end.
 */
export function readPlainTexts(
  arena: Uint8Array,
  from: number,
  end: number,
  count: number,
  starts: Int32Array,
  ends: Int32Array,
  entry: number,
): number {
  let at = from;
  for (let k = 0; k < count; k++) {
    if (at + 4 > end) throw parquetCorrupt('a byte array length runs past its page');
    const length = arena[at] | (arena[at + 1] << 8) | (arena[at + 2] << 16) | (arena[at + 3] << 24);
    at += 4;
    if (length < 0 || at + length > end) throw parquetCorrupt('a byte array runs past its page');
    starts[entry + k] = at;
    ends[entry + k] = at + length;
    at += length;
  }
  return at;
}
