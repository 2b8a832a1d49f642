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

const hashView = new Float64Array(1);
const hashWords = new Uint32Array(hashView.buffer);

/** A 32-bit hash of customer i's class and values (NaN is hashed as one value). */
function hashCustomer(relax: Relaxation, i: number): number {
  const { K } = relax;
  const value = relax.problem.value;
  let h = Math.imul(relax.classOf[i] + 1, 0x9e3779b1);
  for (let k = 0; k < K; k++) {
    hashView[0] = Number.isNaN(value[i * K + k]) ? Number.NaN : value[i * K + k];
    h = Math.imul(h ^ hashWords[0], 0x85ebca6b) ^ hashWords[1];
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  }
  return (h ^ (h >>> 16)) >>> 0;
}

function sameCustomer(relax: Relaxation, i: number, j: number): boolean {
  if (relax.classOf[i] !== relax.classOf[j]) return false;
  const { K } = relax;
  const value = relax.problem.value;
  for (let k = 0; k < K; k++) {
    const a = value[i * K + k];
    const b = value[j * K + k];
    if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) return false;
  }
  return true;
}

/** Groups the customers of `core` (problem indices) into types, in order of first appearance. */
export function groupCoreTypes(relax: Relaxation, core: Int32Array): CoreTypes {
  const typeOf = new Int32Array(core.length);
  const byHash = new Map<number, number[]>();
  const representatives: number[] = [];
  for (let at = 0; at < core.length; at++) {
    const i = core[at];
    const h = hashCustomer(relax, i);
    let list = byHash.get(h);
    if (!list) byHash.set(h, (list = []));
    let t = list.find((type) => sameCustomer(relax, representatives[type], i));
    if (t === undefined) {
      t = representatives.length;
      representatives.push(i);
      list.push(t);
    }
    typeOf[at] = t;
  }
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

/** How many customers of each column's type take its action in `choice` (per core position): a plan as column values. */
export function countOverTypes(
  types: CoreTypes,
  K: number,
  columnType: Int32Array,
  columnAction: Int16Array,
  choice: Int16Array,
): Float64Array {
  const perTypeAction = new Float64Array(types.count * K);
  for (let at = 0; at < choice.length; at++)
    if (choice[at] >= 0 && choice[at] < K) perTypeAction[types.typeOf[at] * K + choice[at]]++;
  return Float64Array.from(columnType, (t, j) => perTypeAction[t * K + columnAction[j]]);
}
