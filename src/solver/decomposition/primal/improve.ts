import { coreHolding, sampledThresholdForSize, type Ranking } from '../ranking.ts';
import type { Relaxation } from '../lagrangian.ts';
import { holdsAt, type ScoredChoice } from '../scored-plan.ts';

/** `stop()` is asked once per this many + 1 customers looked at, and per as many moves made. */
const STOP_CHECK_MASK = 1023;

/** Restores the heap (`before(a, b)`: a belongs above b) below `at` in `order[from .. from + size)`. */
function siftDown(
  order: Int32Array,
  before: (a: number, b: number) => boolean,
  from: number,
  size: number,
  at: number,
): void {
  if (size === 0) return;
  const item = order[from + at];
  for (;;) {
    let child = 2 * at + 1;
    if (child >= size) break;
    if (child + 1 < size && before(order[from + child + 1], order[from + child])) child++;
    if (!before(order[from + child], item)) break;
    order[from + at] = order[from + child];
    at = child;
  }
  order[from + at] = item;
}

/**
 * Greedy improvement of a feasible choice: while some single-customer change of action raises
 * the objective and fits the rows' current slack, the one that raises it most is made. It
 * spends the slack a repaired plan leaves (a dollar of budget, a push or two), which is often
 * all that separates it from the Lagrangian bound on large instances.
 *
 * Whether a move fits depends only on the customer's class and the two actions, so each
 * customer's best move is kept under its kind (class, from, to), each kind's moves in a heap of
 * their own (best gain first, then the lower customer index), and a heap of the kinds gives the
 * best move of a kind that fits: one look at the customers, then a logarithmic step per move,
 * however many moves are equally good.
 *
 * With the `ranking` the start was repaired from, a customer still at its ranked best is
 * skipped without reading its values when no move can gain: moving from k to j gains
 * (reduced_j − reduced_k) + (penalty_j − penalty_k) ≤ penalty_j − penalty_k − gap, so a gap
 * above the largest penalty difference of any fitting move rules every move out.
 *
 * With `customers`, only they are looked at (see {@link improveNear}). Once `stop()` (the
 * deadline) holds, the moves made so far are the answer: each one keeps every row. `byPrices`
 * (with a ranking): each customer's move, and the order of the moves, by the gain less the
 * ranking's penalties (the reduced gain), so a row's slack goes first to the moves that use it
 * best; every move made still gains.
 */
export function improveChoice(
  relax: Relaxation,
  start: ScoredChoice,
  ranking?: Ranking,
  customers?: Int32Array,
  stop: () => boolean = () => false,
  byPrices = false,
): ScoredChoice {
  const { n, K, R, C, classOf, rowCoef, sign, classRowStart, classRows } = relax;
  const value = relax.problem.value;
  const choice = Int16Array.from(start.choice);
  const usage = Float64Array.from(start.usage);
  let objective = start.objective;
  const coef = (c: number, k: number, r: number) => (k < 0 ? 0 : rowCoef[(c * R + r) * K + k]);
  // The start keeps every row, and a move changes only its class's rows: those are the ones to check.
  const fits = (c: number, from: number, to: number): boolean => {
    for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++) {
      const r = classRows[q];
      if (!holdsAt(relax, r, usage[r] + coef(c, to, r) - coef(c, from, r))) return false;
    }
    return true;
  };
  const moves = K + 1;
  // The moves that fit now, listed per (class, from): most customers have none or one or two.
  const fitFrom = new Int32Array(C * moves + 1);
  const fitTo: number[] = [];
  for (let c = 0; c < C; c++) {
    for (let from = -1; from < K; from++) {
      for (let to = -1; to < K; to++) if (to !== from && fits(c, from, to)) fitTo.push(to);
      fitFrom[c * moves + from + 2] = fitTo.length;
    }
  }
  const fitting = Int16Array.from(fitTo);
  // Per (class, from): the largest penalty difference of a fitting move, plus a rounding
  // allowance, above which a customer still at its ranked best has no gaining move.
  const skipAbove = new Float64Array(C * moves).fill(Number.POSITIVE_INFINITY);
  if (ranking) {
    const { penalty } = ranking;
    let scale = relax.valueScale;
    for (let j = 0; j < C * K; j++) scale = Math.max(scale, Math.abs(penalty[j]));
    for (let c = 0; c < C; c++) {
      for (let from = -1; from < K; from++) {
        const list = c * moves + from + 1;
        let most = Number.NEGATIVE_INFINITY;
        for (let j = fitFrom[list]; j < fitFrom[list + 1]; j++) {
          const to = fitting[j];
          most = Math.max(most, (to < 0 ? 0 : penalty[c * K + to]) - (from < 0 ? 0 : penalty[c * K + from]));
        }
        skipAbove[list] = most + 1e-9 * scale;
      }
    }
  }
  const rankedBest = ranking?.best;
  const rankedGap = ranking?.gap;
  const prices = byPrices ? ranking?.penalty : undefined;
  const price = (c: number, k: number) => (prices === undefined || k < 0 ? 0 : prices[c * K + k]);

  // Each candidate's best move that fits the start's slack and gains, in one look at the
  // candidates; grouped by kind (class, from, to), each kind's moves a heap of their own.
  const kinds = C * moves * moves;
  const count = customers ? customers.length : n;
  const moveCustomer = new Int32Array(count);
  const moveGain = new Float64Array(count);
  // What orders the moves: the gain, or with `byPrices` the reduced gain.
  const moveKey = prices ? new Float64Array(count) : moveGain;
  const moveKind = new Int32Array(count);
  let found = 0;
  for (let at = 0; at < count; at++) {
    if ((at & STOP_CHECK_MASK) === 0 && stop()) break;
    const i = customers ? customers[at] : at;
    const from = choice[i];
    const list = classOf[i] * moves + from + 1;
    if (fitFrom[list] === fitFrom[list + 1]) continue;
    if (rankedBest && rankedGap && rankedBest[i] === from && rankedGap[i] >= skipAbove[list]) continue;
    const here = from < 0 ? 0 : value[i * K + from];
    const c = classOf[i];
    let bestGain = 0;
    let bestKey = Number.NEGATIVE_INFINITY;
    let bestTo = -2;
    for (let j = fitFrom[list]; j < fitFrom[list + 1]; j++) {
      const to = fitting[j];
      // An ineligible pair's value is NaN: never a gain.
      const there = to < 0 ? 0 : value[i * K + to];
      if (!(there - here > 0)) continue;
      const key = prices ? there - here - price(c, to) + price(c, from) : there - here;
      if (!(key > bestKey)) continue;
      bestKey = key;
      bestGain = there - here;
      bestTo = to;
    }
    if (bestTo === -2) continue;
    moveCustomer[found] = i;
    moveGain[found] = bestGain;
    moveKey[found] = bestKey;
    moveKind[found++] = list * moves + bestTo + 1;
  }
  const kindStart = new Int32Array(kinds + 1);
  for (let m = 0; m < found; m++) kindStart[moveKind[m] + 1]++;
  for (let b = 0; b < kinds; b++) kindStart[b + 1] += kindStart[b];
  const kindSize = new Int32Array(kinds);
  const byKind = new Int32Array(found);
  for (let m = 0; m < found; m++) byKind[kindStart[moveKind[m]] + kindSize[moveKind[m]]++] = m;
  const better = (a: number, b: number) =>
    moveKey[a] > moveKey[b] || (moveKey[a] === moveKey[b] && moveCustomer[a] < moveCustomer[b]);
  for (let b = 0; b < kinds; b++)
    for (let at = (kindSize[b] >> 1) - 1; at >= 0; at--) siftDown(byKind, better, kindStart[b], kindSize[b], at);

  // A heap of the kinds by their best move left; a kind whose move does not fit waits until a
  // move frees some row's slack (nothing else can make it fit).
  const heap = new Int32Array(kinds);
  let heapSize = 0;
  for (let b = 0; b < kinds; b++) if (kindSize[b] > 0) heap[heapSize++] = b;
  // Equal gains: the lower customer index first, as one stable sort of every move would order them.
  const higherHead = (a: number, b: number) => better(byKind[kindStart[a]], byKind[kindStart[b]]);
  const heapify = () => {
    for (let at = (heapSize >> 1) - 1; at >= 0; at--) siftDown(heap, higherHead, 0, heapSize, at);
  };
  heapify();
  const waiting: number[] = [];
  const dropRoot = () => {
    heap[0] = heap[--heapSize];
    siftDown(heap, higherHead, 0, heapSize, 0);
  };
  for (let step = 0; heapSize > 0; step++) {
    if ((step & STOP_CHECK_MASK) === 0 && stop()) break;
    const b = heap[0];
    const top = byKind[kindStart[b]];
    const i = moveCustomer[top];
    const c = classOf[i];
    const from = choice[i];
    const to = (b % moves) - 1;
    if (!fits(c, from, to)) {
      waiting.push(b);
      dropRoot();
      continue;
    }
    let frees = false;
    for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++) {
      const r = classRows[q];
      const d = coef(c, to, r) - coef(c, from, r);
      usage[r] += d;
      if (sign[r] > 0 ? d < 0 : d > 0) frees = true;
    }
    objective += moveGain[top];
    choice[i] = to;
    // Each customer is in one kind's heap only, and moves once at most.
    byKind[kindStart[b]] = byKind[kindStart[b] + --kindSize[b]];
    siftDown(byKind, better, kindStart[b], kindSize[b], 0);
    if (kindSize[b] > 0) siftDown(heap, higherHead, 0, heapSize, 0);
    else dropRoot();
    if (frees && waiting.length > 0) {
      for (const w of waiting) heap[heapSize++] = w;
      waiting.length = 0;
      heapify();
    }
  }
  return { choice, objective, usage };
}

/** Customers nearest to changing their choice that {@link improveNear} looks at first: a sixteenth, at least this many. */
const NEAR_CUSTOMERS = 4096;

/**
 * {@link improveChoice} among the customers nearest to changing their choice in `ranking`
 * (and those `start` moved off their ranked best) first, then, unless that plan is `enough`,
 * among all. A customer far from changing gains little by any move, and the slack a repair
 * leaves is mostly spent on the near ones, at a sixteenth of the cost of a look at all.
 */
export function improveNear(
  relax: Relaxation,
  start: ScoredChoice,
  ranking: Ranking,
  enough: (objective: number) => boolean,
  stop: () => boolean = () => false,
  byPrices = false,
): ScoredChoice {
  const size = Math.max(NEAR_CUSTOMERS, relax.n >> 4);
  if (2 * size > relax.n) return improveChoice(relax, start, ranking, undefined, stop, byPrices);
  const near = coreHolding(ranking, sampledThresholdForSize(ranking, size), start.choice);
  const first = improveChoice(relax, start, ranking, near, stop, byPrices);
  return enough(first.objective) || stop() ? first : improveChoice(relax, first, ranking, undefined, stop, byPrices);
}
