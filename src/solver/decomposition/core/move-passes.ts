/** The two passes over the customers that list the moves (see `listMoves`): one marks and counts them, one places them. */

import type { Relaxation } from '../lagrangian.ts';
import type { Ranking } from '../ranking.ts';
import { bucketOf, LOSS_BUCKETS } from './loss-buckets.ts';

/** Options a customer's marks tell apart one by one (bit `to + 1`); with more, a mark only says it has a move. */
const MARKED_OPTIONS = 32;
/** Customers read between two looks at the caller's clock (`past`). */
const CLOCK_STRIDE = 16_384;

/**
 * Every move within `lossLimit`, customers in order, among the customers whose ranked gap allows
 * one: counted per slot `((class · (K+1) + from + 1) · (K+1) + to + 1)` in `perSlot`, and marked
 * in `marks[i]` (bit `to + 1`; with more than {@link MARKED_OPTIONS} options, any bit); with
 * `buckets`, each slot's losses counted per bucket too (at `slot · LOSS_BUCKETS + bucket`).
 * Returns how many, or undefined (having stopped) once there are more than `maxMoves` or
 * `past()` says the caller's deadline has passed.
 */
export function markMoves(
  relax: Relaxation,
  ranking: Ranking,
  lossLimit: number,
  maxMoves: number,
  perSlot: Int32Array,
  marks: Uint32Array,
  past?: () => boolean,
  buckets?: { scale: number; histogram: Int32Array },
): number | undefined {
  const { n, K, classOf } = relax;
  const { best, gap, penalty } = ranking;
  const value = relax.problem.value;
  const options = K + 1;
  const wide = options > MARKED_OPTIONS;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (past && i % CLOCK_STRIDE === 0 && past()) return undefined;
    if (!(gap[i] <= lossLimit)) continue;
    const from = best[i];
    const at = i * K;
    const priced = classOf[i] * K;
    const here = from < 0 ? 0 : value[at + from] - penalty[priced + from];
    const slots = (classOf[i] * options + from + 1) * options + 1;
    let mark = 0;
    for (let to = -1; to < K; to++) {
      if (to === from) continue;
      // An ineligible option's loss is NaN: never a move.
      const lost = here - (to < 0 ? 0 : value[at + to] - penalty[priced + to]);
      if (!(lost <= lossLimit)) continue;
      if (count >= maxMoves) return undefined;
      count++;
      perSlot[slots + to]++;
      if (buckets) buckets.histogram[(slots + to) * LOSS_BUCKETS + bucketOf(Math.max(0, lost), buckets.scale)]++;
      mark |= wide ? 1 : 1 << (to + 1);
    }
    marks[i] = mark;
  }
  return count;
}

/** Where {@link placeMoves} writes each move: at its kind's cursor (moved on), its customer and loss. */
export interface Placement {
  kindOfSlot: Int32Array;
  cursor: Int32Array;
  customer: Int32Array;
  loss: Float64Array;
}

/**
 * Writes the moves {@link markMoves} marked, customers in order, each at its kind's place:
 * their losses computed as there, only for the marked options (every option within
 * `lossLimit` of a customer with a mark, past {@link MARKED_OPTIONS} options). With `keep`, only
 * the moves whose loss times `keep.scale` lies under their kind's `keep.below`.
 */
export function placeMoves(
  relax: Relaxation,
  ranking: Ranking,
  lossLimit: number,
  marks: Uint32Array,
  place: Placement,
  keep?: { scale: number; below: Float64Array },
): void {
  const { n, K, classOf } = relax;
  const { best, penalty } = ranking;
  const value = relax.problem.value;
  const options = K + 1;
  const wide = options > MARKED_OPTIONS;
  const { kindOfSlot, cursor, customer, loss } = place;
  for (let i = 0; i < n; i++) {
    let mark = marks[i];
    if (mark === 0) continue;
    const from = best[i];
    const at = i * K;
    const priced = classOf[i] * K;
    const here = from < 0 ? 0 : value[at + from] - penalty[priced + from];
    const slots = (classOf[i] * options + from + 1) * options + 1;
    if (wide) {
      for (let to = -1; to < K; to++) {
        const lost = here - (to < 0 ? 0 : value[at + to] - penalty[priced + to]);
        if (to === from || !(lost <= lossLimit)) continue;
        const j = kindOfSlot[slots + to];
        const kept = Math.max(0, lost);
        if (keep && !(kept * keep.scale < keep.below[j])) continue;
        const m = cursor[j]++;
        customer[m] = i;
        loss[m] = kept;
      }
      continue;
    }
    for (; mark !== 0; mark &= mark - 1) {
      const to = 30 - Math.clz32(mark & -mark);
      const lost = here - (to < 0 ? 0 : value[at + to] - penalty[priced + to]);
      const j = kindOfSlot[slots + to];
      const kept = Math.max(0, lost);
      if (keep && !(kept * keep.scale < keep.below[j])) continue;
      const m = cursor[j]++;
      customer[m] = i;
      loss[m] = kept;
    }
  }
}
