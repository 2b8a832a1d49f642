import type { Highs, Model } from 'highs';
import { listPairs } from '../../assignment-model.ts';
import { createHighsModel, rowBounds, setLinkingBounds, SparseColumns } from '../../highs-model.ts';
import type { Relaxation } from '../lagrangian.ts';

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
  const pairList = listPairs(relax.problem.value, K, core);
  const pairs = pairList.count;
  const slotOfPair = new Int32Array(pairs);
  const slot = new Map<number, number>();
  const slotClassAction: number[] = [];
  const countUpperList: number[] = [];
  for (let j = 0; j < pairs; j++) {
    const key = classOf[core[pairList.customer[j]]] * K + pairList.action[j];
    let a = slot.get(key);
    if (a === undefined) {
      a = slotClassAction.length;
      slot.set(key, a);
      slotClassAction.push(key);
      countUpperList.push(0);
    }
    countUpperList[a]++;
    slotOfPair[j] = a;
  }
  const counts = slotClassAction.length;
  const countRow0 = pairList.customerRows;
  const linkRow0 = countRow0 + counts;

  const columns = new SparseColumns();
  for (let j = 0; j < pairs; j++) {
    if (pairList.customerRow[j] >= 0) columns.entry(pairList.customerRow[j], 1);
    columns.entry(countRow0 + slotOfPair[j], 1);
    columns.close(pairList.value[j], 0, 1);
  }
  slotClassAction.forEach((key, a) => {
    const c = Math.floor(key / K);
    const k = key % K;
    columns.entry(countRow0 + a, -1);
    for (let r = 0; r < R; r++) columns.entry(linkRow0 + r, rowCoef[(c * R + r) * K + k]);
    columns.close(0, 0, countUpperList[a]);
  });
  const bounds = rowBounds(linkRow0 + R, -Infinity, 1);
  bounds.rowLower.fill(0, countRow0, linkRow0);
  bounds.rowUpper.fill(0, countRow0, linkRow0);
  setLinkingBounds(bounds, sign, limits, linkRow0);
  return {
    model: createHighsModel(highs, { sense: 'maximize', columns, ...bounds }),
    pairs,
    pairCustomer: pairList.customer,
    pairAction: pairList.action,
    counts,
    countUpper: Float64Array.from(countUpperList),
  };
}
