import type { Relaxation } from '../lagrangian.ts';

/** The eligible customer-action pairs of a core, in customer order: the columns of its models. */
export interface CorePairs {
  count: number;
  /** Position in the core of each pair's customer, and the action. */
  customer: Int32Array;
  action: Int16Array;
  /** Objective coefficient of each pair. */
  value: Float64Array;
  /** Each pair's "at most one action" row, or -1 when its customer has a single eligible action (no row needed). */
  customerRow: Int32Array;
  customerRows: number;
}

/** Lists the eligible pairs of `core` and numbers the "at most one action" rows of the customers with two or more. */
export function listCorePairs(relax: Relaxation, core: Int32Array): CorePairs {
  const { K } = relax;
  const value = relax.problem.value;
  let count = 0;
  for (const i of core) for (let k = 0; k < K; k++) if (!Number.isNaN(value[i * K + k])) count++;
  const pairs: CorePairs = {
    count,
    customer: new Int32Array(count),
    action: new Int16Array(count),
    value: new Float64Array(count),
    customerRow: new Int32Array(count),
    customerRows: 0,
  };
  let j = 0;
  core.forEach((i, position) => {
    const first = j;
    for (let k = 0; k < K; k++) {
      if (Number.isNaN(value[i * K + k])) continue;
      pairs.customer[j] = position;
      pairs.action[j] = k;
      pairs.value[j++] = value[i * K + k];
    }
    const row = j - first >= 2 ? pairs.customerRows++ : -1;
    pairs.customerRow.fill(row, first, j);
  });
  return pairs;
}

/** Bounds of the linking rows from `first` on: `≤ limit` for sign +1, `≥ limit` for sign −1; rows before `first` keep [-∞, 1]. */
export function linkingRowBounds(
  sign: Float64Array,
  limits: ArrayLike<number>,
  numRows: number,
  first: number,
): { rowLower: Float64Array; rowUpper: Float64Array } {
  const rowLower = new Float64Array(numRows).fill(-Infinity);
  const rowUpper = new Float64Array(numRows).fill(1);
  for (let r = 0; r < sign.length; r++) {
    rowLower[first + r] = sign[r] > 0 ? -Infinity : limits[r];
    rowUpper[first + r] = sign[r] > 0 ? limits[r] : Infinity;
  }
  return { rowLower, rowUpper };
}
