import type { Highs, Model } from 'highs';

/** A maximisation MIP (or its LP) in rows of sparse coefficients, as the horizon's searches build them. */
export interface MipData {
  numCols: number;
  colCost: number[];
  colLower: number[];
  colUpper: number[];
  /** Columns that take whole values. */
  integer: number[];
  rowLower: number[];
  rowUpper: number[];
  rows: { indices: number[]; values: number[] }[];
  offset: number;
}

/** A MIP with no column and no row yet. */
export function emptyMip(): MipData {
  return {
    numCols: 0,
    colCost: [],
    colLower: [],
    colUpper: [],
    integer: [],
    rowLower: [],
    rowUpper: [],
    rows: [],
    offset: 0,
  };
}

/** The HiGHS model of `data`, its `integer` columns whole unless `integer` is false (the LP). */
export function createMipModel(highs: Highs, data: MipData, integer: boolean): Model {
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of data.rows) {
    for (let k = 0; k < row.indices.length; k++) {
      indices.push(row.indices[k]);
      values.push(row.values[k]);
    }
    starts.push(indices.length);
  }
  const integrality = new Int32Array(data.numCols);
  if (integer) for (const col of data.integer) integrality[col] = highs.constants.variableType.integer;
  return highs.createModel({
    numCols: data.numCols,
    numRows: data.rows.length,
    sense: highs.constants.objectiveSense.maximize,
    offset: data.offset,
    colCost: Float64Array.from(data.colCost),
    colLower: Float64Array.from(data.colLower),
    colUpper: Float64Array.from(data.colUpper),
    rowLower: Float64Array.from(data.rowLower),
    rowUpper: Float64Array.from(data.rowUpper),
    matrix: {
      format: 'csr',
      numRows: data.rows.length,
      numCols: data.numCols,
      starts: Int32Array.from(starts),
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
    },
    integrality,
  });
}
