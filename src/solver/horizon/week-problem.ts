import type { Predictions } from '../../domain/predictions.ts';
import { type Problem } from '../problem.ts';
import { buildLinkingRows } from '../linking-rows.ts';
import type { HorizonModel } from './model.ts';
import { graphOf } from './plan-score.ts';

/**
 * Week t of a horizon plan as a weekly problem, given the plan's weeks before t: a customer may
 * take exactly the actions its sequence graph allows from where those weeks left it, each
 * removing its share of the risk those weeks left (r = p · q · u), and the floors leave out the
 * customers who rest that week, by history or by the plan. With the horizon budget, the
 * week's budget is what the earlier weeks left of it when that is less. The same problem
 * reports a week of the horizon plan and plans a week of the myopic baseline.
 */
export function weekProblem(
  model: HorizonModel,
  predictions: Predictions,
  choices: Int16Array,
  t: number,
): { problem: Problem; remaining: Float64Array } {
  const { n, K, actions, policy, costWeight } = model;
  const value = new Float64Array(n * K).fill(Number.NaN);
  const reduction = new Float64Array(n * K).fill(Number.NaN);
  const remaining = new Float64Array(n);
  const resting = new Uint8Array(n);
  let restingCount = 0;
  let spent = 0;
  for (let i = 0; i < n; i++) {
    const graph = graphOf(model, i);
    let node = 0;
    let q = 1;
    for (let s = 0; s < t; s++) {
      const k = choices[s * n + i];
      for (let e = graph.edgeStart[node]; e < graph.edgeStart[node + 1]; e++) {
        if (graph.edgeAction[e] !== k) continue;
        q *= graph.edgeFactor[e];
        node = graph.edgeTo[e];
        break;
      }
      if (k >= 0) spent += actions[k].cost;
    }
    remaining[i] = q;
    if (model.resting[t * n + i] || graph.nodeRests[node]) {
      resting[i] = 1;
      restingCount++;
    }
    const p = predictions.p[i];
    for (let e = graph.edgeStart[node]; e < graph.edgeStart[node + 1]; e++) {
      const k = graph.edgeAction[e];
      if (k < 0) continue;
      const r = p * q * (1 - graph.edgeFactor[e]);
      reduction[i * K + k] = r;
      value[i * K + k] = model.weight[i] * q * (1 - graph.edgeFactor[e]) - costWeight * actions[k].cost;
    }
  }
  const budget =
    policy.horizon_budget === undefined || model.weeks === 1
      ? policy.budget
      : Math.min(policy.budget, policy.horizon_budget - spent);
  const rows = buildLinkingRows(predictions, actions, { ...policy, budget: Math.max(0, budget) }, resting);
  return { problem: { n, K, actions, value, reduction, rows, restingCustomers: restingCount, resting }, remaining };
}
