import type { Relaxation } from '../lagrangian.ts';
import { selectRank, type Ranking } from '../ranking.ts';
import { groupSlots, looseRows, slotMove } from './move-kinds.ts';
import { bucketOf, bucketScale, LOSS_BUCKETS, reachableBelow } from './loss-buckets.ts';
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
  /** Kind j has `size[j]` moves within the limit... */
  size: Int32Array;
  /**
   * ...of which `[start[j], start[j + 1])` of `customer` and `loss` hold (in customer order) those
   * whose loss a plan within the limit can reach, or all of them (see {@link listMoves})...
   */
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
  /** Lists every move of every kind in place of the reachable ones, for a reader that needs more: {@link leastLoss} calls it. */
  listAll?: () => void;
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
 * customer's, the second writes every marked move in its kind's place, in customer order. The
 * first also counts each slot's losses in buckets (see loss-buckets.ts), so that the second
 * writes only the moves whose loss a plan within the limit can reach (few of them, where many
 * customers lie within the limit); a reader that needs more lists them all (`listAll`).
 */
export function listMoves(
  relax: Relaxation,
  ranking: Ranking,
  lossLimit: number,
  maxMoves = Infinity,
  past?: () => boolean,
): MoveLists | undefined {
  const lists = listWithin(relax, ranking, lossLimit, maxMoves, past, true);
  if (lists?.size.some((count, j) => lists.start[j + 1] - lists.start[j] < count)) {
    lists.listAll = () => {
      const all = listWithin(relax, ranking, lossLimit, Infinity, undefined, false) as MoveLists;
      const { start, customer, loss, sorted, sortedCount } = all;
      Object.assign(lists, { start, customer, loss, sorted, sortedCount, listAll: undefined });
    };
  }
  return lists;
}

/** Most slot-bucket counters the first pass keeps (4 bytes each); with more slots every move is written. */
const MAX_BUCKET_COUNTERS = 1 << 22;

/** {@link listMoves} without `listAll`, writing only the reachable moves when `reachable`. */
function listWithin(
  relax: Relaxation,
  ranking: Ranking,
  lossLimit: number,
  maxMoves: number,
  past: (() => boolean) | undefined,
  reachable: boolean,
): MoveLists | undefined {
  const { C, K } = relax;
  const options = K + 1;
  const perSlot = new Int32Array(C * options * options);
  const marks = new Uint32Array(relax.n);
  const scale = bucketScale(lossLimit);
  const buckets =
    reachable && scale !== undefined && perSlot.length * LOSS_BUCKETS <= MAX_BUCKET_COUNTERS
      ? { scale, histogram: new Int32Array(perSlot.length * LOSS_BUCKETS) }
      : undefined;
  if (markMoves(relax, ranking, lossLimit, maxMoves, perSlot, marks, past, buckets) === undefined) return undefined;
  const room = Float64Array.from(relax.limit, (x, r) => relax.sign[r] * (x - ranking.usage[r]));
  const loose = looseRows(relax, perSlot, room);
  const { kindOfSlot, firstSlot, price } = groupSlots(relax, ranking.penalty, perSlot, loose);
  const kinds = firstSlot.length;
  const size = new Int32Array(kinds);
  for (let s = 0; s < perSlot.length; s++) if (kindOfSlot[s] >= 0) size[kindOfSlot[s]] += perSlot[s];
  const reach = buckets && reachableMoves(buckets, kindOfSlot, kinds, lossLimit);
  // Without buckets every move is written.
  const kept = reach?.kept ?? size;
  const start = new Int32Array(kinds + 1);
  for (let j = 0; j < kinds; j++) start[j + 1] = start[j] + kept[j];
  const cursor = start.slice(0, kinds);
  const customer = new Int32Array(start[kinds]);
  const loss = new Float64Array(start[kinds]);
  // A counting sort by kind keeps each kind's moves in customer order.
  placeMoves(relax, ranking, lossLimit, marks, { kindOfSlot, cursor, customer, loss }, reach);
  const lists: MoveLists = {
    most: new Int32Array(kinds),
    count: kinds,
    kindClass: Int32Array.from(firstSlot, (s) => slotMove(s, K)[0]),
    kindFrom: Int16Array.from(firstSlot, (s) => slotMove(s, K)[1]),
    kindTo: Int16Array.from(firstSlot, (s) => slotMove(s, K)[2]),
    kindPrice: Float64Array.from(price),
    loose,
    kindOfSlot,
    size,
    start,
    customer,
    loss,
    sorted: loss.slice(),
    sortedCount: new Int32Array(kinds),
  };
  orderLeastLosses(lists, lossLimit);
  for (let j = 0; j < lists.count; j++) lists.most[j] = mostWithin(lists, j, lossLimit);
  return lists;
}

/**
 * Per kind, from its slots' counts per loss bucket: the bound on loss times `scale` under
 * which a plan within `lossLimit` can reach its losses (see `reachableBelow`), and how many
 * moves lie under it: what `placeMoves` keeps.
 */
function reachableMoves(
  { histogram, scale }: { histogram: Int32Array; scale: number },
  kindOfSlot: Int32Array,
  kinds: number,
  lossLimit: number,
): { scale: number; below: Float64Array; kept: Int32Array } {
  const byKind = new Int32Array(kinds * LOSS_BUCKETS);
  for (let s = 0; s < kindOfSlot.length; s++) {
    const j = kindOfSlot[s];
    if (j < 0) continue;
    for (let b = 0; b < LOSS_BUCKETS; b++) byKind[j * LOSS_BUCKETS + b] += histogram[s * LOSS_BUCKETS + b];
  }
  const below = new Float64Array(kinds);
  const kept = new Int32Array(kinds);
  for (let j = 0; j < kinds; j++) {
    below[j] = reachableBelow(byKind, j * LOSS_BUCKETS, lossLimit, scale);
    for (let b = 0; b < Math.min(LOSS_BUCKETS, below[j]); b++) kept[j] += byKind[j * LOSS_BUCKETS + b];
  }
  return { scale, below, kept };
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

/**
 * Orders each kind's least losses that {@link mostWithin} can reach, in one partition instead
 * of repeated selections: counted in buckets of the loss limit (see `reachableBelow`), the
 * moves of the lowest buckets whose losses pass the limit together hold every loss the cap
 * reads. They are moved to the front of the kind's `sorted` and sorted, or only as many of the
 * least as can fit within the limit, each at least the kind's least loss; a kind whose losses
 * never pass it is sorted whole.
 */
function orderLeastLosses(lists: MoveLists, lossLimit: number): void {
  const scale = bucketScale(lossLimit);
  if (scale === undefined) return;
  const histogram = new Int32Array(LOSS_BUCKETS);
  for (let j = 0; j < lists.count; j++) {
    const first = lists.start[j];
    const size = lists.start[j + 1] - first;
    const losses = lists.sorted.subarray(first, first + size);
    histogram.fill(0);
    let least = Infinity;
    for (let m = 0; m < size; m++) {
      histogram[bucketOf(losses[m], scale)]++;
      if (losses[m] < least) least = losses[m];
    }
    const below = reachableBelow(histogram, 0, lossLimit, scale);
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

/**
 * The `at`-th least loss of kind j (0 = its least; `at` below `size[j]`), ordering more of the
 * kind when needed, and listing every move first when the lists left out the `at`-th.
 */
export function leastLoss(lists: MoveLists, j: number, at: number): number {
  if (at >= lists.start[j + 1] - lists.start[j]) lists.listAll?.();
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
