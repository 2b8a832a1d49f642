import type { Relaxation } from '../lagrangian.ts';
import { sampledThresholdForSize, selectCore, type Ranking } from '../ranking.ts';
import { scoreMoved, type ScoredChoice } from '../scored-plan.ts';
import { cheapestChains } from './cheapest-chains.ts';
import { MoveHeap } from './move-heap.ts';

/** Customers nearest to changing their best choice that may move: this many per customer to move, at least {@link NEAR_CUSTOMERS}. */
const NEAR_PER_MOVE = 64;
/** A move dearer than this many times the near customers' largest gap is not offered: chains never need it. */
const LOSS_CAP = 8;
const NEAR_CUSTOMERS = 4096;

/**
 * The ranking's best choices moved, class by class, to whole counts near `target` (fractional
 * customers per (class, action), see `recoverCounts`) at the least loss of reduced value: a
 * min-cost flow over the class's actions, one customer along the cheapest chain of moves from
 * an action the class has too many of to one it has too few of at a time (a chain: a customer
 * may move into an action whose cheapest leaver moves on). Only the customers nearest to
 * changing move. They are offered in steps of their gap, about `firstStep` customers first
 * (tests pass a small one): most chains only need the nearest. The plan may break a row by a
 * customer's rounding; the repair mends that.
 */
export function meetCounts(
  relax: Relaxation,
  ranking: Ranking,
  target: Float64Array,
  firstStep = NEAR_CUSTOMERS,
): ScoredChoice {
  const { K, C, classOf } = relax;
  const { penalty } = ranking;
  const value = relax.problem.value;
  const S = K + 1;
  const choice = Int16Array.from(ranking.best);
  const excess = roundedExcess(relax, choice, target);
  let surplus = 0;
  const open = new Uint8Array(C);
  for (let c = 0; c < C; c++)
    for (let s = 0; s < S; s++)
      if (excess[c * S + s] > 0) {
        surplus += excess[c * S + s];
        open[c] = 1;
      }
  if (surplus === 0) return { choice, objective: ranking.objective, usage: Float64Array.from(ranking.usage) };
  const threshold = sampledThresholdForSize(ranking, Math.max(NEAR_CUSTOMERS, NEAR_PER_MOVE * surplus));
  const near = selectCore(ranking, threshold);
  const costliest = LOSS_CAP * threshold;
  // Classes flow apart: one class's heaps at a time, emptied and reused by the next.
  const heaps: MoveHeap[] = Array.from({ length: S * S }, () => new MoveHeap());
  const reduced = (i: number, k: number) => (k < 0 ? 0 : value[i * K + k] - penalty[classOf[i] * K + k]);
  const offer = (i: number) => {
    const from = choice[i];
    const here = reduced(i, from);
    for (let k = -1; k < K; k++) {
      if (k === from) continue;
      const loss = here - reduced(i, k);
      // An ineligible pair's value is NaN: never offered.
      if (loss <= costliest) heaps[slot(from, K) * S + slot(k, K)].push(loss, i);
    }
  };
  const { start, members } = byClass(near, classOf, open, C);
  const levels = offerLevels(ranking, threshold, firstStep);
  const gap = ranking.gap;
  // The class flowing (`current`) offers its customers in steps of gap: those past `levels[level]` wait.
  let current = 0;
  let level = 0;
  const offerStep = () => {
    const above = level > 0 ? levels[level - 1] : -Infinity;
    for (let j = start[current]; j < start[current + 1]; j++) {
      const g = gap[members[j]];
      if (g > above && g <= levels[level]) offer(members[j]);
    }
  };
  // The customers the chains move, to score the plan from the ranking's.
  const moved: number[] = [];
  for (let c = 0; c < C; c++) {
    if (!open[c]) continue;
    for (const h of heaps) h.clear();
    current = c;
    level = 0;
    offerStep();
    flowClass(c);
  }
  return scoreMoved(relax, ranking, choice, Int32Array.from(moved));

  /** Offers the class's customers of the next step of gap; false when every near customer is offered. */
  function widen(): boolean {
    if (level === levels.length - 1) return false;
    level++;
    offerStep();
    return true;
  }

  /**
   * Successive cheapest chains in class c, whose customers the heaps hold, until its counts meet
   * or no chain is left. A customer not offered yet loses more than the step's gap on any move,
   * so an arc with no cheaper offer costs at least that: a chain over such an arc widens the
   * offers and is sought again.
   */
  function flowClass(c: number): void {
    const cost = new Float64Array(S * S);
    const dist = new Float64Array(S);
    const prev = new Int32Array(S);
    const fresh = new Uint8Array(S);
    const heap = (a: number, b: number) => heaps[a * S + b];
    // Slots whose arcs' costs are found again: a chain changes only the heaps out of its own slots.
    const dirty = new Uint8Array(S).fill(1);
    let pricedAt = level;
    for (;;) {
      const least = level < levels.length - 1 ? levels[level] : Infinity;
      if (level !== pricedAt) dirty.fill(1);
      pricedAt = level;
      for (let a = 0; a < S; a++) {
        if (dirty[a] === 0) continue;
        dirty[a] = 0;
        for (let b = 0; b < S; b++) {
          const h = heap(a, b);
          while (h.size > 0 && slot(choice[h.topItem()], K) !== a) h.pop();
          cost[a * S + b] = a === b ? Infinity : Math.min(h.topKey(), least);
        }
      }
      dist.fill(Infinity);
      prev.fill(-1);
      for (let s = 0; s < S; s++) if (excess[c * S + s] > 0) dist[s] = 0;
      cheapestChains(cost, dist, prev, fresh);
      let sink = -1;
      for (let s = 0; s < S; s++) if (excess[c * S + s] < 0 && dist[s] < (sink < 0 ? Infinity : dist[sink])) sink = s;
      if (sink < 0) return;
      const path: number[] = [sink];
      while (prev[path[path.length - 1]] >= 0 && path.length <= S) path.push(prev[path[path.length - 1]]);
      const source = path[path.length - 1];
      if (path.length > S || !(excess[c * S + source] > 0)) {
        if (widen()) continue;
        return;
      }
      if (unsure(path, least) && widen()) continue;
      for (let e = path.length - 1; e > 0; e--) {
        dirty[path[e]] = 1;
        dirty[path[e - 1]] = 1;
        const h = heap(path[e], path[e - 1]);
        while (h.size > 0 && slot(choice[h.topItem()], K) !== path[e]) h.pop();
        if (h.size === 0) return;
        const i = h.topItem();
        h.pop();
        choice[i] = path[e - 1] === K ? -1 : path[e - 1];
        moved.push(i);
        offer(i);
      }
      excess[c * S + source]--;
      excess[c * S + sink]++;
    }

    /** True when the chain crosses an arc priced at `least`, not by an offered move. */
    function unsure(path: number[], least: number): boolean {
      for (let e = path.length - 1; e > 0; e--) if (!(heap(path[e], path[e - 1]).topKey() < least)) return true;
      return false;
    }
  }
}

/** The customers of `near` in open classes, grouped by class (`members[start[c]..start[c + 1]]`), each group in `near`'s order. */
function byClass(
  near: Int32Array,
  classOf: ArrayLike<number>,
  open: Uint8Array,
  C: number,
): { start: Int32Array; members: Int32Array } {
  const start = new Int32Array(C + 1);
  for (const i of near) if (open[classOf[i]]) start[classOf[i] + 1]++;
  for (let c = 0; c < C; c++) start[c + 1] += start[c];
  const at = start.slice(0, C);
  const members = new Int32Array(start[C]);
  for (const i of near) if (open[classOf[i]]) members[at[classOf[i]]++] = i;
  return { start, members };
}

/** Steps of gap at which a class's near customers are offered: about `firstStep` customers, four times as many at each step, the near threshold last. */
function offerLevels(ranking: Ranking, threshold: number, firstStep: number): number[] {
  const levels: number[] = [];
  for (let size = firstStep; size < ranking.gap.length; size *= 4) {
    const step = sampledThresholdForSize(ranking, size);
    if (step >= threshold) break;
    if (levels.length === 0 || step > levels[levels.length - 1]) levels.push(step);
  }
  levels.push(threshold);
  return levels;
}

/** Slot of action k in a class's K + 1 counts: none is the last. */
function slot(k: number, K: number): number {
  return k < 0 ? K : k;
}

/**
 * Per class and slot, the customers `choice` has there less the target rounded to whole
 * customers (largest remainders, the class's size kept): positive where the class has too many.
 */
function roundedExcess(relax: Relaxation, choice: Int16Array, target: Float64Array): Float64Array {
  const { n, K, C, classOf } = relax;
  const S = K + 1;
  const excess = new Float64Array(C * S);
  const size = new Float64Array(C);
  for (let i = 0; i < n; i++) {
    excess[classOf[i] * S + slot(choice[i], K)]++;
    size[classOf[i]]++;
  }
  const wanted = new Float64Array(S);
  for (let c = 0; c < C; c++) {
    let taken = 0;
    for (let k = 0; k < K; k++) taken += Math.max(0, target[c * K + k]);
    for (let k = 0; k < K; k++) wanted[k] = Math.max(0, target[c * K + k]);
    wanted[K] = Math.max(0, size[c] - taken);
    let whole = 0;
    for (let s = 0; s < S; s++) whole += Math.floor(wanted[s] + 1e-9);
    const order = Array.from({ length: S }, (_, s) => s).sort(
      (a, b) => fraction(wanted[b]) - fraction(wanted[a]) || a - b,
    );
    for (let s = 0; s < S; s++) {
      const up = order.indexOf(s) < size[c] - whole ? 1 : 0;
      excess[c * S + s] -= Math.floor(wanted[s] + 1e-9) + up;
    }
  }
  return excess;
}

function fraction(x: number): number {
  const f = x - Math.floor(x + 1e-9);
  return f > 0 ? f : 0;
}
