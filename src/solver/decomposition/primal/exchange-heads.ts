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
 * The heads again after customer `moved` changed from option `from` to its choice now: only the
 * kinds leaving either option in its class can differ, and they are found as {@link findHeads}
 * finds them, from the customers there now in the same order.
 */
export function refreshHeads(
  relax: Relaxation,
  choice: Int16Array,
  customers: Int32Array,
  heads: KindHeads,
  moved: number,
  from: number,
): void {
  const { classOf } = relax;
  const options = relax.K + 1;
  const c = classOf[moved];
  const left = c * options + from + 1;
  const entered = c * options + choice[moved] + 1;
  const { firstCustomer, secondCustomer } = heads;
  heads.present = heads.present.filter((kind) => {
    const side = Math.floor(kind / options);
    return side !== left && side !== entered;
  });
  for (const side of [left, entered])
    for (let to = 0; to < options; to++) {
      firstCustomer[side * options + to] = -1;
      secondCustomer[side * options + to] = -1;
    }
  for (const i of customers) {
    if (classOf[i] !== c) continue;
    const side = c * options + choice[i] + 1;
    if (side === left || side === entered) offerChanges(relax, choice, i, heads);
  }
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
