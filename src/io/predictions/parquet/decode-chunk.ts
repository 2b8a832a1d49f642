import type { ColumnMetaData, Compressors, PageHeader } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage } from 'hyparquet/src/datapage.js';
import { snappyUncompress } from 'hyparquet/src/snappy.js';
import type { ColumnPlan, DecodedColumn, NumberColumn, TextColumn } from './decoded-column.ts';
import { pageBytes, pageEntries, pageIndices, pageLevels, pageNumbers } from './page-scratch.ts';
import { ParquetUnsupported, parquetCorrupt } from './parquet-errors.ts';
import { readPlainNumbers, readPlainTexts } from './plain-values.ts';
import { readHybrid } from './rle-hybrid.ts';
import {
  countEntries,
  countNulls,
  gatherNumbers,
  offsetEntries,
  scatterEntries,
  scatterNumbers,
} from './spread-values.ts';

/** The values section of one data page, decompressed, with its definition levels (1: a value; undefined: no null). */
interface DataPage {
  count: number;
  nulls: number;
  defined: Int32Array | undefined;
  encoding: string;
  values: Uint8Array;
}

/**
 * A page's bytes decompressed. A Snappy page is decompressed by hyparquet's JavaScript decoder
 * into a reused buffer (see `pageBytes`), valid only until the next page is decoded.
 */
function decompress(
  body: Uint8Array,
  size: number,
  codec: ColumnMetaData['codec'],
  compressors: Compressors,
): Uint8Array {
  if (codec !== 'SNAPPY') return decompressPage(body, size, codec, compressors);
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
function readDataPage(
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
function readIndices(values: Uint8Array, count: number, size: number): Int32Array {
  const indices = pageIndices.take(count);
  if (count === 0) return indices;
  readHybrid(values, 1, values.length, values[0], count, indices);
  for (let k = 0; k < count; k++)
    if (indices[k] >= size) throw parquetCorrupt(`dictionary index ${indices[k]} of ${size} entries`);
  return indices;
}

const isDictionary = (encoding: string): boolean => encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY';

/** `length` elements of `old` when it holds that many (its contents are to be overwritten), else a new array. */
function reuse<T extends Float64Array | Int32Array | Uint8Array>(
  old: T | undefined,
  length: number,
  make: (n: number) => T,
): T {
  return old !== undefined && old.length >= length ? (old.subarray(0, length) as T) : make(length);
}

/**
 * Decodes the column chunk `chunk` (its bytes from the first page on) of a flat column into
 * `rows` row-indexed values: PLAIN and dictionary encodings, data pages v1 and v2, any codec
 * hyparquet-compressors reads. Throws {@link ParquetUnsupported} for anything else. The arrays
 * of `previous` (the same column of the row group before, no longer read) are written over
 * when large enough: fresh memory costs a page fault per 4 KiB.
 */
export function decodeChunk(
  chunk: Uint8Array,
  meta: ColumnMetaData,
  rows: number,
  plan: ColumnPlan,
  compressors: Compressors,
  previous?: DecodedColumn,
): DecodedColumn {
  const text = plan.type === 'BYTE_ARRAY';
  const oldNumbers = previous?.kind === 'number' ? previous : undefined;
  const oldTexts = previous?.kind === 'text' ? previous : undefined;
  const numbers: NumberColumn = {
    kind: 'number',
    values: reuse(oldNumbers?.values, text ? 0 : rows, (n) => new Float64Array(n)),
    present: plan.optional && !text ? reuse(oldNumbers?.present, rows, (n) => new Uint8Array(n)) : undefined,
  };
  const capacity = text ? rows + 1024 : 0;
  const arenaBytes = text ? Number(meta.total_uncompressed_size) : 0;
  const texts: TextColumn = {
    kind: 'text',
    arena: oldTexts && oldTexts.arena.length >= arenaBytes ? oldTexts.arena : Buffer.allocUnsafe(arenaBytes),
    starts: reuse(oldTexts?.starts, capacity, (n) => new Int32Array(n)),
    ends: reuse(oldTexts?.ends, capacity, (n) => new Int32Array(n)),
    entries: 0,
    entryOf: reuse(oldTexts?.entryOf, text ? rows : 0, (n) => new Int32Array(n)),
  };
  let arenaUsed = 0;
  let dictionary: Float64Array | undefined;
  let dictionaryBase = 0;
  let dictionarySize = -1;
  const reader = { view: new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength), offset: 0 };
  /** Copies `bytes` into the arena, for entries that outlive their page. */
  const keep = (bytes: Uint8Array): number => {
    if (arenaUsed + bytes.length > texts.arena.length) {
      const next = Buffer.alloc(Math.max(arenaUsed + bytes.length, Math.ceil(texts.arena.length * 1.5)));
      next.set(texts.arena.subarray(0, arenaUsed));
      texts.arena = next;
    }
    texts.arena.set(bytes, arenaUsed);
    arenaUsed += bytes.length;
    return arenaUsed - bytes.length;
  };
  const addEntries = (count: number): number => {
    if (texts.entries + count > texts.starts.length) {
      const grow = (old: Int32Array) => {
        const next = new Int32Array(Math.ceil((texts.entries + count) * 1.5));
        next.set(old);
        return next;
      };
      texts.starts = grow(texts.starts);
      texts.ends = grow(texts.ends);
    }
    texts.entries += count;
    return texts.entries - count;
  };

  let row = 0;
  while (row < rows) {
    if (reader.offset >= chunk.length) throw parquetCorrupt(`the column chunk ends at row ${row} of ${rows}`);
    const header = parquetHeader(reader);
    const body = chunk.subarray(reader.offset, reader.offset + header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    if (header.type === 'DICTIONARY_PAGE') {
      const size = header.dictionary_page_header?.num_values ?? 0;
      const page = decompress(body, header.uncompressed_page_size, meta.codec, compressors);
      dictionarySize = size;
      if (text) {
        const from = keep(page);
        dictionaryBase = addEntries(size);
        readPlainTexts(texts.arena, from, from + page.length, size, texts.starts, texts.ends, dictionaryBase);
      } else {
        dictionary = new Float64Array(size);
        const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
        readPlainNumbers(view, 0, page.length, plan.type, size, dictionary, plan.exact);
      }
      continue;
    }
    if (header.type !== 'DATA_PAGE' && header.type !== 'DATA_PAGE_V2') continue;
    const page = readDataPage(header, body, meta, plan.optional, compressors);
    if (row + page.count > rows) throw parquetCorrupt(`more values than the row group's ${rows} rows`);
    const dense = page.count - page.nulls;
    const dictionaryPage = isDictionary(page.encoding);
    if (!dictionaryPage && page.encoding !== 'PLAIN') throw new ParquetUnsupported(`${page.encoding} pages`);
    if (dictionaryPage && dictionarySize < 0) throw parquetCorrupt('a dictionary page is missing');
    const indices = dictionaryPage ? readIndices(page.values, dense, dictionarySize) : undefined;
    // A page without nulls is decoded straight into its rows; one with nulls densely, then spread.
    const direct = page.nulls === 0;
    if (text) {
      const entries = direct ? texts.entryOf.subarray(row, row + dense) : pageEntries.take(dense);
      if (indices) offsetEntries(entries, indices, dictionaryBase, dense);
      else {
        const from = keep(page.values);
        const first = addEntries(dense);
        readPlainTexts(texts.arena, from, from + page.values.length, dense, texts.starts, texts.ends, first);
        countEntries(entries, first, dense);
      }
      if (!direct) scatterEntries(entries, page.defined as Int32Array, texts.entryOf, row, page.count);
    } else {
      const values = direct ? numbers.values.subarray(row, row + dense) : pageNumbers.take(dense);
      if (indices) gatherNumbers(values, dictionary as Float64Array, indices, dense);
      else {
        const view = new DataView(page.values.buffer, page.values.byteOffset, page.values.byteLength);
        readPlainNumbers(view, 0, page.values.length, plan.type, dense, values, plan.exact);
      }
      if (!direct) scatterNumbers(values, page.defined as Int32Array, numbers.values, row, page.count);
      if (numbers.present)
        if (page.defined) numbers.present.set(page.defined, row);
        else numbers.present.fill(1, row, row + page.count);
    }
    row += page.count;
  }
  return text ? texts : numbers;
}
