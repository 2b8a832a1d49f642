import type { Highs, Model } from 'highs';
import { setLinkingBounds } from '../../highs-model.ts';
import { sameRowCoefficients, type LinkingRow } from '../../linking-rows.ts';
import type { Relaxation } from '../lagrangian.ts';
import { countCoreTypes } from './core-types.ts';
import { buildCountModel, type CountModel } from './count-model.ts';

/** A week's count model over all its customers, or the finding that they form more than `moreThan` types. */
interface Kept {
  rows: readonly LinkingRow[];
  counts: CountModel | undefined;
  /** The customers the model was built over (every one, in order). */
  customers: Int32Array;
  moreThan: number;
  busy: boolean;
}

/** A count model lent to one search: `release` it when the search ends. */
export interface CountModelLease {
  counts: CountModel;
  /** The customers it was built over: every one of the week, in order. */
  customers: Int32Array;
  release(): void;
}

/**
 * One whole-week count model per value array. The levels of a sweep share their values and rows'
 * coefficients and differ only in limits: the model (types, columns, rows) is built once and
 * each level moves its linking rows' bounds, then re-solves from the last basis.
 */
const kept = new WeakMap<Float64Array, Kept>();
const disposer = new FinalizationRegistry<Model>((model) => model.dispose());

/**
 * The count model of every customer of `relax` at `relax.limit`, when they form at most `limit`
 * types: the one kept for the same values and row coefficients, moved to these limits, or a new
 * one (kept for the next). `first` customers are counted before all are, as most weeks show more
 * types among them already. Undefined for too many types.
 */
export function borrowWeekCountModel(
  highs: Highs,
  relax: Relaxation,
  limit: number,
  first: number,
): CountModelLease | undefined {
  const { value, rows } = relax.problem;
  const known = kept.get(value);
  if (known && sameRowCoefficients(known.rows, rows)) {
    if (limit <= known.moreThan || (known.counts && known.counts.types.count > limit)) return undefined;
    if (known.counts && !known.busy) {
      known.busy = true;
      relimitLinkingRows(known.counts, relax);
      return { counts: known.counts, customers: known.customers, release: () => (known.busy = false) };
    }
  }
  if (countCoreTypes(relax, firstCustomers(Math.min(relax.n, first)), limit) > limit) return undefined;
  const everyone = firstCustomers(relax.n);
  if (countCoreTypes(relax, everyone, limit) > limit) {
    if (!known?.counts)
      kept.set(value, { rows, counts: undefined, customers: new Int32Array(0), moreThan: limit, busy: false });
    return undefined;
  }
  const counts = buildCountModel(highs, relax, everyone, relax.limit);
  if (known?.counts) return { counts, customers: everyone, release: () => counts.model.dispose() };
  const fresh: Kept = { rows, counts, customers: everyone, moreThan: -Infinity, busy: true };
  kept.set(value, fresh);
  disposer.register(value, counts.model);
  return { counts, customers: everyone, release: () => (fresh.busy = false) };
}

/** Moves the linking rows' bounds of `counts` to `relax`'s limits. */
function relimitLinkingRows(counts: CountModel, relax: Relaxation): void {
  const { R, sign, limit } = relax;
  if (R === 0) return;
  const bounds = { rowLower: new Float64Array(R), rowUpper: new Float64Array(R) };
  setLinkingBounds(bounds, sign, limit, 0);
  const rows = { kind: 'range' as const, from: counts.linkRow0, to: counts.linkRow0 + R - 1 };
  counts.model.changeRowsBounds(rows, bounds.rowLower, bounds.rowUpper);
}

/** The indices 0 .. n − 1. */
function firstCustomers(n: number): Int32Array {
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) indices[i] = i;
  return indices;
}
