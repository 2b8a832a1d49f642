/** A number column of some rows of a row group: `values[k]` for row k, unless `present` says it is null. */
export interface NumberColumn {
  kind: 'number';
  values: Float64Array;
  /** 1 where the row has a value; undefined when the column is REQUIRED (no nulls). */
  present: Uint8Array | undefined;
}

/**
 * A text column of some rows of a row group as byte ranges of `arena`: row k holds entry
 * `entryOf[k]` (-1: null), whose bytes are `arena[starts[e], ends[e])`. Entries below `shared`
 * are a dictionary's, the same for every row of the row group that refers to them, so a reader
 * can remember what it made of one; the others hold only for these rows.
 */
export interface TextColumn {
  kind: 'text';
  arena: Buffer;
  starts: Int32Array;
  ends: Int32Array;
  shared: number;
  entryOf: Int32Array;
}

export type DecodedColumn = NumberColumn | TextColumn;

/** How to decode one used column: its physical type, whether it may hold nulls, whether its integers must stay exact (ids). */
export interface ColumnPlan {
  type: 'DOUBLE' | 'FLOAT' | 'INT32' | 'INT64' | 'BYTE_ARRAY';
  optional: boolean;
  exact: boolean;
}
