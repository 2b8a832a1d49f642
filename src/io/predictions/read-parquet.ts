import type { AsyncBuffer, ColumnData, FileMetaData, SchemaTree } from 'hyparquet';
import { inputError, PlannerError } from '../../domain/errors.ts';
import { ByteInterner } from './byte-interner.ts';
import { mapColumns } from './map-columns.ts';
import { columnChunks } from './parquet/column-chunks.ts';
import { loadCompressors } from './parquet/load-compressors.ts';
import { ParquetUnsupported } from './parquet/parquet-errors.ts';
import type { PredictionsBuilder } from './predictions-builder.ts';
import { showValue } from './show-value.ts';

type Kind = 'text' | 'number' | 'id';
const NUMBER_TYPES = ['DOUBLE', 'FLOAT', 'INT32', 'INT64'];

/** Why a column's Parquet type cannot hold what SPEC 2.1 puts there; undefined when it can. */
function typeProblem(field: SchemaTree, kind: Kind): string | undefined {
  const { type, converted_type: converted, logical_type: logical } = field.element;
  const text = type === 'BYTE_ARRAY' && (converted === undefined || converted === 'UTF8' || logical?.type === 'STRING');
  const number =
    type !== undefined && NUMBER_TYPES.includes(type) && converted !== 'DATE' && !converted?.startsWith('TIME');
  const ok = kind === 'text' ? text : kind === 'number' ? number : text || type === 'INT32' || type === 'INT64';
  if (ok && field.children.length === 0) return undefined;
  const found = field.children.length > 0 ? 'nested values' : `${type ?? 'group'}${converted ? ` (${converted})` : ''}`;
  const wanted =
    kind === 'text'
      ? 'text (UTF8 strings)'
      : kind === 'number'
        ? 'numbers (DOUBLE, FLOAT, INT32 or INT64)'
        : 'text or integers';
  return `holds ${found}; expected ${wanted}`;
}

const isMissing = (value: unknown): boolean => value === null || value === undefined;

/**
 * Reads one Parquet file of predictions (SPEC 2.1: the CSV's columns, by name) into
 * `builder`. Only the used columns are read, one row group at a time, so memory holds the
 * bytes of one row group of them beside the builder's columns. Our decoder (`parquet/`) decodes
 * them a page at a time straight into the builder (ids and segments as bytes); the rest of a
 * row group from a page it does not cover on (an encoding such as DELTA_*, a decimal, a nested
 * column, an INT64 id above 2^53) is read through hyparquet's `parquetRead`. Rows count
 * from 1 at the first customer. A missing column, a column of the wrong type, a null id, p
 * or segment, and every rule of the builder refuse the whole file naming the row; a null CLV
 * or churn reduction is an empty cell (estimated, as in CSV).
 */
export async function readParquetInto(
  builder: PredictionsBuilder,
  file: AsyncBuffer,
  source: string,
  footer?: FileMetaData,
): Promise<void> {
  // Our decoder's modules load while the footer is read and checked, not one after the other.
  const decoding = Promise.all([
    import('./parquet/read-row-group.ts'),
    import('./parquet/add-decoded-rows.ts'),
    import('./parquet/column-cursor.ts'),
  ]);
  decoding.catch(() => undefined);
  // The footer and schema readers alone: the rest of hyparquet loads only for rows it must read.
  const { parquetMetadataAsync, parquetSchema } = await import('hyparquet/src/metadata.js');
  const unreadable = (cause: unknown): PlannerError =>
    new PlannerError('BAD_INPUT', `${source}: not a readable Parquet file (${(cause as Error).message})`, {
      cause,
      location: { file: source },
    });
  let metadata: FileMetaData;
  try {
    metadata = footer ?? (await parquetMetadataAsync(file));
  } catch (cause) {
    throw unreadable(cause);
  }
  const fields = parquetSchema(metadata).children;
  const map = mapColumns(
    fields.map((field) => field.element.name),
    source,
    'parquet',
  );
  const kinds: [number, Kind][] = [
    [map.id, 'id'],
    [map.p, 'number'],
    [map.segment, 'text'],
    ...(map.clv === undefined ? [] : [[map.clv, 'number'] as [number, Kind]]),
    ...map.reductionAt.map((at): [number, Kind] => [at, 'number']),
  ];
  for (const [at, kind] of kinds) {
    const problem = typeProblem(fields[at], kind);
    if (problem) throw inputError({ file: source, column: fields[at].element.name }, problem);
  }
  const total = Number(metadata.num_rows);
  if (total === 0) throw inputError({ file: source }, 'the file has no customer rows');
  const slots = builder.beginFile(source, 1, map.columns, map.warnings);
  builder.reserve(total, textBytes(metadata, fields[map.id].element.name, total));
  const names = kinds.map(([at]) => fields[at].element.name);
  const [compressors, [decoder, { addDecodedRows, startRowGroup }, { ColumnCursor }]] = await Promise.all([
    loadCompressors(metadata, names),
    decoding,
  ]);
  const plans = kinds.map(([at, kind]) => decoder.planColumn(fields[at].element, kind === 'text', kind === 'id'));
  const segments: { row: number; interner: ByteInterner } = {
    row: 0,
    interner: new ByteInterner((bytes, from, to): number =>
      builder.segment(bytes.toString('utf8', from, to), segments.row),
    ),
  };
  const decoded = { builder, slots, map, file: source, segments, known: new Int32Array(0) };
  const cursors = plans.map(() => new ColumnCursor());

  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    if (plans.every((plan) => plan !== undefined)) {
      startRowGroup(decoded);
      const groupStart = rowStart;
      const done = await decoder
        .decodeRowGroup(file, group, names, plans, compressors, cursors, (columns, offset, count) => {
          addDecodedRows(decoded, columns, groupStart + offset);
          rowStart = groupStart + offset + count;
        })
        .then(
          () => true,
          (cause: unknown) => {
            if (cause instanceof ParquetUnsupported) return false;
            // A streamed file's own errors (a byte budget, storage) and the rows' pass as they are.
            throw cause instanceof PlannerError ? cause : unreadable(cause);
          },
        );
      if (done) continue;
    }
    // The rows our decoder did not add, from the first page it left to hyparquet on.
    const columns = new Map<string, ColumnData[]>();
    try {
      const { parquetRead } = await import('hyparquet');
      await parquetRead({
        file,
        metadata,
        columns: names,
        rowStart,
        rowEnd,
        compressors,
        onChunk: (chunk) => columns.set(chunk.columnName, [...(columns.get(chunk.columnName) ?? []), chunk]),
      });
    } catch (cause) {
      throw cause instanceof PlannerError ? cause : unreadable(cause);
    }
    const values = names.map((name) => rowValues(columns.get(name) ?? [], rowStart, rowEnd));
    addRows(builder, values, slots, rowStart, rowEnd, map, source);
    rowStart = rowEnd;
  }
}

/**
 * About the bytes of the values of id column `name`: its uncompressed chunks less each value's
 * 4-byte length; undefined for a column of numbers. Ids are unique, so a dictionary (pyarrow
 * writes one until it grows past 1 MiB, then PLAIN pages) holds each once, and its index pages
 * add only a few bytes a row to the estimate.
 */
function textBytes(metadata: FileMetaData, name: string, rows: number): number | undefined {
  let bytes = 0;
  for (const meta of columnChunks(metadata, [name])) {
    if (meta.path_in_schema.length !== 1) continue;
    if (meta.type !== 'BYTE_ARRAY') return undefined;
    bytes += Number(meta.total_uncompressed_size) - 4 * Number(meta.num_values);
  }
  return Math.max(bytes, rows);
}

/** The values of rows `[rowStart, rowEnd)` from the chunks hyparquet delivered for one column. */
function rowValues(chunks: ColumnData[], rowStart: number, rowEnd: number): ArrayLike<unknown> {
  const whole = chunks.find((chunk) => chunk.rowStart === rowStart && chunk.rowEnd === rowEnd);
  if (whole) return whole.columnData;
  const values = new Array<unknown>(rowEnd - rowStart);
  for (const chunk of chunks)
    for (let row = Math.max(rowStart, chunk.rowStart); row < Math.min(rowEnd, chunk.rowEnd); row++)
      values[row - rowStart] = chunk.columnData[row - chunk.rowStart];
  return values;
}

function addRows(
  builder: PredictionsBuilder,
  values: ArrayLike<unknown>[],
  slots: number[],
  rowStart: number,
  rowEnd: number,
  map: ReturnType<typeof mapColumns>,
  file: string,
): void {
  const [ids, ps, segments] = values;
  const clvs = map.clv === undefined ? undefined : values[3];
  const reductions = values.slice(map.clv === undefined ? 3 : 4);
  const names = map.columns;
  const refuse = (row: number, column: string, why: string) => inputError({ file, row, column }, why);
  const number = (raw: unknown, row: number, column: string, emptyAllowed: boolean): number => {
    if (isMissing(raw)) {
      if (emptyAllowed) return Number.NaN;
      throw refuse(row, column, `${column} is null`);
    }
    const value = Number(raw);
    if (!Number.isFinite(value)) throw refuse(row, column, `${showValue(String(raw))} is not a number`);
    return value;
  };
  for (let k = 0; k < rowEnd - rowStart; k++) {
    const row = rowStart + k + 1;
    const rawId = ids[k];
    if (isMissing(rawId)) throw refuse(row, 'customer_id', 'customer_id is null');
    builder.ids.addText(String(rawId).trim());
    builder.rowValues[0] = number(ps[k], row, names.pName, false);
    const rawSegment = segments[k];
    if (isMissing(rawSegment)) throw refuse(row, 'subscription_type', 'subscription_type is null');
    const segment = builder.segment(String(rawSegment), row);
    builder.rowValues[1] = clvs ? number(clvs[k], row, names.clvName ?? 'clv', true) : Number.NaN;
    for (let j = 0; j < reductions.length; j++)
      builder.rowReductions[slots[j]] = number(reductions[j][k], row, names.reductions[j].name, true);
    builder.add(row, segment);
  }
}

/** The names of the columns the planner reads from a Parquet file with this footer (BAD_INPUT when one is missing). */
export async function usedParquetColumns(metadata: FileMetaData, source: string): Promise<string[]> {
  const { parquetSchema } = await import('hyparquet/src/metadata.js');
  const names = parquetSchema(metadata).children.map((field) => field.element.name);
  const map = mapColumns(names, source, 'parquet');
  return [map.id, map.p, map.segment, ...(map.clv === undefined ? [] : [map.clv]), ...map.reductionAt].map(
    (at) => names[at],
  );
}
