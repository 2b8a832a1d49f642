/**
 * The independent checker: verifies a plan against every rule of SPEC 3 and recomputes every
 * KPI of SPEC 3, from the raw inputs only. It shares no code with the model builder or the
 * solver on purpose — it reads the catalog, the predictions and the policy itself.
 */
import type { Action } from '../../src/domain/catalog.ts';
import type { Policy } from '../../src/domain/policy.ts';
import type { Predictions } from '../../src/domain/predictions.ts';

export interface CheckedPlan {
  violations: string[];
  kpis: { treated: number; spend: number; retained: number; net: number; churnReduction: number; roi: number };
  objective: number;
}

/** Smallest whole number >= share * size, computed on integers where the share is a round percentage. */
function atLeast(share: number, size: number): number {
  const exact = share * size;
  const rounded = Math.round(exact);
  return Math.abs(exact - rounded) < 1e-7 ? rounded : Math.ceil(exact);
}

function atMost(share: number, size: number): number {
  const exact = share * size;
  const rounded = Math.round(exact);
  return Math.abs(exact - rounded) < 1e-7 ? rounded : Math.floor(exact);
}

function reductionOf(predictions: Predictions, action: Action, i: number): number {
  const column = predictions.reductions.get(action.id);
  if (column && !Number.isNaN(column[i])) return column[i];
  return predictions.p[i] * action.uplift;
}

/**
 * Checks `assigned`: customer index -> action id (0 or absent = nothing).
 * Returns every violated rule (empty when the plan is valid) and the recomputed KPIs.
 * `resting` (customer indices that contact history keeps from every action this week) are left
 * out of the populations the coverage floors are shares of, and must not be treated.
 */
export function checkPlan(
  predictions: Predictions,
  catalog: readonly Action[],
  policy: Policy,
  assigned: ReadonlyMap<number, number>,
  resting: ReadonlySet<number> = new Set(),
): CheckedPlan {
  const violations: string[] = [];
  const byId = new Map(catalog.map((a) => [a.id, a]));
  const n = predictions.ids.length;
  let spend = 0;
  let retained = 0;
  let churnReduction = 0;
  let objective = 0;
  let emails = 0;
  let pushes = 0;
  let treated = 0;
  const perAction = new Map<number, number>();
  const treatedBySegment = new Map<string, number>();
  const sizeBySegment = new Map<string, number>();
  let highRisk = 0;
  let highRiskTreated = 0;

  for (let i = 0; i < n; i++) {
    const segment = predictions.segments[predictions.segmentOf[i]];
    const actionId = assigned.get(i) ?? 0;
    if (resting.has(i)) {
      if (actionId !== 0)
        violations.push(`customer ${predictions.ids.at(i)} rests this week but is given action ${actionId}`);
      continue;
    }
    sizeBySegment.set(segment, (sizeBySegment.get(segment) ?? 0) + 1);
    const isHigh = predictions.p[i] > policy.high_risk_threshold;
    if (isHigh) highRisk++;
    if (actionId === 0) continue;
    const action = byId.get(actionId);
    if (!action) {
      violations.push(`customer ${predictions.ids.at(i)} has unknown action ${actionId}`);
      continue;
    }
    if (action.eligible_segments && !action.eligible_segments.includes(segment))
      violations.push(`customer ${predictions.ids.at(i)} (${segment}) is not eligible for action ${actionId}`);
    if (action.min_churn_probability !== undefined && predictions.p[i] < action.min_churn_probability)
      violations.push(`customer ${predictions.ids.at(i)} is below action ${actionId}'s min churn probability`);
    if (action.max_churn_probability !== undefined && predictions.p[i] > action.max_churn_probability)
      violations.push(`customer ${predictions.ids.at(i)} is above action ${actionId}'s max churn probability`);
    treated++;
    if (isHigh) highRiskTreated++;
    treatedBySegment.set(segment, (treatedBySegment.get(segment) ?? 0) + 1);
    perAction.set(actionId, (perAction.get(actionId) ?? 0) + 1);
    if (action.channel === 'email') emails++;
    if (action.channel === 'push' || action.channel === 'in_app') pushes++;
    const r = reductionOf(predictions, action, i);
    spend += action.cost;
    retained += r * predictions.v[i];
    churnReduction += r;
    objective +=
      policy.objective === 'net_value'
        ? r * predictions.v[i] - action.cost
        : policy.objective === 'retained_clv'
          ? r * predictions.v[i]
          : r;
  }

  const tolerance = 1e-6 * Math.max(1, policy.budget);
  if (spend > policy.budget + tolerance) violations.push(`spend ${spend} exceeds budget ${policy.budget}`);
  if (emails > policy.email_cap) violations.push(`${emails} emails exceed email_cap ${policy.email_cap}`);
  if (pushes > policy.push_cap) violations.push(`${pushes} push/in-app exceed push_cap ${policy.push_cap}`);
  if (highRiskTreated < atLeast(policy.min_high_risk, highRisk))
    violations.push(`high-risk treated ${highRiskTreated} < ${atLeast(policy.min_high_risk, highRisk)}`);
  const premiumSize = sizeBySegment.get(policy.premium_segment) ?? 0;
  const premiumTreated = treatedBySegment.get(policy.premium_segment) ?? 0;
  if (premiumTreated < atLeast(policy.min_premium, premiumSize))
    violations.push(`premium treated ${premiumTreated} < ${atLeast(policy.min_premium, premiumSize)}`);
  for (const [actionId, used] of perAction) {
    if (used > atMost(policy.max_action_share, n))
      violations.push(`action ${actionId} given ${used} times > ${atMost(policy.max_action_share, n)}`);
  }
  for (const [segment, size] of sizeBySegment) {
    const got = treatedBySegment.get(segment) ?? 0;
    if (got < atLeast(policy.min_segment_coverage, size))
      violations.push(`segment ${segment} treated ${got} < ${atLeast(policy.min_segment_coverage, size)}`);
  }
  const net = retained - spend;
  return {
    violations,
    kpis: { treated, spend, retained, net, churnReduction, roi: spend > 0 ? (100 * net) / spend : 0 },
    objective,
  };
}
