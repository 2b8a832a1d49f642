import type { HorizonModel } from './model.ts';
import type { SequenceHulls } from './sequence-dp.ts';

/** One sequence of a type's graph with its reduced value at the multipliers for one weight. */
export interface NearSequence {
  actions: Int16Array;
  /** 1 in the weeks the customer rests because of the sequence's own contacts. */
  rests: Uint8Array;
  /** The share of risk it leaves, what it costs, and its penalised cost H at the multipliers. */
  q: number;
  cost: number;
  h: number;
}

/** Two sequences leave the same share of risk when their products agree to rounding: they are worth the same for every weight. */
export const SAME_RISK = 1e-12;

/** A type's hulls at λ and the penalties they were solved with (`weekPenalties`). */
export interface PricedTypes {
  hulls: SequenceHulls[];
  penalty: Float64Array;
}

/**
 * Depth-first search over the sequence graph of type `at`, visiting every complete sequence
 * whose reduced value w·(1 − Q) − H for weight `w` may reach `floor()` (re-read at every step,
 * so a caller can raise it). The labels of a node bound every completion from it exactly: a
 * prefix leaving share q of the risk at penalised cost h completes to at most
 * w − h − min over labels (w·q·Q + H).
 */
function searchSequences(
  model: HorizonModel,
  priced: PricedTypes,
  at: number,
  w: number,
  floor: () => number,
  visit: (actions: Int16Array, rests: Uint8Array, q: number, h: number, cost: number) => void,
): void {
  const { weeks: W, K, actions } = model;
  const type = model.types[at];
  const hulls = priced.hulls[at];
  const graph = model.graphs[type.graph];
  const penalty = priced.penalty;
  const P = K + 1;
  const base = type.cls * W * P;
  const path = new Int16Array(W);
  const rests = new Uint8Array(W);
  const price = (x: number, t: number, a: number): number =>
    a >= 0 ? penalty[base + t * P + a] : graph.nodeRests[x] ? penalty[base + t * P + K] : 0;
  const completion = (x: number, q: number, h: number): number => {
    let least = Infinity;
    for (let l = hulls.labelStart[x]; l < hulls.labelEnd[x]; l++)
      least = Math.min(least, w * q * hulls.q[l] + hulls.h[l]);
    return w - h - least;
  };
  // Per depth, the edges out of the node in the order they are tried (best bound first): no allocation per node.
  let degree = 0;
  for (let x = 0; x + 1 < graph.edgeStart.length; x++)
    degree = Math.max(degree, graph.edgeStart[x + 1] - graph.edgeStart[x]);
  const order = Array.from({ length: W }, () => new Int32Array(degree));
  const bound = Array.from({ length: W }, () => new Float64Array(degree));
  const step = (x: number, t: number, q: number, h: number, cost: number): void => {
    if (t === W) {
      visit(path, rests, q, h, cost);
      return;
    }
    const edges = order[t];
    const bounds = bound[t];
    let count = 0;
    for (let e = graph.edgeStart[x]; e < graph.edgeStart[x + 1]; e++) {
      const value = completion(graph.edgeTo[e], q * graph.edgeFactor[e], h + price(x, t, graph.edgeAction[e]));
      // A stable insertion, best first: ties keep the graph's order.
      let slot = count++;
      while (slot > 0 && bounds[slot - 1] < value) {
        bounds[slot] = bounds[slot - 1];
        edges[slot] = edges[slot - 1];
        slot--;
      }
      bounds[slot] = value;
      edges[slot] = e;
    }
    for (let k = 0; k < count; k++) {
      if (bounds[k] < floor()) break;
      const e = edges[k];
      const a = graph.edgeAction[e];
      path[t] = a;
      rests[t] = graph.nodeRests[x];
      step(graph.edgeTo[e], t + 1, q * graph.edgeFactor[e], h + price(x, t, a), cost + (a < 0 ? 0 : actions[a].cost));
    }
  };
  step(0, 0, 1, 0, 0);
}

/** Steps of the search between two looks at the clock. */
const CLOCK_STRIDE = 1024;

/**
 * The sequences of type `at` whose reduced value for weight `w` is at least `floor`, at most
 * `cap` of them (the best); `complete` is false when some sequence above the floor was left out,
 * or when `outOfTime` (asked every {@link CLOCK_STRIDE} steps) said so and the search stopped.
 */
export function sequencesAbove(
  model: HorizonModel,
  priced: PricedTypes,
  at: number,
  w: number,
  floor: number,
  cap: number,
  outOfTime: () => boolean = () => false,
): { found: NearSequence[]; complete: boolean } {
  const found: { sequence: NearSequence; reduced: number }[] = [];
  let complete = true;
  let steps = 0;
  let stopped = false;
  const least = () => {
    if (!stopped && ++steps % CLOCK_STRIDE === 0 && outOfTime()) stopped = true;
    if (stopped) return Infinity;
    return found.length === cap ? Math.max(floor, found[cap - 1].reduced) : floor;
  };
  searchSequences(model, priced, at, w, least, (path, restsAt, q, h, cost) => {
    const reduced = w * (1 - q) - h;
    if (reduced < floor) return;
    if (found.length === cap) {
      complete = false;
      if (reduced <= found[cap - 1].reduced) return;
      found.pop();
    }
    // After every sequence at least as good (the list runs best first): a binary search.
    let slot = 0;
    let past = found.length;
    while (slot < past) {
      const mid = (slot + past) >>> 1;
      if (found[mid].reduced >= reduced) slot = mid + 1;
      else past = mid;
    }
    const sequence = { actions: Int16Array.from(path), rests: Uint8Array.from(restsAt), q, cost, h };
    found.splice(slot, 0, { sequence, reduced });
  });
  return { found: found.map((f) => f.sequence), complete: complete && !stopped };
}
