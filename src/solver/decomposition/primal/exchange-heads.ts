import type { Relaxation } from '../lagrangian.ts';

/**
 * Per kind of change (class, from, to): the best and second-best gain among the exchange's
 * customers and their customers (-1 = none), and the kinds with any.
 */
export interface KindHeads {
  firstGain: Float64Array;
  secondGain: Float64Array;
  firstCustomer: Int32Array;
  secondCustomer: Int32Array;
  present: number[];
}

export function createHeads(kinds: number): KindHeads {
  return {
    firstGain: new Float64Array(kinds),
    secondGain: new Float64Array(kinds),
    firstCustomer: new Int32Array(kinds).fill(-1),
    secondCustomer: new Int32Array(kinds).fill(-1),
    present: [],
  };
}

/** Each kind's two best changes among `customers` (of two different customers, the earlier on a tie), in `heads`. */
export function findHeads(relax: Relaxation, choice: Int16Array, customers: Int32Array, heads: KindHeads): void {
  const { firstCustomer, secondCustomer, present } = heads;
  for (const kind of present) {
    firstCustomer[kind] = -1;
    secondCustomer[kind] = -1;
  }
  present.length = 0;
  for (const i of customers) offerChanges(relax, choice, i, heads);
}

/**
 * The heads again after the `moved` customers each changed from option `from` to their choice
 * now: only the kinds leaving those options in their classes can differ, and they are found as
 * {@link findHeads} finds them, from the customers there now in the same order, in one look.
 */
export function refreshHeads(
  relax: Relaxation,
  choice: Int16Array,
  customers: Int32Array,
  heads: KindHeads,
  moved: readonly { customer: number; from: number }[],
): void {
  const { classOf } = relax;
  const options = relax.K + 1;
  // A side is a (class, option) pair: the kinds leaving it are `side * options + to`.
  const sides: number[] = [];
  for (const { customer, from } of moved) {
    const c = classOf[customer];
    sides.push(c * options + from + 1, c * options + choice[customer] + 1);
  }
  const { firstCustomer, secondCustomer } = heads;
  heads.present = heads.present.filter((kind) => !sides.includes(Math.floor(kind / options)));
  for (const side of sides)
    for (let to = 0; to < options; to++) {
      firstCustomer[side * options + to] = -1;
      secondCustomer[side * options + to] = -1;
    }
  for (const i of customers)
    if (sides.includes(classOf[i] * options + choice[i] + 1)) offerChanges(relax, choice, i, heads);
}

/** Customer i's changes from its choice, each kept where it is among its kind's two best. */
function offerChanges(relax: Relaxation, choice: Int16Array, i: number, heads: KindHeads): void {
  const { K, classOf } = relax;
  const value = relax.problem.value;
  const options = K + 1;
  const { firstGain, secondGain, firstCustomer, secondCustomer, present } = heads;
  const from = choice[i];
  const here = from < 0 ? 0 : value[i * K + from];
  const base = (classOf[i] * options + from + 1) * options + 1;
  for (let to = -1; to < K; to++) {
    if (to === from) continue;
    const there = to < 0 ? 0 : value[i * K + to];
    // An ineligible pair's value is NaN: never a change.
    if (Number.isNaN(there)) continue;
    const gain = there - here;
    const kind = base + to;
    if (firstCustomer[kind] < 0) {
      present.push(kind);
      firstGain[kind] = gain;
      firstCustomer[kind] = i;
    } else if (gain > firstGain[kind]) {
      secondGain[kind] = firstGain[kind];
      secondCustomer[kind] = firstCustomer[kind];
      firstGain[kind] = gain;
      firstCustomer[kind] = i;
    } else if (secondCustomer[kind] < 0 || gain > secondGain[kind]) {
      secondGain[kind] = gain;
      secondCustomer[kind] = i;
    }
  }
}
