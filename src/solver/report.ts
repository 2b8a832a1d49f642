import type { Action } from '../domain/catalog.ts';
import type { ActionMixRow, BaselineKpis, Kpis, SegmentCoverageRow } from '../domain/plan.ts';
import type { Policy } from '../domain/policy.ts';
import type { Predictions } from '../domain/predictions.ts';
import { computeKpis, rowHolds, rowUsage } from './kpis.ts';
import { type Problem } from './problem.ts';
import { sameRowCoefficients, type LinkingRow } from './linking-rows.ts';

/** How many customers get each action, what it costs, and the split by segment. */
export function summariseActionMix(problem: Problem, predictions: Predictions, choice: Int16Array): ActionMixRow[] {
  const S = predictions.segments.length;
  const counts = new Float64Array(problem.K * S);
  for (let i = 0; i < problem.n; i++) if (choice[i] >= 0) counts[choice[i] * S + predictions.segmentOf[i]]++;
  const rows = problem.actions.map((action: Action, k) => {
    const by = counts.subarray(k * S, (k + 1) * S);
    const customers = by.reduce((sum, x) => sum + x, 0);
    return {
      action_id: action.id,
      action_name: action.name,
      channel: action.channel,
      customers,
      spend: customers * action.cost,
      by_segment: Object.fromEntries(predictions.segments.map((segment, s) => [segment, by[s]])),
    };
  });
  return rows.filter((row) => row.customers > 0).sort((a, b) => b.customers - a.customers || a.action_id - b.action_id);
}

/**
 * Treated share of every segment against the least number the policy asks for, read from the
 * model's own floor rows so the report and the constraints can never disagree. With a drawn
 * `holdout`, each row also counts the treated customers the sent campaign reaches.
 */
export function summariseCoverage(
  problem: Problem,
  predictions: Predictions,
  choice: Int16Array,
  policy: Policy,
  holdout?: Uint8Array,
): SegmentCoverageRow[] {
  const size = new Float64Array(predictions.segments.length);
  const treated = new Float64Array(predictions.segments.length);
  const held = new Float64Array(predictions.segments.length);
  const { segmentOf } = predictions;
  for (let i = 0; i < problem.n; i++) {
    size[segmentOf[i]]++;
    treated[segmentOf[i]] += choice[i] >= 0 ? 1 : 0;
    if (holdout && choice[i] >= 0) held[segmentOf[i]] += holdout[i];
  }
  const anyHeld = held.some((x) => x > 0);
  const limitOf = (name: string): number => problem.rows.find((row) => row.name === name)?.limit ?? 0;
  return predictions.segments.map((segment, s) => {
    const premiumFloor = segment === policy.premium_segment ? limitOf('min_premium') : 0;
    const floor = Math.max(limitOf(`min_segment_coverage:${segment}`), premiumFloor);
    const sent = anyHeld ? { sent_treated: treated[s] - held[s] } : {};
    return {
      segment,
      customers: size[s],
      treated: treated[s],
      share: size[s] > 0 ? treated[s] / size[s] : 0,
      floor,
      ...sent,
    };
  });
}

interface BaselinePlan {
  name: BaselineKpis['name'];
  description: string;
  kpis: Kpis;
  used: Float64Array;
}

/** The baselines of the last problems seen, by value array: the levels of a sweep share them and differ only in limits. */
const baselinePlans = new WeakMap<
  Float64Array,
  { predictions: Predictions; rows: readonly LinkingRow[]; plans: BaselinePlan[] }
>();

function planBaselines(problem: Problem, predictions: Predictions): BaselinePlan[] {
  const known = baselinePlans.get(problem.value);
  if (known && known.predictions === predictions && sameRowCoefficients(known.rows, problem.rows)) return known.plans;
  const plan = (name: BaselineKpis['name'], description: string, choice: Int16Array): BaselinePlan => ({
    name,
    description,
    kpis: computeKpis(problem, predictions, choice, undefined, 0),
    used: rowUsage(problem, choice),
  });
  const plans = [plan('do_nothing', 'No customer is contacted', new Int16Array(problem.n).fill(-1))];
  let email = -1;
  problem.actions.forEach((action, k) => {
    if (action.channel === 'email' && (email < 0 || action.cost < problem.actions[email].cost)) email = k;
  });
  if (email >= 0) {
    const everyone = new Int16Array(problem.n).fill(-1);
    for (let i = 0; i < problem.n; i++) if (!Number.isNaN(problem.value[i * problem.K + email])) everyone[i] = email;
    plans.push(plan('email_everyone', `${problem.actions[email].name} to every eligible customer`, everyone));
  }
  baselinePlans.set(problem.value, { predictions, rows: problem.rows, plans });
  return plans;
}

/**
 * The comparisons of the reference analysis: doing nothing, and sending the cheapest email
 * action to every customer eligible for it (ignoring the budget and caps, as a blanket
 * campaign would). Whether each meets the policy is judged against `problem`'s own limits.
 */
export function compareBaselines(problem: Problem, predictions: Predictions): BaselineKpis[] {
  return planBaselines(problem, predictions).map(({ name, description, kpis, used }) => ({
    name,
    description,
    customers_treated: kpis.customers_treated,
    total_spend: kpis.total_spend,
    expected_retained_clv: kpis.expected_retained_clv,
    net_value: kpis.net_value,
    meets_policy: problem.rows.every((row, r) => rowHolds(row, used[r])),
  }));
}
