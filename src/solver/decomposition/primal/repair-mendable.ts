import { moveChange, type Relaxation } from '../lagrangian.ts';
import { holdsAt } from '../scored-plan.ts';

/**
 * Marks in `into` (C·(K + 1), at `c * (K + 1) + from + 1`) each class and current option
 * (-1 = none) from which some other option moves row r the way that mends it: down for a `≤`
 * row, up for a floor. A customer at an unmarked option has no move to offer for row r, so the
 * repair's looks at every customer skip it without reading its values.
 */
export function markMendable(relax: Relaxation, r: number, into: Uint8Array): Uint8Array {
  const { K, R, C, rowCoef, sign } = relax;
  const coef = (c: number, k: number) => (k < 0 ? 0 : rowCoef[(c * R + r) * K + k]);
  for (let c = 0; c < C; c++) {
    let low = 0;
    let high = 0;
    for (let k = 0; k < K; k++) {
      low = Math.min(low, coef(c, k));
      high = Math.max(high, coef(c, k));
    }
    for (let from = -1; from < K; from++) {
      const here = coef(c, from);
      into[c * (K + 1) + from + 1] = (sign[r] > 0 ? low < here : high > here) ? 1 : 0;
    }
  }
  return into;
}

/**
 * Row r's coefficient of each class and option in `into` (C·(K + 1), at `c * (K + 1) + k + 1`;
 * none is 0): a repair's offers read a move's change of the row from it without the
 * relaxation's row-major lookups. Returns the largest change of the row by one move of any
 * class: a move's key is at least its loss over it.
 */
export function rowChanges(relax: Relaxation, r: number, into: Float64Array): number {
  const { K, R, C, rowCoef } = relax;
  let most = 0;
  for (let c = 0; c < C; c++) {
    into[c * (K + 1)] = 0;
    let high = 0;
    let low = 0;
    for (let k = 0; k < K; k++) {
      const a = rowCoef[(c * R + r) * K + k];
      into[c * (K + 1) + k + 1] = a;
      high = Math.max(high, a);
      low = Math.min(low, a);
    }
    most = Math.max(most, high - low);
  }
  return most;
}

/** Calls `visit` on each kind of move (class, from, to) that mends row r until it returns false; false when it did. */
function eachMendingKind(
  relax: Relaxation,
  r: number,
  visit: (c: number, from: number, to: number) => boolean,
): boolean {
  const { C, K, sign } = relax;
  for (let c = 0; c < C; c++)
    for (let from = -1; from < K; from++)
      for (let to = -1; to < K; to++) {
        const d = moveChange(relax, c, from, to, r);
        if ((sign[r] > 0 ? d < 0 : d > 0) && !visit(c, from, to)) return false;
      }
  return true;
}

/** Whether some kind of move that mends row r passes `allows`: when none does, a greedy mending it is stuck. */
export function anyMoveMends(
  relax: Relaxation,
  r: number,
  allows: (c: number, from: number, to: number) => boolean,
): boolean {
  return !eachMendingKind(relax, r, (c, from, to) => !allows(c, from, to));
}

/**
 * Marks in `into.allowed` (per kind: class, from, to, as `RepairScratch.allowed`) whether each
 * kind of move that mends row r passes `allows` (1) or not (2), and in `into.allowedFrom` (per
 * class and option) whether any from it does (1): asked once before a pass moves anyone, so
 * every offer of the pass sees the plan as it began.
 */
export function markAllowed(
  relax: Relaxation,
  r: number,
  into: { allowed: Uint8Array; allowedFrom: Uint8Array },
  allows: (c: number, from: number, to: number) => boolean,
): void {
  const options = relax.K + 1;
  into.allowedFrom.fill(0);
  eachMendingKind(relax, r, (c, from, to) => {
    const allowed = allows(c, from, to);
    into.allowed[(c * options + from + 1) * options + to + 1] = allowed ? 1 : 2;
    if (allowed) into.allowedFrom[c * options + from + 1] = 1;
    return true;
  });
}

/**
 * Whether class c's move from `from` to `to` keeps every row that holds at `usage`: only a row
 * the move uses more of (a floor: less of) can break. `overrun`: a floor is being mended with
 * floors first, so the `≤` rows, mended next, may break.
 */
export function keepsHeldRows(
  relax: Relaxation,
  usage: Float64Array,
  overrun: boolean,
  c: number,
  from: number,
  to: number,
): boolean {
  const { sign, classRowStart, classRows } = relax;
  for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++) {
    const r = classRows[q];
    if (overrun && sign[r] > 0) continue;
    const d = moveChange(relax, c, from, to, r);
    if ((sign[r] > 0 ? d > 0 : d < 0) && !holdsAt(relax, r, usage[r] + d)) return false;
  }
  return true;
}
