import type { Highs, Model } from 'highs';
import { createHighsModel, rowBounds, setLinkingBounds, SparseColumns } from './highs-model.ts';
import { type Problem } from './problem.ts';
import { rowCoefficient } from './linking-rows.ts';

/** The eligible customer-action pairs of some customers, in customer order: the columns of their models. */
export interface PairList {
  count: number;
  /** Position in the customer list of each pair's customer, and the action. */
  customer: Int32Array;
  action: Int16Array;
  /** Objective coefficient of each pair. */
  value: Float64Array;
  /** Each pair's "at most one action" row, or -1 when its customer has a single eligible action (no row needed). */
  customerRow: Int32Array;
  customerRows: number;
}

/** Lists the eligible pairs (value not NaN) of `customers` and numbers the "at most one" rows of those with two or more. */
export function listPairs(value: Float64Array, K: number, customers: ArrayLike<number>): PairList {
  let count = 0;
  for (let at = 0; at < customers.length; at++)
    for (let k = 0; k < K; k++) if (!Number.isNaN(value[customers[at] * K + k])) count++;
  const pairs: PairList = {
    count,
    customer: new Int32Array(count),
    action: new Int16Array(count),
    value: new Float64Array(count),
    customerRow: new Int32Array(count),
    customerRows: 0,
  };
  let j = 0;
  for (let at = 0; at < customers.length; at++) {
    const i = customers[at];
    const first = j;
    for (let k = 0; k < K; k++) {
      if (Number.isNaN(value[i * K + k])) continue;
      pairs.customer[j] = at;
      pairs.action[j] = k;
      pairs.value[j++] = value[i * K + k];
    }
    const row = j - first >= 2 ? pairs.customerRows++ : -1;
    pairs.customerRow.fill(row, first, j);
  }
  return pairs;
}

export interface AssignmentModelInput {
  /** Objective coefficient of pair (i, k) at `i * K + k`; NaN when ineligible. */
  value: Float64Array;
  K: number;
  /** The customers modelled (indices into `value`'s customers). */
  customers: ArrayLike<number>;
  /** +1 for each `≤` linking row, −1 for each `≥` one. */
  sign: ArrayLike<number>;
  limits: ArrayLike<number>;
  /** Coefficient of pair (i, k) in linking row r. */
  coefficient: (i: number, k: number, r: number) => number;
  /** Binary columns (a MIP) or continuous ones in [0, 1] (its LP relaxation). */
  integer: boolean;
  /** The customers' pairs, when the caller has listed them already. */
  pairs?: PairList;
  /**
   * How many interchangeable customers each entry of `customers` stands for (default 1 each):
   * its columns count customers (at most that many) and its "at most one" row becomes "at most m".
   */
  multiplicity?: ArrayLike<number>;
}

export interface AssignmentModel {
  model: Model;
  pairs: PairList;
  /** Linking row r is model row `firstLinkingRow + r`. */
  firstLinkingRow: number;
}

/**
 * The model of SPEC 3 over some customers, maximised: one column per eligible pair, one "at
 * most one" row per customer with two or more eligible pairs, then the linking rows at `limits`
 * (with `multiplicity`, an entry stands for that many interchangeable customers).
 * Call `model.dispose()`.
 */
export function buildAssignmentModel(highs: Highs, input: AssignmentModelInput): AssignmentModel {
  const { K, customers, sign, coefficient, multiplicity } = input;
  const R = sign.length;
  const pairs = input.pairs ?? listPairs(input.value, K, customers);
  const columns = new SparseColumns();
  const bounds = rowBounds(pairs.customerRows + R, -Infinity, 1);
  for (let j = 0; j < pairs.count; j++) {
    const i = customers[pairs.customer[j]];
    const k = pairs.action[j];
    const m = multiplicity ? multiplicity[pairs.customer[j]] : 1;
    if (pairs.customerRow[j] >= 0) {
      columns.entry(pairs.customerRow[j], 1);
      bounds.rowUpper[pairs.customerRow[j]] = m;
    }
    for (let r = 0; r < R; r++) columns.entry(pairs.customerRows + r, coefficient(i, k, r));
    columns.close(pairs.value[j], 0, m);
  }
  setLinkingBounds(bounds, sign, input.limits, pairs.customerRows);
  const model = createHighsModel(highs, { sense: 'maximize', columns, ...bounds, integer: input.integer });
  return { model, pairs, firstLinkingRow: pairs.customerRows };
}

/** {@link buildAssignmentModel} for a problem's own rows: every customer (or `customers`), at the rows' limits (or `limits`). */
export function buildProblemModel(
  highs: Highs,
  problem: Problem,
  options: { integer: boolean; customers?: Int32Array; limits?: Float64Array },
): AssignmentModel {
  const { rows } = problem;
  return buildAssignmentModel(highs, {
    value: problem.value,
    K: problem.K,
    customers: options.customers ?? Int32Array.from({ length: problem.n }, (_, i) => i),
    sign: Float64Array.from(rows, (row) => (row.sense === '<=' ? 1 : -1)),
    limits: options.limits ?? Float64Array.from(rows, (row) => row.limit),
    coefficient: (i, k, r) => rowCoefficient(rows[r], i, k),
    integer: options.integer,
  });
}
