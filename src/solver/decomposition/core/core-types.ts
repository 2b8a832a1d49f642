import type { Relaxation } from '../lagrangian.ts';

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

/** A 32-bit hash of customer i's class and the bits of its values (`words` views the value array). */
function hashCustomer(classOf: Uint32Array, words: Uint32Array, K: number, i: number): number {
  let h = Math.imul(classOf[i] + 1, 0x9e3779b1);
  for (let w = 2 * i * K; w < 2 * (i + 1) * K; w++) {
    h = Math.imul(h ^ words[w], 0x85ebca6b);
    h ^= h >>> 13;
  }
  return (h ^ (h >>> 16)) >>> 0;
}

/** Whether customers i and j have the same class and the same bits in every value (`words` views the value array). */
function sameCustomer(classOf: Uint32Array, words: Uint32Array, K: number, i: number, j: number): boolean {
  if (classOf[i] !== classOf[j]) return false;
  for (let a = 2 * i * K, b = 2 * j * K, end = 2 * (i + 1) * K; a < end; a++, b++)
    if (words[a] !== words[b]) return false;
  return true;
}

/** Types of `core`'s customers found in order of first appearance, stopping once there are more than `limit`. */
function findTypes(
  relax: Relaxation,
  core: Int32Array,
  limit: number,
): { typeOf: Int32Array; representatives: number[] } {
  const typeOf = new Int32Array(core.length);
  const { classOf, K } = relax;
  const value = relax.problem.value;
  const words = new Uint32Array(value.buffer, value.byteOffset, 2 * value.length);
  // An open-addressing table of types by hash, twice as large as the types it can hold.
  const capacity = Math.min(core.length, Number.isFinite(limit) ? limit + 1 : core.length);
  let mask = 1;
  while (mask < 2 * capacity) mask <<= 1;
  const slots = new Int32Array(mask).fill(-1);
  mask -= 1;
  const representatives: number[] = [];
  for (let at = 0; at < core.length && representatives.length <= limit; at++) {
    const i = core[at];
    let slot = hashCustomer(classOf, words, K, i) & mask;
    let t = slots[slot];
    while (t >= 0 && !sameCustomer(classOf, words, K, representatives[t], i)) {
      slot = (slot + 1) & mask;
      t = slots[slot];
    }
    if (t < 0) {
      t = representatives.length;
      representatives.push(i);
      slots[slot] = t;
    }
    typeOf[at] = t;
  }
  return { typeOf, representatives };
}

/** How many types `core`'s customers form, counted up to `limit + 1` (a larger count stops early). */
export function countCoreTypes(relax: Relaxation, core: Int32Array, limit: number): number {
  return findTypes(relax, core, limit).representatives.length;
}

/** Groups the customers of `core` (problem indices) into types, in order of first appearance. */
export function groupCoreTypes(relax: Relaxation, core: Int32Array): CoreTypes {
  const { typeOf, representatives } = findTypes(relax, core, Infinity);
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
