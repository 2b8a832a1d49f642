import type { Highs, Model } from 'highs';
import type { Relaxation } from './lagrangian.ts';

/**
 * The LP relaxation of a core written over class-action counts: one continuous column per
 * eligible pair (x, in [0, 1]), one count column per (class, action) that some core customer
 * may take (N, in [0, eligible customers of the class]), and the rows
 *   Σ_k x_ik ≤ 1                       per customer with two or more eligible actions,
 *   Σ_{i in class c} x_ik − N_ck = 0   per count,
 *   Σ_{c,k} a_r(c, k) N_ck  ≤ / ≥ limit_r   per linking row.
 * The linking rows only see counts, and the first two row sets form a bipartite network
 * (customers against counts), so every vertex with integral counts has integral x: branching
 * on the few dozen counts is enough to solve the core exactly.
 */
export interface CountModel {
  model: Model;
  /** Number of x columns; count columns follow them. */
  pairs: number;
  /** Core position of each x column's customer, and its action. */
  pairCustomer: Int32Array;
  pairAction: Int16Array;
  /** Number of count columns and each one's upper bound (eligible customers). */
  counts: number;
  countUpper: Float64Array;
}

/** Builds the count model of `core` with the linking rows' `limits` in a new HiGHS model (call `model.dispose()`). */
export function buildCountModel(highs: Highs, relax: Relaxation, core: Int32Array, limits: Float64Array): CountModel {
  const { K, R, classOf, rowCoef, sign } = relax;
  const value = relax.problem.value;
  const slot = new Map<number, number>();
  const countUpperList: number[] = [];
  const slotClassAction: number[] = [];
  let pairs = 0;
  let customerRows = 0;
  for (const i of core) {
    let eligible = 0;
    for (let k = 0; k < K; k++) {
      if (Number.isNaN(value[i * K + k])) continue;
      eligible++;
      const key = classOf[i] * K + k;
      let a = slot.get(key);
      if (a === undefined) {
        a = countUpperList.length;
        slot.set(key, a);
        countUpperList.push(0);
        slotClassAction.push(key);
      }
      countUpperList[a]++;
    }
    pairs += eligible;
    if (eligible >= 2) customerRows++;
  }
  const counts = countUpperList.length;
  const numCols = pairs + counts;
  const countRow0 = customerRows;
  const linkRow0 = customerRows + counts;
  const numRows = linkRow0 + R;

  let nonzeros = 0;
  for (const key of slotClassAction) {
    const c = Math.floor(key / K);
    const k = key % K;
    for (let r = 0; r < R; r++) if (rowCoef[(c * R + r) * K + k] !== 0) nonzeros++;
  }
  // An upper estimate: customers with a single eligible action have no customer row.
  nonzeros += 2 * pairs + counts;
  const starts = new Int32Array(numCols + 1);
  const indices = new Int32Array(nonzeros);
  const values = new Float64Array(nonzeros);
  const colCost = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(1);
  const pairCustomer = new Int32Array(pairs);
  const pairAction = new Int16Array(pairs);
  let col = 0;
  let nz = 0;
  let customerRow = 0;
  core.forEach((i, position) => {
    let eligible = 0;
    for (let k = 0; k < K; k++) if (!Number.isNaN(value[i * K + k])) eligible++;
    for (let k = 0; k < K; k++) {
      if (Number.isNaN(value[i * K + k])) continue;
      pairCustomer[col] = position;
      pairAction[col] = k;
      colCost[col] = value[i * K + k];
      if (eligible >= 2) {
        indices[nz] = customerRow;
        values[nz++] = 1;
      }
      indices[nz] = countRow0 + (slot.get(classOf[i] * K + k) as number);
      values[nz++] = 1;
      starts[++col] = nz;
    }
    if (eligible >= 2) customerRow++;
  });
  slotClassAction.forEach((key, a) => {
    const c = Math.floor(key / K);
    const k = key % K;
    colUpper[col] = countUpperList[a];
    indices[nz] = countRow0 + a;
    values[nz++] = -1;
    for (let r = 0; r < R; r++) {
      const coef = rowCoef[(c * R + r) * K + k];
      if (coef === 0) continue;
      indices[nz] = linkRow0 + r;
      values[nz++] = coef;
    }
    starts[++col] = nz;
  });

  const rowLower = new Float64Array(numRows).fill(-Infinity);
  const rowUpper = new Float64Array(numRows).fill(1);
  for (let a = 0; a < counts; a++) {
    rowLower[countRow0 + a] = 0;
    rowUpper[countRow0 + a] = 0;
  }
  for (let r = 0; r < R; r++) {
    rowLower[linkRow0 + r] = sign[r] > 0 ? -Infinity : limits[r];
    rowUpper[linkRow0 + r] = sign[r] > 0 ? limits[r] : Infinity;
  }
  const model = highs.createModel({
    numCols,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost,
    colLower: new Float64Array(numCols),
    colUpper,
    rowLower,
    rowUpper,
    matrix: { format: 'csc', numRows, numCols, starts, indices: indices.subarray(0, nz), values: values.subarray(0, nz) },
  });
  return { model, pairs, pairCustomer, pairAction, counts, countUpper: Float64Array.from(countUpperList) };
}
