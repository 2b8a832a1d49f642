import type { Relaxation } from '../lagrangian.ts';
import { sampledThresholdForSize, selectCore, type Ranking } from '../ranking.ts';
import { keepsRows, holdsAt, violation, type ScoredChoice } from '../scored-plan.ts';
import { forEachInKeyOrder } from './ordered-batches.ts';
import { markMendable } from './repair-mendable.ts';
import { clearMarks, createScratch, type RepairScratch } from './repair-scratch.ts';

/** `stop()` is asked once per this many + 1 candidates looked at. */
const STOP_CHECK_MASK = 1023;

/** Refused moves in a row after which the repair checks whether any move could still mend the row. */
const REFUSALS_BEFORE_CHECK = 64;

/** Passes over every customer's cheapest allowed move, once the cheapest moves alone leave a row broken. */
const ALLOWED_PASSES = 4;

/** Customers nearest to changing their best choice that a repair looks at first: a sixteenth, at least this many. */
const NEAR_CUSTOMERS = 1024;

/**
 * Greedy repair of the ranking's best choices where they break linking rows, guided by reduced
 * values (value minus the class's penalty under the multipliers; none is 0). For each broken
 * row it applies the moves (change of one customer's action, or none) that mend the row at the
 * least loss of reduced value per unit, never pushing any other row past its limit: the `≤`
 * rows (budget, caps, shares) first, then the floors. When that gets stuck, a second pass mends
 * the floors first and lets them overrun the `≤` rows, which are mended next without breaking
 * any row: a floor 17 customers short with $7 of budget left is met by adding them and then
 * downgrading others. Returns the repaired choice, or undefined when both get stuck or `stop()`
 * (the deadline) holds first.
 *
 * A customer still at its best choice loses at least its gap by any move, so its cheapest
 * move costs at least gap / (largest change of the row) per unit. The customers with the
 * smallest gaps (and those already moved) are therefore tried first; the rest are scanned only
 * when moves beyond that bound are needed, and the order of moves is the same as one sort of all.
 *
 * `start`: a plan to mend instead of the ranking's best choices (e.g. one that meets recovered counts).
 * `floorsFirst`: the floors-first pass is tried first, for rankings whose floors the `≤`-first
 * pass is expected to get stuck on (it finds that out only after a look at every customer).
 */
export function repairChoice(
  relax: Relaxation,
  ranking: Ranking,
  stop: () => boolean = () => false,
  {
    maxRounds = 4,
    floorsFirst = false,
    start,
  }: { maxRounds?: number; floorsFirst?: boolean; start?: ScoredChoice } = {},
): ScoredChoice | undefined {
  const work = createScratch(relax.n, relax.C, relax.K + 1);
  const origin = start ?? { choice: ranking.best, objective: ranking.objective, usage: ranking.usage };
  const first = repairInOrder(relax, ranking, origin, floorsFirst, maxRounds, stop, work);
  if (first) return first;
  clearMarks(work);
  return repairInOrder(relax, ranking, origin, !floorsFirst, maxRounds, stop, work);
}

function repairInOrder(
  relax: Relaxation,
  ranking: Ranking,
  origin: ScoredChoice,
  floorsFirst: boolean,
  maxRounds: number,
  stop: () => boolean,
  work: RepairScratch,
): ScoredChoice | undefined {
  const { n, K, R, C, classOf, rowCoef, sign, classRowStart, classRows } = relax;
  const { penalty, gap } = ranking;
  const value = relax.problem.value;
  const choice = Int16Array.from(origin.choice);
  const usage = Float64Array.from(origin.usage);
  let objective = origin.objective;
  const coef = (c: number, k: number, r: number) => (k < 0 ? 0 : rowCoef[(c * R + r) * K + k]);
  const { candidates, targets, keys, scratch, seenIn, wasMoved } = work;
  let mends = 0;
  let moves = 0;
  const moved: number[] = [];
  // The nearest sixteenth (at least NEAR_CUSTOMERS) and the gap that bounds them.
  const nearGap = sampledThresholdForSize(ranking, Math.max(NEAR_CUSTOMERS, n >> 4));
  const near = selectCore(ranking, nearGap);

  /** Whether a move keeps every row that holds (floors first: a floor being mended may overrun the `≤` rows, mended next). */
  const moveAllowed = (c: number, from: number, to: number, mending: number): boolean => {
    const overrun = floorsFirst && sign[mending] < 0;
    for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++) {
      const r = classRows[q];
      if (overrun && sign[r] > 0) continue;
      const d = coef(c, to, r) - coef(c, from, r);
      if (d === 0) continue;
      // Only a row the move uses more of (a floor: less of) can break.
      if ((sign[r] > 0 ? d > 0 : d < 0) && !holdsAt(relax, r, usage[r] + d)) return false;
    }
    return true;
  };

  /**
   * Adds customer i's cheapest move mending row r (if any) to the candidates; returns the new
   * count. `allowedOnly`: the cheapest among the moves the other rows allow now.
   */
  const offerMove = (i: number, r: number, count: number, allowedOnly = false): number => {
    const wantDown = sign[r] > 0;
    const c = classOf[i];
    const from = choice[i];
    const here = from < 0 ? 0 : value[i * K + from] - penalty[c * K + from];
    const a = coef(c, from, r);
    let bestKey = Infinity;
    let bestTo = -2;
    for (let to = -1; to < K; to++) {
      if (to === from) continue;
      const d = coef(c, to, r) - a;
      if (wantDown ? d >= 0 : d <= 0) continue;
      // An ineligible pair's value is NaN, so is its key, and it never wins.
      const key = (here - (to < 0 ? 0 : value[i * K + to] - penalty[c * K + to])) / Math.abs(d);
      if (key < bestKey && (!allowedOnly || moveAllowed(c, from, to, r))) {
        bestKey = key;
        bestTo = to;
      }
    }
    if (bestTo === -2) return count;
    candidates[count] = i;
    targets[count] = bestTo;
    keys[count] = bestKey;
    return count + 1;
  };

  /** Whether any move of any class would still mend row r and be allowed: when none would, the greedy is stuck. */
  const anyMoveLeft = (r: number): boolean => {
    for (let c = 0; c < C; c++) {
      for (let from = -1; from < K; from++) {
        for (let to = -1; to < K; to++) {
          const d = coef(c, to, r) - coef(c, from, r);
          if ((sign[r] > 0 ? d < 0 : d > 0) && moveAllowed(c, from, to, r)) return true;
        }
      }
    }
    return false;
  };

  /**
   * Applies candidates in key order below `keyCut`: 'mended' when row r is, 'stuck' when no
   * allowed move could mend it any more. That is checked after {@link REFUSALS_BEFORE_CHECK}
   * refused moves in a row, so its cost (every class and pair of actions) stays a small share.
   */
  const applyMoves = (r: number, count: number, keyCut: number): 'mended' | 'stuck' | 'open' => {
    const state: { outcome: 'mended' | 'stuck' | 'open'; refused: number } = { outcome: 'open', refused: 0 };
    let visits = 0;
    forEachInKeyOrder(keys, count, scratch, (j) => {
      if ((++visits & STOP_CHECK_MASK) === 0 && stop()) {
        state.outcome = 'stuck';
        return false;
      }
      if (violation(relax, usage, r) === 0) {
        state.outcome = 'mended';
        return false;
      }
      if (keys[j] >= keyCut) return false;
      const i = candidates[j];
      seenIn[i] = mends;
      const c = classOf[i];
      const to = targets[j];
      if (!moveAllowed(c, choice[i], to, r)) {
        if (++state.refused === REFUSALS_BEFORE_CHECK && !anyMoveLeft(r)) state.outcome = 'stuck';
        return state.outcome !== 'stuck';
      }
      state.refused = 0;
      moves++;
      for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++) {
        const row = classRows[q];
        usage[row] += coef(c, to, row) - coef(c, choice[i], row);
      }
      objective += (to < 0 ? 0 : value[i * K + to]) - (choice[i] < 0 ? 0 : value[i * K + choice[i]]);
      if (!wasMoved[i]) {
        wasMoved[i] = 1;
        moved.push(i);
      }
      choice[i] = to;
      return true;
    });
    return state.outcome === 'stuck' || violation(relax, usage, r) > 0 ? state.outcome : 'mended';
  };

  const mendRow = (r: number): boolean => {
    mends++;
    let count = 0;
    for (const i of near) count = offerMove(i, r, count);
    for (const i of moved) if (!(gap[i] <= nearGap)) count = offerMove(i, r, count);
    const first = applyMoves(r, count, nearGap / largestChange(r));
    if (first !== 'open') return first === 'mended';
    // Only customers at an option some move mends the row from have a move to offer (a cap on one action: its takers).
    const mendable = markMendable(relax, r, work.mendable);
    const canMend = (i: number) => mendable[classOf[i] * (K + 1) + choice[i] + 1] === 1;
    count = 0;
    for (let i = 0; i < n; i++) if (canMend(i) && seenIn[i] !== mends) count = offerMove(i, r, count);
    let outcome = applyMoves(r, count, Infinity);
    // Each customer was offered its cheapest move only, and other rows may have refused them
    // all (its cheapest other action is at its cap): offer each the cheapest move allowed now.
    for (let pass = 0; outcome === 'open' && pass < ALLOWED_PASSES; pass++) {
      const before = moves;
      count = 0;
      for (let i = 0; i < n; i++) if (canMend(i)) count = offerMove(i, r, count, true);
      outcome = applyMoves(r, count, Infinity);
      if (moves === before) break;
    }
    return outcome === 'mended';
  };

  const largestChange = (r: number): number => {
    let most = 0;
    for (let c = 0; c < C; c++) {
      let high = 0;
      let low = 0;
      for (let k = 0; k < K; k++) {
        high = Math.max(high, coef(c, k, r));
        low = Math.min(low, coef(c, k, r));
      }
      most = Math.max(most, high - low);
    }
    return most;
  };

  // The move count when a mend of each row last failed without a move: until the next move, it would fail again.
  const failedAt = new Float64Array(R).fill(-1);
  for (let round = 0; round < maxRounds && !stop(); round++) {
    let broken = false;
    const movedBefore = moves;
    for (const wantLe of floorsFirst ? [false, true] : [true, false]) {
      for (let r = 0; r < R; r++) {
        if (sign[r] > 0 !== wantLe || violation(relax, usage, r) === 0) continue;
        const before = moves;
        if (failedAt[r] !== moves && mendRow(r)) continue;
        broken = true;
        if (moves === before) failedAt[r] = moves;
      }
    }
    if (keepsRows(relax, usage)) return { choice, objective, usage };
    // A round that moved no one leaves the same state for the next: it would move no one either.
    if ((!broken && round > 0) || moves === movedBefore) break;
  }
  return undefined;
}
