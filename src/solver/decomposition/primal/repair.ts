import type { Relaxation } from '../lagrangian.ts';
import type { Ranking } from '../ranking.ts';
import { keepsRows, violation, type ScoredChoice } from '../scored-plan.ts';
import { borrowScratch, clearMarks, type RepairScratch } from './repair-scratch.ts';
import { RowMender } from './row-mender.ts';

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
  const work = borrowScratch(relax);
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
  const { R, sign } = relax;
  const mender = new RowMender(relax, ranking, origin, floorsFirst, stop, work);
  const { usage } = mender;
  // The move count when a mend of each row last failed without a move: until the next move, it would fail again.
  const failedAt = new Float64Array(R).fill(-1);
  for (let round = 0; round < maxRounds && !stop(); round++) {
    let broken = false;
    const movedBefore = mender.moves;
    for (const wantLe of floorsFirst ? [false, true] : [true, false]) {
      for (let r = 0; r < R; r++) {
        if (sign[r] > 0 !== wantLe || violation(relax, usage, r) === 0) continue;
        const before = mender.moves;
        if (failedAt[r] !== mender.moves && mender.mendRow(r)) continue;
        broken = true;
        if (mender.moves === before) failedAt[r] = mender.moves;
      }
    }
    if (keepsRows(relax, usage)) return { choice: mender.choice, objective: mender.objective, usage };
    // A round that moved no one leaves the same state for the next: it would move no one either.
    if ((!broken && round > 0) || mender.moves === movedBefore) break;
  }
  return undefined;
}
