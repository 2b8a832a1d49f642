import { findTypes, type TypeInput } from '../customer-types.ts';
import type { Relaxation } from '../lagrangian.ts';
import { exactGaps, selectCore, type Ranking } from '../ranking.ts';

/**
 * The core's customers grouped into types: customers of one class with the same value for every
 * action (ineligibility included) are interchangeable in every row and in the objective, so a
 * model needs one integer column per (type, action), bounded by the type's size, not one binary
 * column per customer. Weeks with many identical customers shrink their cores by orders of
 * magnitude; weeks without keep one type per customer.
 */
export interface CoreTypes {
  count: number;
  /** A problem customer of each type (its values and class stand for all of them). */
  representative: Int32Array;
  /** Customers of each type. */
  size: Int32Array;
  /** The core positions of type t's customers: `members[start[t] .. start[t + 1])`. */
  start: Int32Array;
  members: Int32Array;
  /** Each core position's type. */
  typeOf: Int32Array;
}

const typeInput = (relax: Relaxation): TypeInput => ({
  classOf: relax.classOf,
  K: relax.K,
  value: relax.problem.value,
});

/** How many types `core`'s customers form, counted up to `limit + 1` (a larger count stops early). */
export function countCoreTypes(relax: Relaxation, core: Int32Array, limit: number): number {
  return findTypes(typeInput(relax), core.length, limit, core).representatives.length;
}

/** Groups the customers of `core` (problem indices) into types, in order of first appearance. */
export function groupCoreTypes(relax: Relaxation, core: Int32Array): CoreTypes {
  const { typeOf, representatives } = findTypes(typeInput(relax), core.length, Infinity, core);
  const count = representatives.length;
  const size = new Int32Array(count);
  for (let at = 0; at < core.length; at++) size[typeOf[at]]++;
  const start = new Int32Array(count + 1);
  for (let t = 0; t < count; t++) start[t + 1] = start[t] + size[t];
  const cursor = start.slice(0, count);
  const members = new Int32Array(core.length);
  for (let at = 0; at < core.length; at++) members[cursor[typeOf[at]]++] = at;
  return { count, representative: Int32Array.from(representatives), size, start, members, typeOf };
}

/**
 * A plan for the core from whole numbers of customers per (type, action) column: `amount[j]`
 * customers of type `columnType[j]` take action `columnAction[j]` (rounded to whole customers;
 * a type's customers are handed out in order). Returns the action per core position (-1 = none).
 */
export function spreadOverTypes(
  types: CoreTypes,
  columnType: Int32Array,
  columnAction: Int16Array,
  amount: ArrayLike<number>,
): Int16Array {
  const choice = new Int16Array(types.members.length).fill(-1);
  const handed = new Int32Array(types.count);
  for (let j = 0; j < columnType.length; j++) {
    const t = columnType[j];
    const take = Math.min(Math.round(amount[j]), types.size[t] - handed[t]);
    for (let m = 0; m < take; m++) choice[types.members[types.start[t] + handed[t] + m]] = columnAction[j];
    handed[t] += Math.max(0, take);
  }
  return choice;
}

/**
 * The exact core at `threshold` (its customers' gaps made exact first), how many types it
 * holds (counted up to the larger of the two limits) and whether they are at most `exactCoreLimit`.
 */
export function exactCoreAt(
  relax: Relaxation,
  ranking: Ranking,
  threshold: number,
  exactCoreLimit: number,
  maxTypes: number,
): { core: Int32Array; types: number; small: boolean } {
  exactGaps(relax, ranking, threshold);
  const core = selectCore(ranking, threshold);
  // An exact core of few types (however many customers) is proven at once; its types are counted once.
  const types =
    core.length <= Math.min(exactCoreLimit, maxTypes)
      ? core.length
      : countCoreTypes(relax, core, Math.max(exactCoreLimit, maxTypes));
  return { core, types, small: types <= exactCoreLimit };
}
