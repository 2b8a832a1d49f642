import type { ColumnMetaData, Compressors } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompress, isDictionary, readDataPage, readIndices } from './data-page.ts';
import type { ColumnPlan, DecodedColumn } from './decoded-column.ts';
import { pageEntries, pageNumbers } from './page-scratch.ts';
import { ParquetUnsupported, parquetCorrupt } from './parquet-errors.ts';
import { readPlainNumbers, readPlainTexts } from './plain-values.ts';
import { countEntries, gatherNumbers, scatterEntries, scatterNumbers } from './spread-values.ts';

/** A larger array than `old` when it is shorter than `length` (its contents are to be overwritten). */
function room<T extends Float64Array | Int32Array | Uint8Array>(old: T, length: number, make: (n: number) => T): T {
  return old.length >= length ? old : make(Math.max(length, Math.ceil(old.length * 1.5)));
}

/**
 * Reads one flat column chunk page by page, so that a row group of any size is decoded through
 * arrays of one page: PLAIN and dictionary encodings, data pages v1 and v2, any codec
 * hyparquet-compressors reads; throws {@link ParquetUnsupported} for anything else. The arrays
 * are kept from chunk to chunk (fresh memory costs a page fault per 4 KiB).
 */
export class ColumnCursor {
  private chunk = new Uint8Array(0);
  private reader: { view: DataView; offset: number } = { view: new DataView(new ArrayBuffer(0)), offset: 0 };
  private meta: ColumnMetaData | undefined;
  private plan: ColumnPlan = { type: 'DOUBLE', optional: false, exact: false };
  private compressors: Compressors = {};
  private rows = 0;
  /** Rows of the chunk in the pages read so far. */
  private row = 0;
  /** Rows of the current page, and how many of them were taken. */
  private pageRows = 0;
  private taken = 0;
  private dictionary = new Float64Array(0);
  private dictionarySize = -1;
  private values = new Float64Array(0);
  private present = new Uint8Array(0);
  private entryOf = new Int32Array(0);
  private arena = Buffer.alloc(0);
  private arenaUsed = 0;
  /** Where the dictionary's bytes end in the arena (a PLAIN page's follow). */
  private dictionaryBytes = 0;
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);

  /** Starts on `chunk`, the bytes of a column chunk from its first page on, of `rows` rows. */
  begin(chunk: Uint8Array, meta: ColumnMetaData, rows: number, plan: ColumnPlan, compressors: Compressors): void {
    Object.assign(this, { chunk, meta, rows, plan, compressors, row: 0, pageRows: 0, taken: 0 });
    this.reader = { view: new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength), offset: 0 };
    this.dictionarySize = -1;
    this.arenaUsed = this.dictionaryBytes = 0;
  }

  /** How many rows the current page has left, reading the next page when it has none (call while rows remain). */
  available(): number {
    while (this.taken === this.pageRows) this.readPage();
    return this.pageRows - this.taken;
  }

  /** The next `count` rows (at most {@link available}), valid until the next page is read. */
  take(count: number): DecodedColumn {
    const from = this.taken;
    this.taken += count;
    if (this.plan.type === 'BYTE_ARRAY') {
      const shared = Math.max(this.dictionarySize, 0);
      const { arena, starts, ends } = this;
      return { kind: 'text', arena, starts, ends, shared, entryOf: this.entryOf.subarray(from, from + count) };
    }
    const present = this.plan.optional ? this.present.subarray(from, from + count) : undefined;
    return { kind: 'number', values: this.values.subarray(from, from + count), present };
  }

  /** Copies `bytes` into the arena after what it holds, for entries that outlive their page's bytes. */
  private keep(bytes: Uint8Array): number {
    if (this.arenaUsed + bytes.length > this.arena.length) {
      const next = Buffer.alloc(Math.max(this.arenaUsed + bytes.length, Math.ceil(this.arena.length * 1.5)));
      next.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = next;
    }
    this.arena.set(bytes, this.arenaUsed);
    this.arenaUsed += bytes.length;
    return this.arenaUsed - bytes.length;
  }

  /** Room for text entries `[0, count)`, keeping the first `kept`. */
  private entries(count: number, kept: number): void {
    if (count <= this.starts.length) return;
    const grow = (old: Int32Array) => {
      const next = new Int32Array(Math.max(count, Math.ceil(old.length * 1.5)));
      next.set(old.subarray(0, kept));
      return next;
    };
    this.starts = grow(this.starts);
    this.ends = grow(this.ends);
  }

  /** Reads pages up to and including the next data page, which becomes the current page. */
  private readPage(): void {
    const { chunk, reader, plan } = this;
    const meta = this.meta as ColumnMetaData;
    if (reader.offset >= chunk.length) throw parquetCorrupt(`the column chunk ends at row ${this.row} of ${this.rows}`);
    const header = parquetHeader(reader);
    const body = chunk.subarray(reader.offset, reader.offset + header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    if (header.type === 'DICTIONARY_PAGE') {
      if (this.dictionarySize >= 0 || this.row > 0) throw new ParquetUnsupported('a dictionary page after the first');
      const size = header.dictionary_page_header?.num_values ?? 0;
      const page = decompress(body, header.uncompressed_page_size, meta.codec, this.compressors);
      this.dictionarySize = size;
      if (plan.type === 'BYTE_ARRAY') {
        this.entries(size, 0);
        const from = this.keep(page);
        readPlainTexts(this.arena, from, this.arenaUsed, size, this.starts, this.ends, 0);
        this.dictionaryBytes = this.arenaUsed;
      } else {
        this.dictionary = room(this.dictionary, size, (n) => new Float64Array(n));
        const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
        readPlainNumbers(view, 0, page.length, plan.type, size, this.dictionary, plan.exact);
      }
      return;
    }
    if (header.type !== 'DATA_PAGE' && header.type !== 'DATA_PAGE_V2') return;
    const page = readDataPage(header, body, meta, plan.optional, this.compressors);
    if (this.row + page.count > this.rows) throw parquetCorrupt(`more values than the row group's ${this.rows} rows`);
    const dense = page.count - page.nulls;
    const dictionaryPage = isDictionary(page.encoding);
    if (!dictionaryPage && page.encoding !== 'PLAIN') throw new ParquetUnsupported(`${page.encoding} pages`);
    if (dictionaryPage && this.dictionarySize < 0) throw parquetCorrupt('a dictionary page is missing');
    const indices = dictionaryPage ? readIndices(page.values, dense, this.dictionarySize) : undefined;
    // A page without nulls is decoded straight into its rows; one with nulls densely, then spread.
    const direct = page.nulls === 0;
    if (plan.type === 'BYTE_ARRAY') {
      this.entryOf = room(this.entryOf, page.count, (n) => new Int32Array(n));
      const entries = direct ? this.entryOf : pageEntries.take(dense);
      if (indices) entries.set(indices.subarray(0, dense));
      else {
        const first = Math.max(this.dictionarySize, 0);
        this.arenaUsed = this.dictionaryBytes;
        this.entries(first + dense, first);
        const from = this.keep(page.values);
        readPlainTexts(this.arena, from, this.arenaUsed, dense, this.starts, this.ends, first);
        countEntries(entries, first, dense);
      }
      if (!direct) scatterEntries(entries, page.defined as Int32Array, this.entryOf, 0, page.count);
    } else {
      this.values = room(this.values, page.count, (n) => new Float64Array(n));
      const values = direct ? this.values : pageNumbers.take(dense);
      if (indices) gatherNumbers(values, this.dictionary, indices, dense);
      else {
        const view = new DataView(page.values.buffer, page.values.byteOffset, page.values.byteLength);
        readPlainNumbers(view, 0, page.values.length, plan.type, dense, values, plan.exact);
      }
      if (!direct) scatterNumbers(values, page.defined as Int32Array, this.values, 0, page.count);
      if (plan.optional) {
        this.present = room(this.present, page.count, (n) => new Uint8Array(n));
        if (page.defined) this.present.set(page.defined.subarray(0, page.count));
        else this.present.fill(1, 0, page.count);
      }
    }
    this.row += page.count;
    this.pageRows = page.count;
    this.taken = 0;
  }
}
