import type { ColumnMetaData, Compressors, PageHeader } from 'hyparquet';
import { decompressPage } from 'hyparquet/src/datapage.js';
import { snappyUncompress } from 'hyparquet/src/snappy.js';
import { pageBytes, pageIndices, pageLevels } from './page-scratch.ts';
import { ParquetUnsupported, parquetCorrupt } from './parquet-errors.ts';
import { readHybrid } from './rle-hybrid.ts';
import { countNulls } from './spread-values.ts';
import { reusingSnappy } from './wasm-snappy.ts';

/** The values section of one data page, decompressed, with its definition levels (1: a value; undefined: no null). */
export interface DataPage {
  count: number;
  nulls: number;
  defined: Int32Array | undefined;
  encoding: string;
  values: Uint8Array;
}

/**
 * A page's bytes decompressed: Snappy into one reused area when the decoder given has one
 * (see `reusingSnappy`), else by `compressors`' decoder of the codec when given, else (Snappy)
 * by hyparquet's JavaScript decoder into a reused buffer (see `pageBytes`); valid only until
 * the next page is decoded.
 */
export function decompress(
  body: Uint8Array,
  size: number,
  codec: ColumnMetaData['codec'],
  compressors: Compressors,
): Uint8Array {
  const reusing = codec === 'SNAPPY' ? reusingSnappy(compressors.SNAPPY) : undefined;
  if (reusing) return reusing(body, size);
  if (codec !== 'SNAPPY' || compressors.SNAPPY) return decompressPage(body, size, codec, compressors);
  const page = pageBytes.take(size);
  snappyUncompress(body, page);
  return page;
}

const u32 = (bytes: Uint8Array, at: number): number =>
  (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;

/** The definition levels (max level 1: a flat OPTIONAL column) of `count` values, and how many are null. */
function readLevels(bytes: Uint8Array, from: number, end: number, count: number): [Int32Array, number] {
  const defined = pageLevels.take(count);
  readHybrid(bytes, from, end, 1, count, defined);
  return [defined, countNulls(defined, count)];
}

/** Splits a data page (v1 or v2) into its definition levels and its decompressed values. */
export function readDataPage(
  header: PageHeader,
  body: Uint8Array,
  meta: ColumnMetaData,
  optional: boolean,
  compressors: Compressors,
): DataPage {
  const v1 = header.data_page_header;
  if (v1) {
    const page = decompress(body, header.uncompressed_page_size, meta.codec, compressors);
    if (!optional) return { count: v1.num_values, nulls: 0, defined: undefined, encoding: v1.encoding, values: page };
    if (v1.definition_level_encoding !== 'RLE') throw new ParquetUnsupported(`${v1.definition_level_encoding} levels`);
    const length = u32(page, 0);
    if (4 + length > page.length) throw parquetCorrupt('definition levels run past their page');
    const [defined, nulls] = readLevels(page, 4, 4 + length, v1.num_values);
    return { count: v1.num_values, nulls, defined, encoding: v1.encoding, values: page.subarray(4 + length) };
  }
  const v2 = header.data_page_header_v2;
  if (!v2) throw parquetCorrupt(`a ${header.type} without its header`);
  if (v2.repetition_levels_byte_length > 0) throw new ParquetUnsupported('repetition levels');
  const levels = v2.definition_levels_byte_length;
  const [defined, nulls] =
    optional && levels > 0 ? readLevels(body, 0, levels, v2.num_values) : [undefined, v2.num_nulls];
  if (!defined && nulls > 0) throw parquetCorrupt('nulls without definition levels');
  const rest = body.subarray(levels);
  const values =
    v2.is_compressed === false
      ? rest
      : decompress(rest, header.uncompressed_page_size - levels, meta.codec, compressors);
  return { count: v2.num_values, nulls, defined, encoding: v2.encoding, values };
}

/** Dictionary indices of `count` values (a bit width byte, then the hybrid runs), each checked against `size`. */
export function readIndices(values: Uint8Array, count: number, size: number): Int32Array {
  const indices = pageIndices.take(count);
  if (count === 0) return indices;
  readHybrid(values, 1, values.length, values[0], count, indices);
  for (let k = 0; k < count; k++)
    if (indices[k] >= size) throw parquetCorrupt(`dictionary index ${indices[k]} of ${size} entries`);
  return indices;
}

export const isDictionary = (encoding: string): boolean =>
  encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY';
