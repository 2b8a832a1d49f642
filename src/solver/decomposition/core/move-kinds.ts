import { moveChange, type Relaxation } from '../lagrangian.ts';

/** Prices of one kind agree to this share of their size (the classes' penalties are summed over different rows). */
export const PRICE_DIGITS = 9;

/** Slot `((class · (K+1) + from + 1) · (K+1) + to + 1)` as its class, from and to (-1 = none). */
export function slotMove(s: number, K: number): [c: number, from: number, to: number] {
  const options = K + 1;
  return [Math.floor(s / (options * options)), (Math.floor(s / options) % options) - 1, (s % options) - 1];
}

/** Calls `visit` with each linking row that class `c` sees and how a move from `from` to `to` changes it. */
export function eachRowChange(
  relax: Relaxation,
  c: number,
  from: number,
  to: number,
  visit: (r: number, change: number) => void,
): void {
  const { classRowStart, classRows } = relax;
  for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++) {
    const r = classRows[q];
    visit(r, moveChange(relax, c, from, to, r));
  }
}

/**
 * Per linking row, each listed kind's change of it, signed so that the row bounds it from above
 * (0 where the kind's class does not see the row).
 */
export function kindRowChanges(
  relax: Relaxation,
  kinds: { count: number; kindClass: Int32Array; kindFrom: Int16Array; kindTo: Int16Array },
): Float64Array[] {
  const { R, sign } = relax;
  const change = Array.from({ length: R }, () => new Float64Array(kinds.count));
  for (let j = 0; j < kinds.count; j++)
    eachRowChange(relax, kinds.kindClass[j], kinds.kindFrom[j], kinds.kindTo[j], (r, c) => {
      change[r][j] = sign[r] * c;
    });
  return change;
}

export interface SlotKinds {
  /** Kind of each slot `((class · (K+1) + from + 1) · (K+1) + to + 1)`, -1 for a slot with no move. */
  kindOfSlot: Int32Array;
  /** Per kind, its first slot (whose class stands for the kind's change of every row)... */
  firstSlot: number[];
  /** ...and the most a move of the kind gains at the penalties (its classes' prices agree to {@link PRICE_DIGITS} digits). */
  price: number[];
}

/**
 * Groups the slots that have moves (`count[s] > 0`) into kinds: slots of one from and to whose
 * move changes every linking row alike and gains the same at `penalty` share a kind, since rows
 * and worth see a move only through them. The classes' moves then form one loss curve (its
 * least losses are the least of theirs) and HiGHS gets one count, not one per class to branch
 * over. A kind's price is its classes' highest, so the moves' MIP never understates a plan.
 * `loose` rows (see {@link looseRows}) are not compared: a coverage floor far from binding does
 * not split the segments' moves into kinds of their own.
 */
export function groupSlots(
  relax: Relaxation,
  penalty: Float64Array,
  count: ArrayLike<number>,
  loose: Uint8Array,
): SlotKinds {
  const { K } = relax;
  const kindOfSlot = new Int32Array(count.length).fill(-1);
  const firstSlot: number[] = [];
  const price: number[] = [];
  const kindOfKey = new Map<string, number>();
  const priced = (c: number, k: number) => (k < 0 ? 0 : penalty[c * K + k]);
  for (let s = 0; s < count.length; s++) {
    if (count[s] === 0) continue;
    const [c, from, to] = slotMove(s, K);
    const gain = priced(c, to) - priced(c, from);
    const parts = [from, to, gain.toPrecision(PRICE_DIGITS)];
    eachRowChange(relax, c, from, to, (r, change) => {
      if (change !== 0 && !loose[r]) parts.push(`${r}:${change}`);
    });
    const key = parts.join(' ');
    const known = kindOfKey.get(key);
    if (known === undefined) {
      kindOfKey.set(key, firstSlot.length);
      kindOfSlot[s] = firstSlot.length;
      firstSlot.push(s);
      price.push(gain);
    } else {
      kindOfSlot[s] = known;
      price[known] = Math.max(price[known], gain);
    }
  }
  return { kindOfSlot, firstSlot, price };
}

/**
 * Rows that no plan of the listed moves can break: together the listed moves change the row by
 * less than its room, whichever of them a plan makes. The moves' MIP leaves them out.
 */
export function looseRows(relax: Relaxation, count: ArrayLike<number>, room: ArrayLike<number>): Uint8Array {
  const most = new Float64Array(relax.R);
  for (let s = 0; s < count.length; s++) {
    if (count[s] === 0) continue;
    const [c, from, to] = slotMove(s, relax.K);
    eachRowChange(relax, c, from, to, (r, change) => (most[r] += count[s] * Math.abs(change)));
  }
  return Uint8Array.from(most, (change, r) => (change < room[r] ? 1 : 0));
}
