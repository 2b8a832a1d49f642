/**
 * The per-value loops of a data page, each in its own small function over one array type: V8
 * optimizes each once, early, and keeps it, where the same loops inside the decoder met every
 * column's types and were compiled and thrown away again row group after row group.
 */

/** `out[k] = first + k`: a PLAIN page's entries, one per value. */
export function countEntries(out: Int32Array, first: number, count: number): void {
  for (let k = 0; k < count; k++) out[k] = first + k;
}

/** `out[k] = dictionary[indices[k]]`: a number page's values from its dictionary (indices checked before). */
export function gatherNumbers(out: Float64Array, dictionary: Float64Array, indices: Int32Array, count: number): void {
  for (let k = 0; k < count; k++) out[k] = dictionary[indices[k]];
}

/** Places `count` rows from `row` on: the next dense number where `defined` is 1, NaN where it is 0. */
export function scatterNumbers(
  dense: Float64Array,
  defined: Int32Array,
  out: Float64Array,
  row: number,
  count: number,
): void {
  let next = 0;
  for (let k = 0; k < count; k++) out[row + k] = defined[k] === 1 ? dense[next++] : Number.NaN;
}

/** Places `count` rows from `row` on: the next dense entry where `defined` is 1, -1 (null) where it is 0. */
export function scatterEntries(
  dense: Int32Array,
  defined: Int32Array,
  out: Int32Array,
  row: number,
  count: number,
): void {
  let next = 0;
  for (let k = 0; k < count; k++) out[row + k] = defined[k] === 1 ? dense[next++] : -1;
}

/** How many of `count` definition levels are 0 (null). */
export function countNulls(defined: Int32Array, count: number): number {
  let values = 0;
  for (let k = 0; k < count; k++) values += defined[k];
  return count - values;
}
