import { inputError } from '../../../domain/errors.ts';
import { ByteInterner } from '../byte-interner.ts';
import type { ColumnMap } from '../map-columns.ts';
import { isSpace } from '../parse-number.ts';
import type { PredictionsBuilder } from '../predictions-builder.ts';
import { showValue } from '../show-value.ts';
import type { DecodedColumn, NumberColumn, TextColumn } from './decoded-column.ts';

const digits = new Uint8Array(24);

/** Appends id `k` of an integer id column as its decimal text, as hyparquet's `String(value)` writes it. */
function addIntegerId(builder: PredictionsBuilder, column: NumberColumn, k: number): void {
  let value = column.values[k];
  const negative = value < 0;
  if (negative) value = -value;
  let at = digits.length;
  do {
    digits[--at] = 48 + (value % 10);
    value = Math.floor(value / 10);
  } while (value > 0);
  if (negative) digits[--at] = 45;
  builder.ids.addBytes(digits, at, digits.length, false);
}

/**
 * Appends text id `entry`: an ASCII id with no space at either end straight from its bytes,
 * hashed in the pass that copies them; anything else trimmed as hyparquet's string would be.
 */
function addTextId(builder: PredictionsBuilder, column: TextColumn, entry: number): void {
  const { arena } = column;
  const from = column.starts[entry];
  const to = column.ends[entry];
  const trimmed = from < to && !isSpace(arena[from]) && !isSpace(arena[to - 1]);
  if (trimmed && builder.ids.addAscii(arena, from, to)) return;
  builder.ids.addText(arena.toString('utf8', from, to).trim());
}

const isNull = (column: DecodedColumn, k: number): boolean =>
  column.kind === 'text' ? column.entryOf[k] < 0 : column.present !== undefined && column.present[k] === 0;

/** Where the decoded rows of a file go, and what the rows of a slice need. */
export interface DecodedRows {
  builder: PredictionsBuilder;
  slots: readonly number[];
  map: ColumnMap;
  file: string;
  /** Maps a segment's bytes to its index for the whole file. */
  segments: { interner: ByteInterner; row: number };
  /** The segment index of each dictionary entry of the row group's segment column, -1 until met. */
  known: Int32Array;
}

/** One window of decoded rows on its way into the builder. */
interface GroupRows extends DecodedRows {
  ids: DecodedColumn;
  ps: NumberColumn;
  texts: TextColumn;
  clvs: NumberColumn | undefined;
  reductions: NumberColumn[];
  names: ColumnMap['columns'];
  rowStart: number;
}

/**
 * Rows are added in slices of this many: V8 then optimizes the row loop between calls
 * instead of replacing it in the middle of a long first call, as in the CSV reader.
 */
const SLICE_ROWS = 8192;

/** Forgets the segments of the dictionary entries met so far: a row group's dictionary is its own. */
export function startRowGroup(rows: DecodedRows): void {
  rows.known.fill(-1);
}

/**
 * Adds a window of the rows of one row group decoded by our decoder (columns in the order id,
 * p, segment, clv when present, reductions; `rowStart` rows before it in the file), applying
 * the same rules, in the same order, as rows read through hyparquet: a null id, p or segment,
 * a value that is not a finite number, then the builder's.
 */
export function addDecodedRows(rows: DecodedRows, columns: DecodedColumn[], rowStart: number): void {
  const texts = columns[2] as TextColumn;
  if (rows.known.length < texts.shared) {
    const known = new Int32Array(Math.max(texts.shared, rows.known.length * 2)).fill(-1);
    known.set(rows.known);
    rows.known = known;
  }
  const { builder, slots, map, file, segments, known } = rows;
  // Every property listed, not spread: each window's object then has the same shape, where a
  // spread's varied and threw the row loops' optimized code away.
  const group: GroupRows = {
    builder,
    slots,
    map,
    file,
    segments,
    known,
    ids: columns[0],
    ps: columns[1] as NumberColumn,
    texts,
    clvs: map.clv === undefined ? undefined : (columns[3] as NumberColumn),
    reductions: columns.slice(map.clv === undefined ? 3 : 4) as NumberColumn[],
    names: map.columns,
    rowStart,
  };
  const count = texts.entryOf.length;
  for (let from = 0; from < count; from += SLICE_ROWS) {
    const to = Math.min(count, from + SLICE_ROWS);
    if (!addSliceAtOnce(group, from, to)) addSlice(group, from, to);
  }
}

/** Whether rows `[from, to)` of `column` hold finite numbers, or nulls where `nullAllowed`. */
function allNumbers(column: NumberColumn, from: number, to: number, nullAllowed: boolean): boolean {
  const { values, present } = column;
  for (let k = from; k < to; k++) {
    if (present !== undefined && present[k] === 0) {
      if (!nullAllowed) return false;
    } else if (values[k] - values[k] !== 0) return false;
  }
  return true;
}

/** Whether no row of `[from, to)` of a text column is null (entry -1). */
function noNulls(entryOf: Int32Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (entryOf[k] < 0) return false;
  return true;
}

let sliceSegments = new Uint16Array(SLICE_ROWS);

/** The segment of each row of `[from, to)` into `out`, or false when one is refused (the row path names it). */
function readSegments(group: GroupRows, from: number, to: number, out: Uint16Array): boolean {
  const { texts, known, segments } = group;
  try {
    for (let k = from; k < to; k++) {
      const entry = texts.entryOf[k];
      let segment = entry < texts.shared ? known[entry] : -1;
      if (segment < 0) {
        segments.row = group.rowStart + k + 1;
        segment = segments.interner.lookup(texts.arena, texts.starts[entry], texts.ends[entry]);
        if (entry < texts.shared) known[entry] = segment;
      }
      out[k - from] = segment;
    }
  } catch {
    return false;
  }
  return true;
}

/** Appends the ids of rows `[from, to)`, none of them null. */
function addTextIds(builder: PredictionsBuilder, column: TextColumn, from: number, to: number): void {
  const { arena, starts, ends, entryOf } = column;
  for (let k = from; k < to; k++) {
    k = builder.ids.addAsciiEntries(arena, starts, ends, entryOf, k, to);
    if (k < to) addTextId(builder, column, entryOf[k]);
  }
}

/**
 * Adds rows `[from, to)` of the group column by column, when none is null where it must not be,
 * no number is other than finite, no segment is refused and the builder takes them all at once;
 * else adds none and returns false, for {@link addSlice} to add them row by row, naming the
 * first row at fault. A new segment is met in row order either way, so it gets the same index.
 */
function addSliceAtOnce(group: GroupRows, from: number, to: number): boolean {
  const { builder, ids, texts, clvs, reductions, slots } = group;
  if (ids.kind !== 'text' || !noNulls(ids.entryOf, from, to) || !noNulls(texts.entryOf, from, to)) return false;
  if (!allNumbers(group.ps, from, to, false) || (clvs && !allNumbers(clvs, from, to, true))) return false;
  for (const column of reductions) if (!allNumbers(column, from, to, true)) return false;
  if (sliceSegments.length < to - from) sliceSegments = new Uint16Array(to - from);
  const segments = sliceSegments.subarray(0, to - from);
  if (!readSegments(group, from, to, segments)) return false;
  const before = builder.ids.size;
  addTextIds(builder, ids, from, to);
  const bySlot: Float64Array[] = [];
  reductions.forEach((column, j) => (bySlot[slots[j]] = column.values.subarray(from, to)));
  const p = group.ps.values.subarray(from, to);
  const rows = { p, clv: clvs?.values.subarray(from, to), segments, reductions: bySlot };
  if (builder.addMany(group.rowStart + from + 1, to - from, rows)) return true;
  builder.ids.truncate(before);
  return false;
}

const refuse = (group: GroupRows, k: number, column: string, why: string) =>
  inputError({ file: group.file, row: group.rowStart + k + 1, column }, why);

/** Stores the number of row k into `into[slot]`: a double returned from a call would be boxed. */
function readNumber(
  group: GroupRows,
  into: Float64Array,
  slot: number,
  column: NumberColumn,
  k: number,
  name: string,
  emptyAllowed: boolean,
): void {
  if (column.present !== undefined && column.present[k] === 0) {
    if (!emptyAllowed) throw refuse(group, k, name, `${name} is null`);
    into[slot] = Number.NaN;
    return;
  }
  const value = column.values[k];
  if (value - value !== 0) throw refuse(group, k, name, `${showValue(String(value))} is not a number`);
  into[slot] = value;
}

/** Adds rows `[from, to)` of the group. */
function addSlice(group: GroupRows, from: number, to: number): void {
  const { builder, ids, texts, known, names, clvs, reductions, slots } = group;
  const values = builder.rowValues;
  const rowReductions = builder.rowReductions;
  for (let k = from; k < to; k++) {
    const row = group.rowStart + k + 1;
    if (isNull(ids, k)) throw refuse(group, k, 'customer_id', 'customer_id is null');
    if (ids.kind === 'text') addTextId(builder, ids, ids.entryOf[k]);
    else addIntegerId(builder, ids, k);
    readNumber(group, values, 0, group.ps, k, names.pName, false);
    const entry = texts.entryOf[k];
    if (entry < 0) throw refuse(group, k, 'subscription_type', 'subscription_type is null');
    let segment = entry < texts.shared ? known[entry] : -1;
    if (segment < 0) {
      group.segments.row = row;
      segment = group.segments.interner.lookup(texts.arena, texts.starts[entry], texts.ends[entry]);
      if (entry < texts.shared) known[entry] = segment;
    }
    if (clvs) readNumber(group, values, 1, clvs, k, names.clvName ?? 'clv', true);
    else values[1] = Number.NaN;
    for (let j = 0; j < reductions.length; j++)
      readNumber(group, rowReductions, slots[j], reductions[j], k, names.reductions[j].name, true);
    builder.add(row, segment);
  }
}
