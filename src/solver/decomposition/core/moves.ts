import type { Relaxation } from '../lagrangian.ts';
import { selectRank, type Ranking } from '../ranking.ts';
import { groupSlots, looseRows, slotMove } from './move-kinds.ts';
import { markMoves, placeMoves } from './move-passes.ts';

/**
 * Every move of one customer off its ranked best choice that loses at most a given reduced
 * value, grouped by kind (from, to and the change of every row). At the ranking's multipliers
 * λ every plan x is worth
 *
 *     L(λ) − Σ_i loss_i(x) − Σ_r λ_r · slack_r(x),
 *
 * where loss_i is what customer i's choice gives up against its best by reduced value (0 when
 * it keeps it): a plan better than one worth LB moves only customers whose loss is at most
 * L(λ) − LB. Rows see a move only through its kind, so a plan is the ranked best choices plus a
 * number of moves of each kind, and the cheapest moves of a kind are its least losses.
 */
export interface MoveLists {
  /**
   * Kinds with at least one move; kind j moves customers from `kindFrom[j]` to `kindTo[j]` (-1 =
   * none) in classes whose move changes every row as class `kindClass[j]`'s does, each move
   * gaining at most `kindPrice[j]` in penalty (see `groupSlots`).
   */
  count: number;
  kindClass: Int32Array;
  kindFrom: Int16Array;
  kindTo: Int16Array;
  kindPrice: Float64Array;
  /** Rows no plan of these moves can break (see `looseRows`): kinds do not tell them apart, the MIP leaves them out. */
  loose: Uint8Array;
  /** Kind of slot `((class · (K+1) + from + 1) · (K+1) + to + 1)`, -1 when it has no move. */
  kindOfSlot: Int32Array;
  /** Kind j's moves are `[start[j], start[j + 1])` of `customer` and `loss` (in customer order)... */
  start: Int32Array;
  customer: Int32Array;
  loss: Float64Array;
  /**
   * ...and of `sorted`, their losses: kind j's first `sortedCount[j]` least first, none larger
   * than a later one of the kind. Read them with {@link leastLoss}, which orders more on demand:
   * a plan within the limit makes a few hundred moves of a kind that may list thousands.
   */
  sorted: Float64Array;
  sortedCount: Int32Array;
  /**
   * The most moves of kind j a plan losing at most the lists' limit in all can make: m moves
   * lose at least the kind's m least losses together.
   */
  most: Int32Array;
}

/**
 * The moves off `ranking.best` (at `ranking.penalty`) that lose at most `lossLimit`, by kind,
 * cheapest first. Customers whose ranked gap (exact or a lower bound) exceeds the limit have none
 * and are not read again. Undefined when there are more than `maxMoves` (the lists' memory grows
 * with them) or when `past()` says the caller's deadline passed while counting. Two passes over
 * the customers: the first counts each slot's moves (the kinds need the counts) and marks each
 * customer's, the second writes every marked move in its kind's place, in customer order.
 */
export function listMoves(
  relax: Relaxation,
  ranking: Ranking,
  lossLimit: number,
  maxMoves = Infinity,
  past?: () => boolean,
): MoveLists | undefined {
  const { C, K } = relax;
  const options = K + 1;
  const perSlot = new Int32Array(C * options * options);
  const marks = new Uint32Array(relax.n);
  if (markMoves(relax, ranking, lossLimit, maxMoves, perSlot, marks, past) === undefined) return undefined;
  const room = Float64Array.from(relax.limit, (x, r) => relax.sign[r] * (x - ranking.usage[r]));
  const loose = looseRows(relax, perSlot, room);
  const { kindOfSlot, firstSlot, price } = groupSlots(relax, ranking.penalty, perSlot, loose);
  const start = new Int32Array(firstSlot.length + 1);
  for (let s = 0; s < perSlot.length; s++) if (kindOfSlot[s] >= 0) start[kindOfSlot[s] + 1] += perSlot[s];
  for (let j = 0; j < firstSlot.length; j++) start[j + 1] += start[j];
  const cursor = start.slice(0, firstSlot.length);
  const customer = new Int32Array(start[firstSlot.length]);
  const loss = new Float64Array(start[firstSlot.length]);
  // A counting sort by kind keeps each kind's moves in customer order.
  placeMoves(relax, ranking, lossLimit, marks, { kindOfSlot, cursor, customer, loss });
  const lists: MoveLists = {
    most: new Int32Array(firstSlot.length),
    count: firstSlot.length,
    kindClass: Int32Array.from(firstSlot, (s) => slotMove(s, K)[0]),
    kindFrom: Int16Array.from(firstSlot, (s) => slotMove(s, K)[1]),
    kindTo: Int16Array.from(firstSlot, (s) => slotMove(s, K)[2]),
    kindPrice: Float64Array.from(price),
    loose,
    kindOfSlot,
    start,
    customer,
    loss,
    sorted: loss.slice(),
    sortedCount: new Int32Array(firstSlot.length),
  };
  orderLeastLosses(lists, lossLimit);
  for (let j = 0; j < lists.count; j++) lists.most[j] = mostWithin(lists, j, lossLimit);
  return lists;
}

/** How many of kind j's least losses fit within `lossLimit` together. */
function mostWithin(lists: MoveLists, j: number, lossLimit: number): number {
  const size = lists.start[j + 1] - lists.start[j];
  let total = 0;
  for (let m = 0; m < size; m++) {
    total += leastLoss(lists, j, m);
    if (total > lossLimit) return m;
  }
  return size;
}

/** Buckets of equal width over [0, the loss limit] that {@link orderLeastLosses} counts each kind's losses in. */
const LOSS_BUCKETS = 256;

/**
 * Orders each kind's least losses that {@link mostWithin} can reach, in one partition instead
 * of repeated selections: counted in buckets of the loss limit, the moves of the lowest buckets
 * whose losses, each at least its bucket's lower edge, pass the limit together hold every loss
 * the cap reads. They are moved to the front of the kind's `sorted` and sorted, or only as many
 * of the least as can fit within the limit, each at least the kind's least loss; a kind whose
 * losses never pass it is sorted whole.
 */
function orderLeastLosses(lists: MoveLists, lossLimit: number): void {
  const scale = LOSS_BUCKETS / lossLimit;
  if (!(scale > 0 && Number.isFinite(scale))) return;
  const histogram = new Int32Array(LOSS_BUCKETS);
  for (let j = 0; j < lists.count; j++) {
    const first = lists.start[j];
    const size = lists.start[j + 1] - first;
    const losses = lists.sorted.subarray(first, first + size);
    histogram.fill(0);
    let least = Infinity;
    for (let m = 0; m < size; m++) {
      histogram[Math.min(LOSS_BUCKETS - 1, Math.floor(losses[m] * scale))]++;
      if (losses[m] < least) least = losses[m];
    }
    // A bucket's lower edge, one bucket lower: rounding can put a loss just under its edge.
    let cut = LOSS_BUCKETS - 1;
    let total = 0;
    for (let b = 0; b < LOSS_BUCKETS; b++) {
      total += (histogram[b] * Math.max(0, b - 1)) / scale;
      if (total > lossLimit) {
        cut = b;
        break;
      }
    }
    // In bucket `cut` or below: floor(loss · scale) ≤ cut.
    const below = cut === LOSS_BUCKETS - 1 ? Infinity : cut + 1;
    let front = 0;
    for (let m = 0; m < size; m++) {
      const loss = losses[m];
      if (!(loss * scale < below)) continue;
      losses[m] = losses[front];
      losses[front++] = loss;
    }
    // Each loss is at least the least: no more than `reach` of them fit within the limit together
    // (many near-tied losses fall below the buckets' resolution, which bounds none of them).
    const reach = least > 0 ? Math.floor(lossLimit / least) + 1 : Infinity;
    const ordered = Math.min(front, reach);
    if (ordered < front) selectRank(losses, front, ordered - 1);
    losses.subarray(0, ordered).sort();
    lists.sortedCount[j] = ordered;
  }
}

/** Losses a kind orders at least at once (past them, twice as many as it had). */
const FIRST_ORDERED = 64;

/** The `at`-th least loss of kind j (0 = its least; `at` below the kind's size), ordering more of the kind when needed. */
export function leastLoss(lists: MoveLists, j: number, at: number): number {
  const first = lists.start[j];
  const done = lists.sortedCount[j];
  if (at >= done) {
    const size = lists.start[j + 1] - first;
    const want = Math.min(size, Math.max(at + 1, 2 * done, FIRST_ORDERED));
    const rest = lists.sorted.subarray(first + done, first + size);
    // Selection leaves the want − done least of the rest first, so only they need sorting.
    if (want < size) selectRank(rest, rest.length, want - done - 1);
    rest.subarray(0, want - done).sort();
    lists.sortedCount[j] = want;
  }
  return lists.sorted[first + at];
}
