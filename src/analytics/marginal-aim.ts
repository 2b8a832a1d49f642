/** How many times larger each far try of a range search is than the last while it holds. */
export const GROWTH = 4;
/** The share of the gap an aim keeps off a failing end after a miss (see `aimBetween`). */
const MISS_MARGIN = 0.01;
/** How far short of where two lines meet an aim stays (share of the distance): the meet's rounding must not pass the breakpoint. */
const MEET_MARGIN = 1e-9;

/** The LP at one distance in the relaxing direction: its value, its slope there, and the distances over which that slope holds. */
export interface Piece {
  at: number;
  value: number;
  slope: number;
  /** The ends of the ranging interval, as distances (both `at` where the LP has no ranging). */
  near: number;
  far: number;
  /** True when the solve stopped once its value was proven under a line (see `validDistance`): value and slope are not the LP's. */
  below?: boolean;
}

/**
 * The next distance to try while no piece has failed: where the slope, extrapolated along the
 * line through the last slope known above the holding piece's and the holding piece's, meets
 * the target (a slope that falls ever slower is still above it there); `grown` while no piece
 * holds or the slope has not fallen; never past `grown` nor `reach`.
 */
export function aimPast(
  lo: number,
  target: number,
  pieces: { above: { at: number; slope: number }; holding?: Piece; grown: number },
  whole: (x: number) => number,
  reach: number,
): number {
  const { above, holding, grown } = pieces;
  const furthest = Math.min(reach, grown);
  if (!holding || !(holding.at > above.at) || !(above.slope > holding.slope)) return furthest;
  const fall = (above.slope - holding.slope) / (holding.at - above.at);
  const meet = whole(holding.at + (holding.slope - target) / fall);
  return meet > lo ? Math.min(furthest, meet) : Math.min(furthest, lo + 1);
}

/**
 * The next distance to re-solve at, strictly between `lo` and `hi`: where the slope, taken as
 * a line from the holding piece's at `lo` to the failing piece's at `hi`, meets the target; but
 * where the value's lines of the two pieces meet once two re-solves in a row found the same
 * holding slope (one straight piece, whose end is there when one breakpoint lies between); the
 * geometric mean while either piece is unknown. After `misses` re-solves in a row fell short,
 * the aim stays off `hi` by a share of the gap that grows fourfold with each: a slope curving
 * away from its line would otherwise keep every try just past the end while `lo`, the answer,
 * stays put.
 */
export function aimBetween(
  lo: number,
  hi: number,
  target: number,
  pieces: { holding?: Piece; failing?: Piece; straight: boolean; misses: number },
  whole: (x: number) => number,
): number {
  const { holding, failing, misses } = pieces;
  let aim = Math.sqrt(lo * hi);
  if (holding && failing && holding.slope > failing.slope) {
    const meet =
      (failing.value - holding.value + holding.slope * holding.at - failing.slope * failing.at) /
      (holding.slope - failing.slope);
    aim =
      pieces.straight && Number.isFinite(meet)
        ? meet - MEET_MARGIN * Math.max(1, Math.abs(meet))
        : lo + ((holding.slope - target) / (holding.slope - failing.slope)) * (hi - lo);
    if (misses > 0) aim = Math.min(aim, hi - Math.min(1, MISS_MARGIN * GROWTH ** (misses - 1)) * (hi - lo));
  }
  // The caller keeps hi - lo > 1, so lo + 1 lies strictly between them.
  const at = whole(aim);
  if (at > lo && at < hi) return at;
  const middle = whole((lo + hi) / 2);
  return at > lo && middle > lo ? middle : lo + 1;
}
