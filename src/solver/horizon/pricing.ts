import { evaluateHorizon, createHorizonWork, labelRanges, weekPenalties, type HorizonPoint } from './evaluate.ts';
import type { HorizonModel } from './model.ts';
import { topTwo, type PricedTypes } from './near-sequences.ts';
import { readSequence, type SequenceHulls } from './sequence-dp.ts';

/**
 * Everything the primal steps read at one point λ of the dual: each type's hulls, each
 * customer's relaxed (best) sequence, its reduced value and its margin over the best sequence
 * that leaves a different share of risk. A customer whose margin exceeds the gap between the
 * bound and a plan takes, in every better plan, a sequence leaving the same share as its best
 * (exact reduced-cost fixing); its type's customers on the same root label share those.
 */
export interface Pricing extends PricedTypes {
  point: HorizonPoint;
  /** The relaxed choice, `choices[t * n + i]`. */
  relaxed: Int16Array;
  /** Per type, the positions each root label is best for (see `labelRanges`). */
  ranges: Int32Array[];
  best: Float64Array;
  /** Best reduced value less the best of a sequence leaving a different share of risk. */
  margin: Float64Array;
}

/** Prices every customer at the point's multipliers. */
export function priceCustomers(model: HorizonModel, point: HorizonPoint): Pricing {
  const { n, weeks: W } = model;
  const hulls: SequenceHulls[] = [];
  const work = createHorizonWork(model);
  const again = evaluateHorizon(model, point.lambda, work, (type, solved) => (hulls[type] = solved));
  const penalty = weekPenalties(model, point.lambda, new Float64Array(work.penalty.length));
  const relaxed = new Int16Array(W * n).fill(-1);
  const best = new Float64Array(n);
  const sequence = new Int16Array(W);
  const ranges = model.types.map((type, at) => {
    const solved = hulls[at];
    const graph = model.graphs[type.graph];
    const from = labelRanges(solved, type.weights);
    for (let j = 0; j + 1 < from.length; j++) {
      const l = solved.labelStart[0] + j;
      readSequence(graph, solved, l, sequence);
      for (let at2 = from[j]; at2 < from[j + 1]; at2++) {
        const i = type.customers[at2];
        for (let t = 0; t < W; t++) relaxed[t * n + i] = sequence[t];
        best[i] = type.weights[at2] * (1 - solved.q[l]) - solved.h[l];
      }
    }
    return from;
  });
  const priced = { hulls, penalty };
  const margin = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const two = topTwo(model, priced, i);
    margin[i] = two.best - two.second;
  }
  return { ...priced, point: again, relaxed, ranges, best, margin };
}
