import type { Highs, Model } from 'highs';
import { listPairs } from '../../assignment-model.ts';
import { createHighsModel, rowBounds, setLinkingBounds, SparseColumns } from '../../highs-model.ts';
import type { Relaxation } from '../lagrangian.ts';
import { groupCoreTypes, type CoreTypes } from './core-types.ts';

/**
 * The LP relaxation of a core written over class-action counts, its customers grouped into
 * types of interchangeable ones (see `groupCoreTypes`): one column per type t and eligible
 * action k (x, the customers of t taking k, in [0, m_t]), one count column per (class, action)
 * that some core customer may take (N, in [0, eligible customers of the class]), and the rows
 *   Σ_k x_tk ≤ m_t                     per type with two or more eligible actions,
 *   Σ_{t in class c} x_tk − N_ck = 0   per count,
 *   Σ_{c,k} a_r(c, k) N_ck  ≤ / ≥ limit_r   per linking row.
 * The linking rows only see counts, and the first two row sets form a bipartite network
 * (types against counts) with whole bounds, so every vertex with integral counts has integral
 * x: branching on the few dozen counts is enough to solve the core exactly.
 */
export interface CountModel {
  model: Model;
  /** The core's types: an x column's amount is handed out to its type's customers. */
  types: CoreTypes;
  /** Number of x columns; count columns follow them. */
  pairs: number;
  /** Type of each x column, its action and its upper bound (the type's size). */
  pairType: Int32Array;
  pairAction: Int16Array;
  pairUpper: Float64Array;
  /** The count column (after the x columns) each x column adds to. */
  slotOfPair: Int32Array;
  /** Number of count columns and each one's upper bound (eligible customers). */
  counts: number;
  /** The first linking row (rows before it are the types' and the counts'). */
  linkRow0: number;
  countUpper: Float64Array;
}

/** Builds the count model of `core` with the linking rows' `limits` in a new HiGHS model (call `model.dispose()`). */
export function buildCountModel(highs: Highs, relax: Relaxation, core: Int32Array, limits: Float64Array): CountModel {
  const { K, R, classOf, rowCoef, sign } = relax;
  const types = groupCoreTypes(relax, core);
  const pairList = listPairs(relax.problem.value, K, types.representative);
  const pairs = pairList.count;
  const pairUpper = Float64Array.from(pairList.customer, (t) => types.size[t]);
  const slotOfPair = new Int32Array(pairs);
  const slot = new Map<number, number>();
  const slotClassAction: number[] = [];
  const countUpperList: number[] = [];
  for (let j = 0; j < pairs; j++) {
    const key = classOf[types.representative[pairList.customer[j]]] * K + pairList.action[j];
    let a = slot.get(key);
    if (a === undefined) {
      a = slotClassAction.length;
      slot.set(key, a);
      slotClassAction.push(key);
      countUpperList.push(0);
    }
    countUpperList[a] += pairUpper[j];
    slotOfPair[j] = a;
  }
  const counts = slotClassAction.length;
  const countRow0 = pairList.customerRows;
  const linkRow0 = countRow0 + counts;

  const columns = new SparseColumns();
  const bounds = rowBounds(linkRow0 + R, -Infinity, 1);
  for (let j = 0; j < pairs; j++) {
    if (pairList.customerRow[j] >= 0) {
      columns.entry(pairList.customerRow[j], 1);
      bounds.rowUpper[pairList.customerRow[j]] = pairUpper[j];
    }
    columns.entry(countRow0 + slotOfPair[j], 1);
    columns.close(pairList.value[j], 0, pairUpper[j]);
  }
  slotClassAction.forEach((key, a) => {
    const c = Math.floor(key / K);
    const k = key % K;
    columns.entry(countRow0 + a, -1);
    for (let q = relax.classRowStart[c]; q < relax.classRowStart[c + 1]; q++) {
      const r = relax.classRows[q];
      columns.entry(linkRow0 + r, rowCoef[(c * R + r) * K + k]);
    }
    columns.close(0, 0, countUpperList[a]);
  });
  bounds.rowLower.fill(0, countRow0, linkRow0);
  bounds.rowUpper.fill(0, countRow0, linkRow0);
  setLinkingBounds(bounds, sign, limits, linkRow0);
  return {
    model: createHighsModel(highs, { sense: 'maximize', columns, ...bounds }),
    types,
    pairs,
    pairType: pairList.customer,
    pairAction: pairList.action,
    pairUpper,
    slotOfPair,
    counts,
    linkRow0,
    countUpper: Float64Array.from(countUpperList),
  };
}

/** Moves the model's bounded x columns from `applied` to `wanted` (others back to [0, upper]); returns the new applied set. */
export function applyFixes(
  model: Model,
  pairUpper: Float64Array,
  applied: Map<number, readonly [number, number]>,
  wanted: ReadonlyMap<number, readonly [number, number]>,
): Map<number, readonly [number, number]> {
  const set = (j: number, lo: number, hi: number) =>
    model.changeColsBounds({ kind: 'set', indices: Int32Array.of(j) }, Float64Array.of(lo), Float64Array.of(hi));
  for (const j of applied.keys()) if (!wanted.has(j)) set(j, 0, pairUpper[j]);
  for (const [j, bounds] of wanted) if (applied.get(j) !== bounds) set(j, bounds[0], bounds[1]);
  return new Map(wanted);
}

/** The LP's row duals of the linking rows as the relaxation's multipliers: λ_r = sign_r · dual_r, at least 0. */
export function linkingDuals(model: Model, sign: Float64Array, linkRow0: number): Float64Array {
  const duals = model.getSolution().rowDual;
  return Float64Array.from(sign, (s, r) => Math.max(0, s * duals[linkRow0 + r]));
}
