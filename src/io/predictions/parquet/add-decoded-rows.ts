import { inputError } from '../../../domain/errors.ts';
import { ByteInterner } from '../byte-interner.ts';
import { FNV_OFFSET, FNV_PRIME } from '../hash.ts';
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

const hashed = new Uint32Array(1);

/**
 * Appends text id `entry`: an ASCII id with no space at either end straight from its bytes,
 * hashed in the pass that checks them; anything else trimmed as hyparquet's string would be.
 */
function addTextId(builder: PredictionsBuilder, column: TextColumn, entry: number): void {
  const { arena } = column;
  const from = column.starts[entry];
  const to = column.ends[entry];
  let bits = 0;
  if (from < to && !isSpace(arena[from]) && !isSpace(arena[to - 1])) {
    let hash = FNV_OFFSET;
    for (let i = from; i < to; i++) {
      const byte = arena[i];
      bits |= byte;
      hash = Math.imul(hash ^ byte, FNV_PRIME);
    }
    if (bits < 128) {
      hashed[0] = hash;
      return builder.ids.addHashed(arena, from, to, hashed, 0);
    }
  }
  if (bits < 128) builder.ids.addBytes(arena, from, to, false);
  else builder.ids.addText(arena.toString('utf8', from, to).trim());
}

const isNull = (column: DecodedColumn, k: number): boolean =>
  column.kind === 'text' ? column.entryOf[k] < 0 : column.present !== undefined && column.present[k] === 0;

/**
 * Adds the rows of one row group decoded by our decoder (columns in the order id, p, segment,
 * clv when present, reductions), applying the same rules, in the same order, as rows read
 * through hyparquet: a null id, p or segment, a value that is not a finite number, then the
 * builder's. `segments` maps a segment's bytes to its index for the whole file.
 */
export function addDecodedRows(
  builder: PredictionsBuilder,
  columns: DecodedColumn[],
  slots: readonly number[],
  rowStart: number,
  map: ColumnMap,
  file: string,
  segments: { interner: ByteInterner; row: number },
): void {
  const [ids, ps, segmentColumn] = columns;
  const clvs = map.clv === undefined ? undefined : (columns[3] as NumberColumn);
  const reductions = columns.slice(map.clv === undefined ? 3 : 4) as NumberColumn[];
  const names = map.columns;
  const rows = ids.kind === 'text' ? ids.entryOf.length : ids.values.length;
  const refuse = (row: number, column: string, why: string) => inputError({ file, row, column }, why);
  // Stores the number of row k into `into[slot]`: a double returned from a call would be boxed.
  const number = (
    into: Float64Array,
    slot: number,
    column: NumberColumn,
    k: number,
    name: string,
    emptyAllowed: boolean,
  ): void => {
    if (column.present !== undefined && column.present[k] === 0) {
      if (!emptyAllowed) throw refuse(rowStart + k + 1, name, `${name} is null`);
      into[slot] = Number.NaN;
      return;
    }
    const value = column.values[k];
    if (value - value !== 0) throw refuse(rowStart + k + 1, name, `${showValue(String(value))} is not a number`);
    into[slot] = value;
  };
  const texts = segmentColumn as TextColumn;
  const known = new Int32Array(texts.entries).fill(-1);
  const values = builder.rowValues;
  const rowReductions = builder.rowReductions;
  for (let k = 0; k < rows; k++) {
    const row = rowStart + k + 1;
    if (isNull(ids, k)) throw refuse(row, 'customer_id', 'customer_id is null');
    if (ids.kind === 'text') addTextId(builder, ids, ids.entryOf[k]);
    else addIntegerId(builder, ids, k);
    number(values, 0, ps as NumberColumn, k, names.pName, false);
    const entry = texts.entryOf[k];
    if (entry < 0) throw refuse(row, 'subscription_type', 'subscription_type is null');
    let segment = known[entry];
    if (segment < 0) {
      segments.row = row;
      segment = known[entry] = segments.interner.lookup(texts.arena, texts.starts[entry], texts.ends[entry]);
    }
    if (clvs) number(values, 1, clvs, k, names.clvName ?? 'clv', true);
    else values[1] = Number.NaN;
    for (let j = 0; j < reductions.length; j++)
      number(rowReductions, slots[j], reductions[j], k, names.reductions[j].name, true);
    builder.add(row, segment);
  }
}
