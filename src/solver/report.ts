import type { Action } from '../domain/catalog.ts';
import type { ActionMixRow, BaselineKpis, SegmentCoverageRow } from '../domain/plan.ts';
import type { Policy } from '../domain/policy.ts';
import type { Predictions } from '../domain/predictions.ts';
import { computeKpis, rowHolds, rowUsage } from './kpis.ts';
import type { Problem } from './problem.ts';

/** How many customers get each action, what it costs, and the split by segment. */
export function summariseActionMix(problem: Problem, predictions: Predictions, choice: Int16Array): ActionMixRow[] {
  const rows = problem.actions.map((action: Action) => ({
    action_id: action.id,
    action_name: action.name,
    channel: action.channel,
    customers: 0,
    spend: 0,
    by_segment: Object.fromEntries(predictions.segments.map((s) => [s, 0])) as Record<string, number>,
  }));
  for (let i = 0; i < problem.n; i++) {
    const k = choice[i];
    if (k < 0) continue;
    const row = rows[k];
    row.customers++;
    row.spend += problem.actions[k].cost;
    row.by_segment[predictions.segments[predictions.segmentOf[i]]]++;
  }
  return rows.filter((row) => row.customers > 0).sort((a, b) => b.customers - a.customers || a.action_id - b.action_id);
}

/**
 * Treated share of every segment against the least number the policy asks for, read from the
 * model's own floor rows so the report and the constraints can never disagree.
 */
export function summariseCoverage(problem: Problem, predictions: Predictions, choice: Int16Array, policy: Policy): SegmentCoverageRow[] {
  const size = predictions.segments.map(() => 0);
  const treated = predictions.segments.map(() => 0);
  for (let i = 0; i < predictions.ids.length; i++) {
    size[predictions.segmentOf[i]]++;
    if (choice[i] >= 0) treated[predictions.segmentOf[i]]++;
  }
  const limitOf = (name: string): number => problem.rows.find((row) => row.name === name)?.limit ?? 0;
  return predictions.segments.map((segment, s) => {
    const premiumFloor = segment === policy.premium_segment ? limitOf('min_premium') : 0;
    const floor = Math.max(limitOf(`min_segment_coverage:${segment}`), premiumFloor);
    return { segment, customers: size[s], treated: treated[s], share: size[s] > 0 ? treated[s] / size[s] : 0, floor };
  });
}

function baseline(name: BaselineKpis['name'], description: string, problem: Problem, predictions: Predictions, choice: Int16Array): BaselineKpis {
  const kpis = computeKpis(problem, predictions, choice, undefined, 0);
  const used = rowUsage(problem, choice);
  const meets = problem.rows.every((row, r) => rowHolds(row, used[r]));
  return { name, description, customers_treated: kpis.customers_treated, total_spend: kpis.total_spend, expected_retained_clv: kpis.expected_retained_clv, net_value: kpis.net_value, meets_policy: meets };
}

/**
 * The comparisons of the reference analysis: doing nothing, and sending the cheapest email
 * action to every customer eligible for it (ignoring the budget and caps, as a blanket
 * campaign would).
 */
export function compareBaselines(problem: Problem, predictions: Predictions): BaselineKpis[] {
  const nothing = new Int16Array(problem.n).fill(-1);
  const result = [baseline('do_nothing', 'No customer is contacted', problem, predictions, nothing)];
  let email = -1;
  problem.actions.forEach((action, k) => {
    if (action.channel === 'email' && (email < 0 || action.cost < problem.actions[email].cost)) email = k;
  });
  if (email >= 0) {
    const everyone = new Int16Array(problem.n).fill(-1);
    for (let i = 0; i < problem.n; i++) if (!Number.isNaN(problem.value[i * problem.K + email])) everyone[i] = email;
    result.push(baseline('email_everyone', `${problem.actions[email].name} to every eligible customer`, problem, predictions, everyone));
  }
  return result;
}
