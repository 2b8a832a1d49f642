import type { LinkingRow } from '../solver/linking-rows.ts';
import type { LpRelaxation } from './lp-relaxation.ts';
import { aimBetween, aimPast, GROWTH, type Piece } from './marginal-aim.ts';

/** LP re-solves at most that look for where a rule's value per unit falls off. */
const RANGE_STEPS = 5;
/** The first distance tried, as a share of the limit (it grows {@link GROWTH} times while it holds). */
const FIRST_TRY_SHARE = 0.05;
/** How far under the floor's line a re-solve must be proven to stop early (share of the floor): rounding. */
const FLOOR_MARGIN = 1e-6;
/** How far inside the LP's own end (a share of it) its verifying re-solve lies: off the breakpoint, on the side that holds; and how close to a whole count an end is that count. */
const END_MARGIN = 1e-6;
/** A step well inside one unit, for the one-sided derivative at a breakpoint of the LP value. */
const NUDGE = 1e-4;

/** +1 when relaxing row r raises its limit (a `≤` rule), −1 when it lowers it (a floor). */
export const relaxingDirection = (row: LinkingRow): 1 | -1 => (row.sense === '<=' ? 1 : -1);

/** The LP with the limit of row r moved `distance` units the relaxing way (slope 0 when infeasible). */
export async function pieceAt(
  lp: LpRelaxation,
  row: LinkingRow,
  r: number,
  distance: number,
  below?: number,
): Promise<Piece> {
  const dir = relaxingDirection(row);
  lp.setLimit(r, row.limit + dir * distance);
  try {
    const at = await lp.solve(below);
    if (at.status !== 'optimal') return { at: distance, value: -Infinity, slope: 0, near: distance, far: distance };
    const { perUnitRaise, from, to } = at.rows[r];
    const ends = [from, to].map((limit) => dir * (limit - row.limit)).sort((a, b) => a - b);
    return {
      at: distance,
      value: at.objective,
      slope: dir * perUnitRaise,
      near: Math.min(distance, ends[0]),
      far: Math.max(distance, ends[1]),
      ...(at.below ? { below: true } : {}),
    };
  } finally {
    lp.setLimit(r, row.limit);
  }
}

/** The LP's value per unit relaxed at `distance` (see {@link pieceAt}). */
export async function slopeAt(lp: LpRelaxation, row: LinkingRow, r: number, distance: number): Promise<number> {
  return (await pieceAt(lp, row, r, distance)).slope;
}

/**
 * The LP's derivative in the relaxing direction. At a breakpoint (the ranging interval ends at
 * the current limit on the relaxing side) a dual is the other side's slope, so the LP is
 * re-solved a {@link NUDGE} further and that slope is used.
 */
export async function relaxingDerivative(
  lp: LpRelaxation,
  row: LinkingRow,
  r: number,
  dual: number,
  exact: number,
): Promise<number> {
  if (dual <= 0 || exact > NUDGE) return dual;
  return slopeAt(lp, row, r, NUDGE);
}

/**
 * How far (in units, at least one) the limit of row r can be relaxed while the LP's next unit
 * stays worth at least (1 − tolerance) of `first`, known to hold at `known` units (the LP's own
 * ranging, or the unit `first` was read at). The LP value is concave in the limit, so the test
 * is monotone. A first try at {@link FIRST_TRY_SHARE} of the limit grows {@link GROWTH} times
 * while it holds (up to `reach`); each re-solve's ranging moves the bounds to the ends of its
 * piece. Between a piece that holds and one that does not, the next re-solve aims where the
 * slope, interpolated between them, meets the target (or where their lines meet, see
 * `aimBetween`), and a re-solve on the line of the piece that holds extends it to there. At
 * most {@link RANGE_STEPS} warm re-solves; the answer is on the safe side. Once `past()` the
 * search stops at the distance proven so far. Until a piece holds, a re-solve may stop once its
 * value is proven under `floor` (a lower bound on the LP value at the limit) plus the target
 * slope times the distance: by concavity the slope there is under the target. Such a piece is
 * not solved through later (a far try's full re-solve costs the most): the aim past a piece that
 * holds is then the geometric mean, as it is while either piece is unknown. With `precise`, a
 * try where the slope's fall to the target would move the value by less than `lp`'s resolution
 * (its re-solves cannot tell such a fall from none) is solved by `precise.lp` instead.
 */
export async function validDistance(
  lp: LpRelaxation,
  row: LinkingRow,
  r: number,
  range: {
    first: number;
    known: number;
    reach: number;
    tolerance: number;
    floor?: number;
    past?: () => boolean;
    precise?: { lp: LpRelaxation; resolution: number };
    /** The distance at which the LP's slope falls to a given one, solved for at once (see `LagrangianRelaxation.reach`). */
    end?: (slope: number) => Promise<number | undefined>;
  },
): Promise<number> {
  const target = (1 - range.tolerance) * range.first;
  const whole = (x: number) => (row.rule === 'budget' ? x : Math.floor(x));
  let lo = Math.max(1, Math.min(range.known, range.reach));
  let hi = Infinity;
  let holding: Piece | undefined;
  let failing: Piece | undefined;
  // The last slope known above the holding piece's (`first` at `known` until one is found), to extrapolate from.
  let above = { at: lo, slope: range.first };
  // Whether the last holding re-solve found the slope known before it (see `aimBetween`).
  let straight = false;
  // Re-solves in a row that fell short of the target (see `aimBetween`).
  let misses = 0;
  let steps = 0;
  const precise = range.precise;
  const more = () => steps < RANGE_STEPS && !range.past?.();
  const onLine = (line: Piece, at: Piece) =>
    at.value >= line.value + line.slope * (at.at - line.at) - 1e-9 * Math.max(1, Math.abs(line.value));
  const fine = (next: number) => precise !== undefined && (range.first - target) * next < precise.resolution;
  // Where the LP gives its end at once, one re-solve just inside it confirms it: the search only when it does not.
  if (range.end && more()) {
    steps++;
    const end = (await range.end(target)) ?? NaN;
    const inside = Math.min(range.reach, end * (1 - END_MARGIN));
    // A count's answer is its last whole unit by the end: an end on a whole customer is that customer's.
    const answer = row.rule === 'budget' ? inside : Math.min(range.reach, Math.floor(end * (1 + END_MARGIN)));
    if (answer > lo && more()) {
      steps++;
      const piece =
        fine(inside) && precise ? await pieceAt(precise.lp, row, r, inside) : await pieceAt(lp, row, r, inside);
      if (piece.slope >= target) return Math.min(range.reach, Math.max(answer, whole(piece.far)));
      failing = piece;
      misses++;
      hi = Math.max(lo, piece.near);
    }
  }
  while (more() && hi - lo > 1) {
    // A failing piece that stopped early has no LP value or slope to aim by (see above).
    const next =
      hi === Infinity
        ? aimPast(
            lo,
            target,
            { above, holding, grown: Math.max(GROWTH * lo, whole(FIRST_TRY_SHARE * Math.abs(row.limit))) },
            whole,
            range.reach,
          )
        : aimBetween(
            lo,
            hi,
            target,
            { holding, failing: failing?.below ? undefined : failing, straight, misses },
            whole,
          );
    if (!(next > lo && next < hi)) break;
    steps++;
    // Before any piece holds, a re-solve may stop once its value is under the floor's line of the target slope.
    const below =
      holding === undefined && range.floor !== undefined
        ? range.floor + target * next - FLOOR_MARGIN * Math.max(1, Math.abs(range.floor))
        : undefined;
    const piece: Piece =
      fine(next) && precise ? await pieceAt(precise.lp, row, r, next) : await pieceAt(lp, row, r, next, below);
    if (piece.slope >= target && !piece.below) {
      const last = holding ?? above;
      straight = Math.abs(piece.slope - last.slope) <= 1e-9 * Math.max(1, last.slope);
      if (!straight) above = last;
      holding = piece;
      misses = 0;
      lo = Math.min(range.reach, hi, whole(piece.far));
    } else if (holding && onLine(holding, piece)) {
      // The value at `next` is on the holding piece's line: that slope holds all the way to it.
      lo = next;
      hi = Math.min(hi, next);
    } else {
      failing = piece;
      misses++;
      hi = Math.max(lo, Math.min(hi, piece.near));
    }
    if (lo >= range.reach) break;
  }
  return lo;
}
