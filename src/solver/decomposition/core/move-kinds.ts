import type { Relaxation } from '../lagrangian.ts';

/** Prices of one kind agree to this share of their size (the classes' penalties are summed over different rows). */
const PRICE_DIGITS = 9;

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
  const { R, K, rowCoef, classRowStart, classRows } = relax;
  const options = K + 1;
  const kindOfSlot = new Int32Array(count.length).fill(-1);
  const firstSlot: number[] = [];
  const price: number[] = [];
  const kindOfKey = new Map<string, number>();
  const coef = (c: number, k: number, r: number) => (k < 0 ? 0 : rowCoef[(c * R + r) * K + k]);
  const priced = (c: number, k: number) => (k < 0 ? 0 : penalty[c * K + k]);
  for (let s = 0; s < count.length; s++) {
    if (count[s] === 0) continue;
    const c = Math.floor(s / (options * options));
    const from = (Math.floor(s / options) % options) - 1;
    const to = (s % options) - 1;
    const gain = priced(c, to) - priced(c, from);
    const parts = [from, to, gain.toPrecision(PRICE_DIGITS)];
    for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++) {
      const r = classRows[q];
      const change = coef(c, to, r) - coef(c, from, r);
      if (change !== 0 && !loose[r]) parts.push(`${r}:${change}`);
    }
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
  const { R, K, rowCoef, classRowStart, classRows } = relax;
  const options = K + 1;
  const coef = (c: number, k: number, r: number) => (k < 0 ? 0 : rowCoef[(c * R + r) * K + k]);
  const most = new Float64Array(R);
  for (let s = 0; s < count.length; s++) {
    if (count[s] === 0) continue;
    const c = Math.floor(s / (options * options));
    const from = (Math.floor(s / options) % options) - 1;
    const to = (s % options) - 1;
    for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++) {
      const r = classRows[q];
      most[r] += count[s] * Math.abs(coef(c, to, r) - coef(c, from, r));
    }
  }
  return Uint8Array.from(most, (change, r) => (change < room[r] ? 1 : 0));
}
