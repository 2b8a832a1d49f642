import type { HorizonModel } from './model.ts';
import type { SequenceHulls } from './sequence-dp.ts';
import { graphOf } from './plan-score.ts';

/** One sequence for one customer with its reduced value at the multipliers and its true objective. */
export interface NearSequence {
  actions: Int16Array;
  /** 1 in the weeks the customer rests because of the sequence's own contacts. */
  rests: Uint8Array;
  reduced: number;
  /** Its true objective for this customer: w·(1 − q) − κ·cost. */
  value: number;
  /** The share of risk it leaves and what it costs: its value for any weight w. */
  q: number;
  cost: number;
}

/** Two sequences leave the same share of risk when their products agree to rounding: they are worth the same for every weight. */
export const SAME_RISK = 1e-12;

/** A type's hulls at λ and the penalties they were solved with (`weekPenalties`). */
export interface PricedTypes {
  hulls: SequenceHulls[];
  penalty: Float64Array;
}

/**
 * Depth-first search over customer i's sequence graph, visiting every complete sequence whose
 * reduced value may reach `floor()` (re-read at every step, so a caller can raise it). The
 * labels of a node bound every completion from it exactly: a prefix leaving share q of the risk
 * at penalised cost h completes to at most w − h − min over labels (w·q·Q + H).
 */
function searchSequences(
  model: HorizonModel,
  priced: PricedTypes,
  i: number,
  floor: () => number,
  visit: (actions: Int16Array, rests: Uint8Array, reduced: number, q: number, cost: number) => void,
): void {
  const { weeks: W, K, actions } = model;
  const type = model.types[model.typeOf[i]];
  const hulls = priced.hulls[model.typeOf[i]];
  const graph = graphOf(model, i);
  const w = model.weight[i];
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
  const step = (x: number, t: number, q: number, h: number, cost: number): void => {
    if (t === W) {
      visit(path, rests, w * (1 - q) - h, q, cost);
      return;
    }
    const first = graph.edgeStart[x];
    const last = graph.edgeStart[x + 1];
    const bounds: { e: number; bound: number }[] = [];
    for (let e = first; e < last; e++) {
      const hh = h + price(x, t, graph.edgeAction[e]);
      bounds.push({ e, bound: completion(graph.edgeTo[e], q * graph.edgeFactor[e], hh) });
    }
    bounds.sort((x1, x2) => x2.bound - x1.bound);
    for (const { e, bound } of bounds) {
      if (bound < floor()) break;
      const a = graph.edgeAction[e];
      path[t] = a;
      rests[t] = graph.nodeRests[x];
      step(graph.edgeTo[e], t + 1, q * graph.edgeFactor[e], h + price(x, t, a), cost + (a < 0 ? 0 : actions[a].cost));
    }
  };
  step(0, 0, 1, 0, 0);
}

/**
 * Customer i's best reduced value at the multipliers and the best among sequences that leave
 * a different share of risk (-Infinity when there is none). Sequences leaving the same share
 * differ by a constant for every weight (their costs): they are handled by counts, not here.
 */
export function topTwo(model: HorizonModel, priced: PricedTypes, i: number): { best: number; second: number } {
  let best = -Infinity;
  let bestQ = Number.NaN;
  let second = -Infinity;
  searchSequences(
    model,
    priced,
    i,
    () => second,
    (_, __, reduced, q) => {
      const other = !(Math.abs(q - bestQ) <= SAME_RISK);
      if (reduced > best) {
        if (other) second = Math.max(second, best);
        best = reduced;
        bestQ = q;
      } else if (other && reduced > second) second = reduced;
    },
  );
  return { best, second };
}

/**
 * The best sequences of customer i whose reduced value is at least `floor`, best first, at
 * most `cap` of them; `complete` is false when some sequence above the floor was left out.
 */
export function sequencesAbove(
  model: HorizonModel,
  priced: PricedTypes,
  i: number,
  floor: number,
  cap: number,
): { found: NearSequence[]; complete: boolean } {
  const found: NearSequence[] = [];
  let complete = true;
  searchSequences(
    model,
    priced,
    i,
    () => (found.length === cap ? Math.max(floor, found[cap - 1].reduced) : floor),
    (path, restsAt, reduced, q, cost) => {
      if (reduced < floor) return;
      if (found.length === cap) {
        complete = false;
        if (reduced <= found[cap - 1].reduced) return;
        found.pop();
      }
      let at = found.length;
      while (at > 0 && found[at - 1].reduced < reduced) at--;
      const value = model.weight[i] * (1 - q) - model.costWeight * cost;
      found.splice(at, 0, { actions: Int16Array.from(path), rests: Uint8Array.from(restsAt), reduced, value, q, cost });
    },
  );
  return { found, complete };
}
