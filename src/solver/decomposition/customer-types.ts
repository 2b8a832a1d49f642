/**
 * Customers of one class with the same value for every action (ineligibility included) are
 * interchangeable in every row and in the objective: they form one type. The cores merge a
 * type into one column per action; the dual's passes over a week of few types price each type
 * once (see dual/typed-screen.ts).
 */

/** What types are read from: each customer's class and its K values (NaN where ineligible). */
export interface TypeInput {
  classOf: Uint32Array;
  K: number;
  value: Float64Array;
}

/** Each position's type, and a customer of each type, in order of first appearance. */
export interface FoundTypes {
  typeOf: Int32Array;
  representatives: number[];
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

/**
 * The types of `count` customers: `core[0 .. count)` (problem indices), or customers 0 to
 * count − 1 without a core. Stops once there are more than `limit` (the rest of `typeOf` is then 0).
 */
export function findTypes(input: TypeInput, count: number, limit: number, core?: Int32Array): FoundTypes {
  const typeOf = new Int32Array(count);
  const { classOf, K, value } = input;
  const words = new Uint32Array(value.buffer, value.byteOffset, 2 * value.length);
  // An open-addressing table of types by hash, twice as large as the types it can hold.
  const capacity = Math.min(count, Number.isFinite(limit) ? limit + 1 : count);
  let mask = 1;
  while (mask < 2 * capacity) mask <<= 1;
  const slots = new Int32Array(mask).fill(-1);
  mask -= 1;
  const representatives: number[] = [];
  for (let at = 0; at < count && representatives.length <= limit; at++) {
    const i = core ? core[at] : at;
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
