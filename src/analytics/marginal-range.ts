import type { Problem } from '../solver/problem.ts';
import type { LinkingRow } from '../solver/linking-rows.ts';
import { rowCoefficient } from '../solver/linking-rows.ts';
import type { LpRelaxation } from './lp-relaxation.ts';

/** LP re-solves at most that look for where a rule's value per unit falls off. */
const RANGE_STEPS = 5;
/** The first distance tried, as a share of the limit, and how many times larger each next one is while it holds. */
const FIRST_TRY_SHARE = 0.05;
const GROWTH = 4;
/** A step well inside one unit, for the one-sided derivative at a breakpoint of the LP value. */
const NUDGE = 1e-4;

/** +1 when relaxing row r raises its limit (a `≤` rule), −1 when it lowers it (a floor). */
export const relaxingDirection = (row: LinkingRow): 1 | -1 => (row.sense === '<=' ? 1 : -1);

/** The LP's value per unit relaxed with the limit of row r moved `distance` units the relaxing way (0 when infeasible). */
export async function slopeAt(lp: LpRelaxation, row: LinkingRow, r: number, distance: number): Promise<number> {
  const dir = relaxingDirection(row);
  lp.setLimit(r, row.limit + dir * distance);
  try {
    const at = await lp.solve();
    return at.status === 'optimal' ? dir * at.rows[r].perUnitRaise : 0;
  } finally {
    lp.setLimit(r, row.limit);
  }
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

/** The largest limit a `≤` row could ever use (the costliest eligible action for every customer); a floor's limit itself. */
export function relaxingReach(problem: Problem, row: LinkingRow): number {
  if (row.sense === '>=') return row.limit;
  let total = 0;
  for (let i = 0; i < problem.n; i++) {
    let most = 0;
    for (let k = 0; k < problem.K; k++)
      if (!Number.isNaN(problem.value[i * problem.K + k])) most = Math.max(most, rowCoefficient(row, i, k));
    total += most;
  }
  return Math.max(0, Math.ceil(total) - row.limit);
}

/**
 * How far (in units, at least one) the limit of row r can be relaxed while the LP's next unit
 * stays worth at least (1 − tolerance) of `first`, known to hold at `known` units (the LP's own
 * ranging, or the unit `first` was read at). A first try at {@link FIRST_TRY_SHARE} of the limit
 * grows {@link GROWTH} times while it holds (up to `reach`), then geometric bisection narrows
 * the step where it stopped holding: at most {@link RANGE_STEPS} warm re-solves. The LP value
 * is concave in the limit, so the test is monotone and the answer is on the safe side. Once
 * `past()` the search stops at the distance proven so far (a shorter, still valid range).
 */
export async function validDistance(
  lp: LpRelaxation,
  row: LinkingRow,
  r: number,
  range: { first: number; known: number; reach: number; tolerance: number; past?: () => boolean },
): Promise<number> {
  const target = (1 - range.tolerance) * range.first;
  const whole = (x: number) => (row.rule === 'budget' ? x : Math.floor(x));
  const holds = async (distance: number) => (await slopeAt(lp, row, r, distance)) >= target;
  let lo = Math.max(1, Math.min(range.known, range.reach));
  let hi = Infinity;
  let steps = 0;
  const more = () => steps < RANGE_STEPS && !range.past?.();
  let next = Math.min(range.reach, Math.max(GROWTH * lo, whole(FIRST_TRY_SHARE * Math.abs(row.limit))));
  while (next > lo && more()) {
    steps++;
    if (!(await holds(next))) {
      hi = next;
      break;
    }
    lo = next;
    next = Math.min(range.reach, GROWTH * lo);
  }
  while (hi < Infinity && more()) {
    const mid = whole(Math.sqrt(lo * hi));
    if (!(mid > lo && mid < hi) || hi - lo <= 1) break;
    steps++;
    if (await holds(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
