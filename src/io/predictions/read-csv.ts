import { Readable } from 'node:stream';
import { inputError, PlannerError } from '../../domain/errors.ts';
import { ByteInterner } from './byte-interner.ts';
import { ESCAPED, HASHED, NON_ASCII, NUMBER } from './csv-fields.ts';
import { CsvScanner } from './csv-scanner.ts';
import { mapColumns, type ColumnMap } from './map-columns.ts';
import { isSpace, parseDecimalBytes } from './parse-number.ts';
import type { PredictionsBuilder } from './predictions-builder.ts';
import { showValue } from './show-value.ts';

export interface CsvReadOptions {
  /** The file's name or key, quoted in every error message. */
  source: string;
  /** Refuse input larger than this many bytes. */
  maxBytes: number;
  /** The file's size when known (a listing, `stat`): the columns are then sized once. */
  expectedBytes?: number;
}

/**
 * The first bytes of a file are scanned in slices of this size: V8 then optimizes the scan
 * between calls, instead of replacing it in the middle of one long call over a large chunk.
 */
const WARM_UP_BYTES = 4 * 1024 * 1024;
const WARM_UP_SLICE = 16 * 1024;

function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isSpace(bytes[i])) return false;
  return true;
}

function asBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** The text of field `k` of the scanner's current row, quotes undone. */
function cellText(scanner: CsvScanner, bytes: Buffer, k: number): string {
  const flags = scanner.fields.flags[k];
  const [start, end] = [scanner.fields.starts[k], scanner.fields.ends[k]];
  if (flags & ESCAPED) return bytes.toString('utf8', start, end).replaceAll('""', '"');
  return bytes.toString(flags & NON_ASCII ? 'utf8' : 'latin1', start, end);
}

/**
 * Reads one predictions CSV (SPEC 2.1) from a byte stream into `builder`, refusing the whole
 * file on the first bad row: a field count other than the header's, a cell that is not a
 * number, and every rule the builder applies. Only the used cells are read: once the header is
 * known the scanner parses the number cells and hashes the id and segment cells as it scans
 * them, ids are copied as bytes and segments looked up by their bytes, so a row makes no
 * string; a cell off the fast path (quoted, spaced, an exponent) is read from its bytes.
 */
export async function readCsvInto(
  builder: PredictionsBuilder,
  input: Readable | AsyncIterable<Uint8Array | string>,
  options: CsvReadOptions,
): Promise<void> {
  const file = options.source;
  let map: ColumnMap | undefined;
  let headerFields = 0;
  let slots: number[] = [];
  let dataRows = 0;
  let reserved = false;
  let bytesRead = 0;
  let currentRow = 0;
  const segments = new ByteInterner((bytes, from, to) =>
    builder.segment(bytes.toString('utf8', from, to).replaceAll('""', '"'), currentRow),
  );

  // Stores the number of field `k` into `into[slot]` rather than returning it: a double returned
  // by a call the compiler does not inline is boxed on the heap, once per row.
  const number = (
    into: Float64Array,
    slot: number,
    bytes: Buffer,
    k: number,
    row: number,
    column: string,
    emptyAllowed: boolean,
  ): void => {
    const fast = scanner.fields.numbers[k];
    if (scanner.fields.flags[k] === 0 && fast === fast) {
      into[slot] = fast;
      return;
    }
    const from = scanner.fields.starts[k];
    const to = scanner.fields.ends[k];
    const value = parseDecimalBytes(bytes, from, to);
    if (!Number.isFinite(value) && !(Number.isNaN(value) && emptyAllowed && isBlank(bytes, from, to)))
      throw inputError({ file, row, column }, `${showValue(cellText(scanner, bytes, k))} is not a number`);
    into[slot] = value;
  };

  const onRow = (bytes: Buffer, fields: number, row: number): void => {
    if (!map) {
      const header = Array.from({ length: fields }, (_, k) => cellText(scanner, bytes, k));
      map = mapColumns(header, file);
      scanner.names = header.map((name) => name.trim().toLowerCase());
      for (const at of [map.p, ...(map.clv === undefined ? [] : [map.clv]), ...map.reductionAt])
        scanner.fields.kinds[at] = NUMBER;
      scanner.fields.kinds[map.id] = HASHED;
      scanner.fields.kinds[map.segment] = HASHED;
      headerFields = fields;
      slots = builder.beginFile(file, row + 1, map.columns, map.warnings);
      return;
    }
    if (fields !== headerFields)
      throw inputError(
        { file, row },
        `the row has ${fields} fields but the header has ${headerFields}; a value holding a comma (a thousands separator, a name) must be quoted`,
      );
    const m = map;
    currentRow = row;
    const { starts, ends, flags, hashes } = scanner.fields;
    const idFlags = flags[m.id];
    if (idFlags === 0) builder.ids.addHashed(bytes, starts[m.id], ends[m.id], hashes, m.id);
    else if ((idFlags & NON_ASCII) === 0)
      builder.ids.addBytes(bytes, starts[m.id], ends[m.id], (idFlags & ESCAPED) !== 0);
    else builder.ids.addText(cellText(scanner, bytes, m.id).trim());
    const values = builder.rowValues;
    number(values, 0, bytes, m.p, row, m.columns.pName, false);
    const segment =
      flags[m.segment] === 0
        ? segments.lookupHashed(bytes, starts[m.segment], ends[m.segment], hashes, m.segment)
        : segments.lookup(bytes, starts[m.segment], ends[m.segment]);
    if (m.clv === undefined) values[1] = Number.NaN;
    else number(values, 1, bytes, m.clv, row, m.columns.clvName ?? 'clv', true);
    const reductions = builder.rowReductions;
    for (let j = 0; j < m.reductionAt.length; j++)
      number(reductions, slots[j], bytes, m.reductionAt[j], row, m.columns.reductions[j].name, true);
    builder.add(row, segment);
    dataRows++;
  };

  const scanner = new CsvScanner(file, onRow, () => {
    if (map) builder.noteBlankRow();
  });
  // Iterated as given: wrapping an async iterable in a Readable would add a stream layer per chunk.
  try {
    for await (const chunk of input as AsyncIterable<Uint8Array | string>) {
      const bytes = asBuffer(chunk);
      bytesRead += bytes.length;
      if (bytesRead > options.maxBytes)
        throw new PlannerError(
          'TOO_LARGE',
          `${file}: larger than the limit of ${options.maxBytes} bytes; split the file or raise the limit`,
        );
      let from = 0;
      // A row longer than a slice (a quote left open) ends the slicing: each slice would scan it again.
      if (bytesRead - bytes.length < WARM_UP_BYTES)
        for (; from + WARM_UP_SLICE < bytes.length && scanner.carriedBytes < WARM_UP_SLICE; from += WARM_UP_SLICE)
          scanner.push(bytes.subarray(from, from + WARM_UP_SLICE));
      scanner.push(from === 0 ? bytes : bytes.subarray(from));
      if (!reserved && dataRows > 0 && options.expectedBytes) {
        reserved = true;
        builder.reserve(Math.ceil(((options.expectedBytes - bytesRead) / bytesRead) * dataRows * 1.05));
      }
    }
    scanner.end();
  } finally {
    if (input instanceof Readable) input.destroy();
  }
  if (!map) throw inputError({ file }, 'the file is empty; expected a header row and one row per customer');
  if (dataRows === 0) throw inputError({ file, row: 2 }, 'the file has a header but no customer rows');
}
