import { moveChange, type Relaxation } from '../lagrangian.ts';
import { holdsAt } from '../scored-plan.ts';

/**
 * The greedy improvement's candidate moves (one per customer at most) in a heap per kind
 * (class, from, to), best first, a heap of the kinds by their best move, and the moves made
 * from them. Plain functions over typed arrays, no closures made per call: every improvement of
 * a solve, and of the next, runs the same compiled code.
 */

/** `stop()` is asked once per this many + 1 steps: moves made here, customers looked at by the improvement. */
export const STOP_CHECK_MASK = 1023;

/** Candidate moves m < count: the customer, its gain, what orders the moves (the gain or the reduced gain) and the kind. */
export interface Candidates {
  count: number;
  customer: Int32Array;
  gain: Float64Array;
  key: Float64Array;
  kind: Int32Array;
}

/** Kind b's moves left are `byKind[start[b] .. start[b] + size[b])`, a heap with the best at `start[b]`. */
export interface KindHeaps {
  start: Int32Array;
  size: Int32Array;
  byKind: Int32Array;
}

/** Whether move a goes before move b: the larger key, then the lower customer index (as one stable sort of every move). */
function before(moves: Candidates, a: number, b: number): boolean {
  const { key, customer } = moves;
  return key[a] > key[b] || (key[a] === key[b] && customer[a] < customer[b]);
}

/** Restores kind heap `order[from .. from + size)` below `at`. */
export function siftMoves(moves: Candidates, order: Int32Array, from: number, size: number, at: number): void {
  if (size === 0) return;
  const item = order[from + at];
  for (;;) {
    let child = 2 * at + 1;
    if (child >= size) break;
    if (child + 1 < size && before(moves, order[from + child + 1], order[from + child])) child++;
    if (!before(moves, order[from + child], item)) break;
    order[from + at] = order[from + child];
    at = child;
  }
  order[from + at] = item;
}

/** Restores the heap of kinds `heap[0 .. size)` (by each kind's best move) below `at`. */
export function siftKinds(moves: Candidates, heaps: KindHeaps, heap: Int32Array, size: number, at: number): void {
  if (size === 0) return;
  const { start, byKind } = heaps;
  const item = heap[at];
  for (;;) {
    let child = 2 * at + 1;
    if (child >= size) break;
    if (child + 1 < size && before(moves, byKind[start[heap[child + 1]]], byKind[start[heap[child]]])) child++;
    if (!before(moves, byKind[start[heap[child]]], byKind[start[item]])) break;
    heap[at] = heap[child];
    at = child;
  }
  heap[at] = item;
}

/** The candidates grouped by kind, each kind's a heap. */
export function buildKindHeaps(moves: Candidates, kinds: number): KindHeaps {
  const { count, kind } = moves;
  const start = new Int32Array(kinds + 1);
  for (let m = 0; m < count; m++) start[kind[m] + 1]++;
  for (let b = 0; b < kinds; b++) start[b + 1] += start[b];
  const size = new Int32Array(kinds);
  const byKind = new Int32Array(count);
  for (let m = 0; m < count; m++) byKind[start[kind[m]] + size[kind[m]]++] = m;
  for (let b = 0; b < kinds; b++)
    for (let at = (size[b] >> 1) - 1; at >= 0; at--) siftMoves(moves, byKind, start[b], size[b], at);
  return { start, size, byKind };
}

/** Restores the whole heap of kinds `heap[0 .. size)`. */
export function heapifyKinds(moves: Candidates, heaps: KindHeaps, heap: Int32Array, size: number): void {
  for (let at = (size >> 1) - 1; at >= 0; at--) siftKinds(moves, heaps, heap, size, at);
}

/** Whether class c's move from `from` to `to` keeps its rows at `usage` (a move changes only its class's rows). */
export function fitsAt(relax: Relaxation, usage: Float64Array, c: number, from: number, to: number): boolean {
  return fitsRows(relax, usage, c, from, to, relax.classRows, relax.classRowStart[c], relax.classRowStart[c + 1]);
}

/** Whether class c's move from `from` to `to` keeps rows `rows[first]` to `rows[last - 1]` at `usage`. */
export function fitsRows(
  relax: Relaxation,
  usage: Float64Array,
  c: number,
  from: number,
  to: number,
  rows: ArrayLike<number>,
  first: number,
  last: number,
): boolean {
  for (let q = first; q < last; q++) {
    const r = rows[q];
    if (!holdsAt(relax, r, usage[r] + moveChange(relax, c, from, to, r))) return false;
  }
  return true;
}

/**
 * Makes the best move of a kind that fits, again and again, from the heaps of the kinds: a
 * kind whose move does not fit waits until a move frees some row's slack (nothing else can make
 * it fit). Moves `plan`'s choice and usage; returns its objective.
 */
export function makeMoves(
  relax: Relaxation,
  plan: { choice: Int16Array; usage: Float64Array; objective: number },
  moves: Candidates,
  heaps: KindHeaps,
  stop: () => boolean,
): number {
  const { K, classOf, sign, classRowStart, classRows } = relax;
  const { choice, usage } = plan;
  const options = K + 1;
  const { start, size, byKind } = heaps;
  let objective = plan.objective;
  const kinds = size.length;
  const heap = new Int32Array(kinds);
  let heapSize = 0;
  for (let b = 0; b < kinds; b++) if (size[b] > 0) heap[heapSize++] = b;
  heapifyKinds(moves, heaps, heap, heapSize);
  const waiting: number[] = [];
  for (let step = 0; heapSize > 0; step++) {
    if ((step & STOP_CHECK_MASK) === 0 && stop()) break;
    const b = heap[0];
    const top = byKind[start[b]];
    const i = moves.customer[top];
    const c = classOf[i];
    const from = choice[i];
    const to = (b % options) - 1;
    if (!fitsAt(relax, usage, c, from, to)) {
      waiting.push(b);
      heap[0] = heap[--heapSize];
      siftKinds(moves, heaps, heap, heapSize, 0);
      continue;
    }
    let frees = false;
    for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++) {
      const r = classRows[q];
      const d = moveChange(relax, c, from, to, r);
      usage[r] += d;
      if (sign[r] > 0 ? d < 0 : d > 0) frees = true;
    }
    objective += moves.gain[top];
    choice[i] = to;
    // Each customer is in one kind's heap only, and moves once at most.
    byKind[start[b]] = byKind[start[b] + --size[b]];
    siftMoves(moves, byKind, start[b], size[b], 0);
    if (size[b] > 0) siftKinds(moves, heaps, heap, heapSize, 0);
    else {
      heap[0] = heap[--heapSize];
      siftKinds(moves, heaps, heap, heapSize, 0);
    }
    if (frees && waiting.length > 0) {
      for (const w of waiting) heap[heapSize++] = w;
      waiting.length = 0;
      heapifyKinds(moves, heaps, heap, heapSize);
    }
  }
  return objective;
}
