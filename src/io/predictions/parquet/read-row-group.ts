import type { AsyncBuffer, Compressors, RowGroup, SchemaElement } from 'hyparquet';
import { chunkSpan } from './column-chunks.ts';
import type { ColumnCursor } from './column-cursor.ts';
import type { ColumnPlan, DecodedColumn } from './decoded-column.ts';
import { ParquetUnsupported } from './parquet-errors.ts';
import { SequentialFile } from './sequential-file.ts';

const NUMBER_TYPES = new Set(['DOUBLE', 'FLOAT', 'INT32', 'INT64']);
const SIGNED_INTEGERS = new Set(['INT_8', 'INT_16', 'INT_32', 'INT_64']);
const ENCODINGS = new Set(['PLAIN', 'PLAIN_DICTIONARY', 'RLE_DICTIONARY', 'RLE', 'BIT_PACKED']);

/**
 * How our decoder reads a used column (`text`: the column holds text, else numbers or an
 * integer id), or undefined when the column needs hyparquet: repeated, a decimal, an unsigned
 * or otherwise annotated number. The column's type was checked against its use before.
 */
export function planColumn(element: SchemaElement, text: boolean, id: boolean): ColumnPlan | undefined {
  const { type, converted_type: converted, logical_type: logical, repetition_type: repetition } = element;
  if (repetition === 'REPEATED' || type === undefined) return undefined;
  const optional = repetition !== 'REQUIRED';
  if (type === 'BYTE_ARRAY') return text || id ? { type, optional, exact: false } : undefined;
  if (text || !NUMBER_TYPES.has(type)) return undefined;
  if (converted !== undefined && !SIGNED_INTEGERS.has(converted)) return undefined;
  if (logical !== undefined && !(logical.type === 'INTEGER' && logical.isSigned)) return undefined;
  return { type: type as ColumnPlan['type'], optional, exact: id };
}

/** Rows handed on at most at once: a window's arrays stay small, and each column's page is read in turn. */
const WINDOW_ROWS = 65_536;

/**
 * Reads the chunks of the columns `names` of one row group (each one ranged read of `file`, or
 * a view of its `bytes` when it is held in memory, as `inMemoryFile`'s are) and decodes them
 * page by page, all columns in step, through `cursors` (one a column, kept from group to
 * group): `onRows` gets each window of at most {@link WINDOW_ROWS} rows, `offset` rows into the
 * group, before the next is decoded. Throws {@link ParquetUnsupported} when a chunk uses an
 * encoding, a codec or a layout our decoder leaves to hyparquet: the windows handed on before
 * that stay handed on.
 */
export async function decodeRowGroup(
  file: AsyncBuffer,
  group: RowGroup,
  names: readonly string[],
  plans: readonly ColumnPlan[],
  compressors: Compressors,
  cursors: readonly ColumnCursor[],
  onRows: (columns: DecodedColumn[], offset: number, count: number) => void,
): Promise<void> {
  const rows = Number(group.num_rows);
  const metas = names.map((name) => {
    const chunk = group.columns.find(
      (c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === name,
    );
    const meta = chunk?.meta_data;
    if (!meta || chunk.file_path) throw new ParquetUnsupported(`the chunk of ${name} is elsewhere`);
    const known = meta.codec === 'UNCOMPRESSED' || meta.codec === 'SNAPPY' || compressors[meta.codec] !== undefined;
    if (!known) throw new ParquetUnsupported(`${meta.codec} chunks`);
    const unknown = meta.encodings.find((encoding) => !ENCODINGS.has(encoding));
    if (unknown) throw new ParquetUnsupported(`${unknown} pages`);
    return meta;
  });
  const chunks = await readChunks(file, metas.map(chunkSpan));
  metas.forEach((meta, k) => cursors[k].begin(chunks[k], meta, rows, plans[k], compressors));
  const columns: DecodedColumn[] = [];
  for (let offset = 0; offset < rows;) {
    let count = Math.min(WINDOW_ROWS, rows - offset);
    for (const cursor of cursors) count = Math.min(count, cursor.available());
    for (let k = 0; k < cursors.length; k++) columns[k] = cursors[k].take(count);
    onRows(columns, offset, count);
    offset += count;
  }
}

/**
 * The bytes of each span `[start, end)` of `file`: views of its bytes when it is held in memory
 * (as `inMemoryFile`'s are) or of one window over them all when it is read front to back,
 * else one ranged read each.
 */
async function readChunks(file: AsyncBuffer, spans: readonly number[][]): Promise<Uint8Array[]> {
  if (file instanceof SequentialFile) {
    const from = Math.min(...spans.map(([start]) => start));
    const window = await file.window(from, Math.max(...spans.map(([, end]) => end)));
    return spans.map(([start, end]) => window.subarray(start - from, end - from));
  }
  const held = 'bytes' in file && file.bytes instanceof Uint8Array ? file.bytes : undefined;
  return Promise.all(
    spans.map(async ([start, end]) =>
      held && end <= held.length ? held.subarray(start, end) : new Uint8Array(await file.slice(start, end)),
    ),
  );
}
