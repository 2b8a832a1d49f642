import type { Highs, Model } from 'highs';

/** A HiGHS model's columns in compressed sparse column form, appended one column at a time. */
export class SparseColumns {
  readonly cost: number[] = [];
  readonly lower: number[] = [];
  readonly upper: number[] = [];
  readonly starts: number[] = [0];
  readonly indices: number[] = [];
  readonly values: number[] = [];

  get count(): number {
    return this.cost.length;
  }

  /** Adds coefficient `value` in `row` to the column being built (zeros are skipped). */
  entry(row: number, value: number): void {
    if (value === 0) return;
    this.indices.push(row);
    this.values.push(value);
  }

  /** Closes the column being built with its objective coefficient and bounds; returns its index. */
  close(cost: number, lower: number, upper: number): number {
    this.cost.push(cost);
    this.lower.push(lower);
    this.upper.push(upper);
    this.starts.push(this.indices.length);
    return this.cost.length - 1;
  }
}

/** Row bounds: `rowLower[i] ≤ row i ≤ rowUpper[i]`, all starting as `[lower, upper]`. */
export function rowBounds(
  numRows: number,
  lower: number,
  upper: number,
): { rowLower: Float64Array; rowUpper: Float64Array } {
  return { rowLower: new Float64Array(numRows).fill(lower), rowUpper: new Float64Array(numRows).fill(upper) };
}

/** Sets rows `first + r` to `≤ limits[r]` where `sign[r] > 0` and to `≥ limits[r]` elsewhere. */
export function setLinkingBounds(
  bounds: { rowLower: Float64Array; rowUpper: Float64Array },
  sign: ArrayLike<number>,
  limits: ArrayLike<number>,
  first: number,
): void {
  for (let r = 0; r < sign.length; r++) {
    bounds.rowLower[first + r] = sign[r] > 0 ? -Infinity : limits[r];
    bounds.rowUpper[first + r] = sign[r] > 0 ? limits[r] : Infinity;
  }
}

export interface HighsModelSpec {
  sense: 'maximize' | 'minimize';
  columns: SparseColumns;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  /** Every column integer (a MIP), or those flagged 1; default continuous. */
  integer?: boolean | Uint8Array;
}

/**
 * The one place a HiGHS model is created from arrays (call `model.dispose()`). HiGHS refuses a
 * model with no column, so an empty one gets a single column fixed at 0 that touches no row.
 */
export function createHighsModel(highs: Highs, spec: HighsModelSpec): Model {
  const { columns, rowLower, rowUpper } = spec;
  const padded = columns.count === 0;
  const numCols = padded ? 1 : columns.count;
  const numRows = rowLower.length;
  return highs.createModel({
    numCols,
    numRows,
    sense: highs.constants.objectiveSense[spec.sense],
    colCost: padded ? new Float64Array(1) : Float64Array.from(columns.cost),
    colLower: padded ? new Float64Array(1) : Float64Array.from(columns.lower),
    colUpper: padded ? new Float64Array(1) : Float64Array.from(columns.upper),
    rowLower,
    rowUpper,
    matrix: {
      format: 'csc',
      numRows,
      numCols,
      starts: padded ? new Int32Array(2) : Int32Array.from(columns.starts),
      indices: Int32Array.from(columns.indices),
      values: Float64Array.from(columns.values),
    },
    ...(spec.integer ? { integrality: integrality(highs, numCols, spec.integer) } : {}),
  });
}

function integrality(highs: Highs, numCols: number, integer: true | Uint8Array): Int32Array {
  const { continuous, integer: whole } = highs.constants.variableType;
  return Int32Array.from({ length: numCols }, (_, j) => (integer === true || integer[j] ? whole : continuous));
}

/** The least time a solve is given, so that one asked at its deadline can still answer a small model. */
const MIN_SOLVE_SECONDS = 0.01;
/** HiGHS takes only finite time limits: this one stands for none. */
const NO_TIME_LIMIT = 1e9;

/**
 * Holds `model`'s next runs to `seconds` (none when undefined). A run blocks the event loop, so a
 * caller's deadline holds only if HiGHS keeps it.
 */
export function limitRunTime(model: Model, seconds: number | undefined): void {
  model.options.set({ time_limit: Math.min(NO_TIME_LIMIT, Math.max(MIN_SOLVE_SECONDS, seconds ?? NO_TIME_LIMIT)) });
}
