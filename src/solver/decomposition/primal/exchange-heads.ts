import type { Relaxation } from '../lagrangian.ts';
import { insertSorted, positionOf, removeSorted } from './sorted-positions.ts';

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
  /**
   * Per side (class, option), the positions in `customers` of the customers there, ascending;
   * set by {@link findHeads}, so a refresh reads only the touched sides' customers.
   */
  members: number[][];
  /** Each position's side in `members`. */
  sideAt: Int32Array;
}

export function createHeads(kinds: number): KindHeads {
  return {
    firstGain: new Float64Array(kinds),
    secondGain: new Float64Array(kinds),
    firstCustomer: new Int32Array(kinds).fill(-1),
    secondCustomer: new Int32Array(kinds).fill(-1),
    present: [],
    members: [],
    sideAt: new Int32Array(0),
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
  const options = relax.K + 1;
  const members: number[][] = Array.from({ length: relax.C * options }, () => []);
  const sideAt = new Int32Array(customers.length);
  for (let p = 0; p < customers.length; p++) {
    const i = customers[p];
    const side = relax.classOf[i] * options + choice[i] + 1;
    members[side].push(p);
    sideAt[p] = side;
    offerChanges(relax, choice, i, heads);
  }
  heads.members = members;
  heads.sideAt = sideAt;
}

/**
 * The heads again after the `moved` customers each changed to their choice now, exactly as
 * {@link findHeads} would find them: a customer's move takes it out of its old side, whose kinds
 * it headed are found again among the customers still there (in their order), and into its new
 * side, where it is offered to each kind's heads, a tie going to the earlier in `customers`.
 */
export function refreshHeads(
  relax: Relaxation,
  choice: Int16Array,
  customers: Int32Array,
  heads: KindHeads,
  moved: readonly { customer: number }[],
): void {
  const options = relax.K + 1;
  const { members, sideAt } = heads;
  let emptied = false;
  for (const { customer } of moved) {
    const p = positionOf(customers, customer);
    const was = sideAt[p];
    const now = relax.classOf[customer] * options + choice[customer] + 1;
    if (was === now) continue;
    removeSorted(members[was], p);
    sideAt[p] = now;
    emptied = findHeadsLeft(relax, choice, customers, heads, was, customer) || emptied;
    insertSorted(members[now], p);
    offerArrival(relax, choice, customers, heads, p);
  }
  if (emptied) heads.present = heads.present.filter((kind) => heads.firstCustomer[kind] >= 0);
}

/**
 * The kinds of `side` that customer `gone` headed, found again among the side's customers now:
 * each read for those kinds only. Returns whether one was left with no customer.
 */
function findHeadsLeft(
  relax: Relaxation,
  choice: Int16Array,
  customers: Int32Array,
  heads: KindHeads,
  side: number,
  gone: number,
): boolean {
  const { K } = relax;
  const value = relax.problem.value;
  const options = K + 1;
  const { firstCustomer, secondCustomer } = heads;
  const stale: number[] = [];
  for (let kind = side * options; kind < (side + 1) * options; kind++)
    if (firstCustomer[kind] === gone || secondCustomer[kind] === gone) {
      stale.push(kind);
      firstCustomer[kind] = -1;
      secondCustomer[kind] = -1;
    }
  if (stale.length === 0) return false;
  for (const p of heads.members[side]) {
    const i = customers[p];
    const from = choice[i];
    const here = from < 0 ? 0 : value[i * K + from];
    for (const kind of stale) {
      const to = (kind % options) - 1;
      const there = to < 0 ? 0 : value[i * K + to];
      if (Number.isNaN(there)) continue;
      rankChange(heads, kind, there - here, i, never);
    }
  }
  return stale.some((kind) => firstCustomer[kind] < 0);
}

/** The customer at position p, new to its side, offered to the side's kinds: it heads one where it gains more, or as much from earlier. */
function offerArrival(relax: Relaxation, choice: Int16Array, customers: Int32Array, heads: KindHeads, p: number): void {
  offerChanges(relax, choice, customers[p], heads, (other) => p < positionOf(customers, other));
}

/** Customer i's changes from its choice, each kept where it is among its kind's two best (`before`: it wins a tie with that customer). */
function offerChanges(
  relax: Relaxation,
  choice: Int16Array,
  i: number,
  heads: KindHeads,
  before: (other: number) => boolean = never,
): void {
  const { K, classOf } = relax;
  const value = relax.problem.value;
  const options = K + 1;
  const from = choice[i];
  const here = from < 0 ? 0 : value[i * K + from];
  const base = (classOf[i] * options + from + 1) * options + 1;
  for (let to = -1; to < K; to++) {
    if (to === from) continue;
    const there = to < 0 ? 0 : value[i * K + to];
    // An ineligible pair's value is NaN: never a change.
    if (Number.isNaN(there)) continue;
    if (rankChange(heads, base + to, there - here, i, before)) heads.present.push(base + to);
  }
}

/** A tie never goes to the customer offered: the one offered first keeps it, as in a scan in order. */
const never = (): boolean => false;

/**
 * Customer i's `gain` on `kind` ranked among the kind's two best (`before(other)`: i wins a tie
 * with that customer). Returns true when the kind had no customer before.
 */
function rankChange(
  heads: KindHeads,
  kind: number,
  gain: number,
  i: number,
  before: (other: number) => boolean,
): boolean {
  const { firstGain, secondGain, firstCustomer, secondCustomer } = heads;
  if (firstCustomer[kind] < 0) {
    firstGain[kind] = gain;
    firstCustomer[kind] = i;
    return true;
  }
  if (gain > firstGain[kind] || (gain === firstGain[kind] && before(firstCustomer[kind]))) {
    secondGain[kind] = firstGain[kind];
    secondCustomer[kind] = firstCustomer[kind];
    firstGain[kind] = gain;
    firstCustomer[kind] = i;
  } else if (
    secondCustomer[kind] < 0 ||
    gain > secondGain[kind] ||
    (gain === secondGain[kind] && before(secondCustomer[kind]))
  ) {
    secondGain[kind] = gain;
    secondCustomer[kind] = i;
  }
  return false;
}
