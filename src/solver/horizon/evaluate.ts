import type { HorizonModel } from './model.ts';
import { LabelStore, rootCut, solveSequenceHulls, type SequenceHulls } from './sequence-dp.ts';

/** L(λ), a subgradient and the row usage of the relaxed choice: the shape the cutting-plane master reads. */
export interface HorizonPoint {
  lambda: Float64Array;
  /** L(λ): an upper bound on every plan's objective. */
  value: number;
  subgradient: Float64Array;
  usage: Float64Array;
}

/** Buffers reused across evaluations. */
export interface HorizonWork {
  penalty: Float64Array;
  counts: Float64Array;
  store: LabelStore;
  /** Types solved, over all evaluations (a measure of work). */
  evaluated: number;
}

export function createHorizonWork(model: HorizonModel): HorizonWork {
  const { C } = model.relax;
  return {
    penalty: new Float64Array(C * model.weeks * (model.K + 1)),
    counts: new Float64Array(model.weeks * C * (model.K + 1)),
    store: new LabelStore(),
    evaluated: 0,
  };
}

/**
 * The price of action k in week t for class c at `(c * W + t) * (K + 1) + k`: its cost where
 * the objective counts it, plus Σ λ_r · sign_r · a_r over week t's rows and the horizon budget;
 * at slot K, the price of resting that week because of the plan's own contacts (see `restCoef`).
 */
export function weekPenalties(model: HorizonModel, lambda: Float64Array, out: Float64Array): Float64Array {
  const { K, weeks: W, actions, costWeight, restCoef } = model;
  const { C, R, rowCoef, sign } = model.relax;
  const P = K + 1;
  const horizonRow = W * model.weekRows < R ? R - 1 : -1;
  for (let c = 0; c < C; c++) {
    for (let t = 0; t < W; t++) {
      const base = (c * W + t) * P;
      for (let k = 0; k < K; k++) out[base + k] = costWeight * actions[k].cost;
      out[base + K] = 0;
      const rows = horizonRow >= 0 ? [horizonRow] : [];
      for (let r = t * model.weekRows; r < (t + 1) * model.weekRows; r++) rows.push(r);
      for (const r of rows) {
        const w = lambda[r] * sign[r];
        if (w === 0) continue;
        const coef = (c * R + r) * K;
        for (let k = 0; k < K; k++) out[base + k] += w * rowCoef[coef + k];
        out[base + K] += w * restCoef[c * R + r];
      }
    }
  }
  return out;
}

/** How many of `weights` (descending) are strictly above `cut`. */
export function countAbove(weights: Float64Array, cut: number): number {
  let lo = 0;
  let hi = weights.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (weights[mid] > cut) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * For each root label of a type, the customers (positions in the type's order) it is best for:
 * label j serves positions from[j] .. from[j + 1].
 */
export function labelRanges(hulls: SequenceHulls, weights: Float64Array): Int32Array {
  const labels = hulls.labelEnd[0] - hulls.labelStart[0];
  const from = new Int32Array(labels + 1);
  for (let j = 0; j < labels - 1; j++) from[j + 1] = Math.max(from[j], countAbove(weights, rootCut(hulls, j)));
  from[labels] = weights.length;
  return from;
}

/** Row usage from customers per (week, class, action), `counts[(t * C + c) * (K + 1) + k]`, resting at k = K. */
export function usageOfCounts(model: HorizonModel, counts: Float64Array): Float64Array {
  const { K, weeks: W, restCoef } = model;
  const { C, R, rowCoef } = model.relax;
  const P = K + 1;
  const usage = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    const week = r < W * model.weekRows ? Math.floor(r / model.weekRows) : -1;
    let sum = 0;
    for (let t = week < 0 ? 0 : week; t <= (week < 0 ? W - 1 : week); t++)
      for (let c = 0; c < C; c++) {
        const coef = (c * R + r) * K;
        const count = (t * C + c) * P;
        for (let k = 0; k < K; k++) sum += counts[count + k] * rowCoef[coef + k];
        sum += counts[count + K] * restCoef[c * R + r];
      }
    usage[r] = sum;
  }
  return usage;
}

/**
 * Evaluates the Lagrangian at λ ≥ 0: every customer takes its best sequence by reduced value
 * (no action wins ties). One dynamic program per type; each type's customers split between its
 * root labels by weight, summed with prefix sums, so a pass costs the same for any number of
 * customers. `retain` receives each type's hulls (in their own storage) when given.
 */
export function evaluateHorizon(
  model: HorizonModel,
  lambda: Float64Array,
  work: HorizonWork,
  retain?: (type: number, hulls: SequenceHulls) => void,
): HorizonPoint {
  const { K, weeks: W, graphs, types } = model;
  const { C, R, sign, limit } = model.relax;
  const P = K + 1;
  const penalty = weekPenalties(model, lambda, work.penalty);
  const counts = work.counts.fill(0);
  let total = 0;
  types.forEach((type, at) => {
    const graph = graphs[type.graph];
    const store = retain ? new LabelStore() : work.store;
    const hulls = solveSequenceHulls(graph, penalty.subarray(type.cls * W * P, (type.cls + 1) * W * P), K, store);
    const from = labelRanges(hulls, type.weights);
    for (let j = 0; j + 1 < from.length; j++) {
      const m = from[j + 1] - from[j];
      if (m === 0) continue;
      const l = hulls.labelStart[0] + j;
      total += (1 - hulls.q[l]) * (type.prefix[from[j + 1]] - type.prefix[from[j]]) - hulls.h[l] * m;
      let step = l;
      let node = 0;
      for (let t = 0; t < W; t++) {
        const e = hulls.edge[step];
        const a = graph.edgeAction[e];
        if (a >= 0 || graph.nodeRests[node]) counts[(t * C + type.cls) * P + (a >= 0 ? a : K)] += m;
        node = graph.edgeTo[e];
        step = hulls.next[step];
      }
    }
    retain?.(at, hulls);
  });
  work.evaluated += types.length;
  const usage = usageOfCounts(model, counts);
  const subgradient = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    total += lambda[r] * sign[r] * limit[r];
    subgradient[r] = sign[r] * (limit[r] - usage[r]);
  }
  return { lambda: Float64Array.from(lambda), value: total, subgradient, usage };
}
