import { usageOfCounts } from './evaluate.ts';
import type { HorizonModel } from './model.ts';
import { findEdge, type SequenceGraph } from './sequence-graph.ts';

/** A plan over the horizon: `choices[t * n + i]` is customer i's action index in week t, -1 for none. */
export interface ScoredHorizonPlan {
  choices: Int16Array;
  objective: number;
  usage: Float64Array;
}

/** The sequence graph customer i follows. */
export function graphOf(model: HorizonModel, i: number): SequenceGraph {
  return model.graphs[model.types[model.typeOf[i]].graph];
}

/**
 * Follows customer i's sequence through its graph, calling `onWeek` with each week's action and
 * the share of the remaining risk it leaves. Returns the share left at the end, or NaN when a
 * contact rule forbids the sequence (no such edge).
 */
export function walkSequence(
  model: HorizonModel,
  i: number,
  choices: Int16Array,
  onWeek?: (t: number, k: number, factor: number, remaining: number, rests: boolean) => void,
): number {
  const graph = graphOf(model, i);
  let node = 0;
  let q = 1;
  for (let t = 0; t < model.weeks; t++) {
    const k = choices[t * model.n + i];
    const e = findEdge(graph, node, k);
    if (e < 0) return Number.NaN;
    onWeek?.(t, k, graph.edgeFactor[e], q, graph.nodeRests[node] === 1);
    q *= graph.edgeFactor[e];
    node = graph.edgeTo[e];
  }
  return q;
}

/**
 * The objective and row usage of a plan, or undefined when some customer's sequence breaks a
 * contact rule or is not eligible.
 */
export function scoreHorizonPlan(model: HorizonModel, choices: Int16Array): ScoredHorizonPlan | undefined {
  const { n, K, weeks: W, actions, costWeight, weight } = model;
  const { C, classOf } = model.relax;
  const counts = new Float64Array(W * C * (K + 1));
  let objective = 0;
  for (let i = 0; i < n; i++) {
    let cost = 0;
    const q = walkSequence(model, i, choices, (t, k, _, __, rests) => {
      if (k >= 0) cost += actions[k].cost;
      if (k >= 0 || rests) counts[(t * C + classOf[i]) * (K + 1) + (k >= 0 ? k : K)]++;
    });
    if (Number.isNaN(q)) return undefined;
    objective += weight[i] * (1 - q) - costWeight * cost;
  }
  return { choices, objective, usage: usageOfCounts(model, counts) };
}

/** Rows' allowed slack on the limits snapped to their grids: the decomposition's tolerance. */
export const rowTolerance = (limit: number): number => 1e-9 * Math.max(1, Math.abs(limit));

/**
 * True when the usage keeps every row: its limit on the grid of its coefficients (which every
 * plan the rule allows keeps), within a rounding tolerance. The bound holds for these plans.
 */
export function keepsHorizonRows(model: HorizonModel, usage: Float64Array): boolean {
  const { limit, sign } = model.relax;
  return model.rows.every((_, r) =>
    sign[r] > 0 ? usage[r] <= limit[r] + rowTolerance(limit[r]) : usage[r] >= limit[r] - rowTolerance(limit[r]),
  );
}
