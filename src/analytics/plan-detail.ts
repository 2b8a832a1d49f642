import type { BaselineKpis, PlanOutcome, SegmentCoverageRow } from '../domain/plan.ts';
import { reductionOf } from '../domain/predictions.ts';
import { valuesAtRanks } from './order-statistics.ts';

export interface TopAssignment {
  customer_id: string;
  action_id: number;
  action_name: string;
  segment: string;
  churn_probability: number;
  clv: number;
  churn_reduction: number;
  /** r * v - cost, dollars. */
  net_value: number;
  group: 'treatment' | 'holdout';
}

export type ClvTercile = 'low' | 'mid' | 'high';

export interface RiskValueCell {
  risk: 'high_risk' | 'not_high_risk';
  clv_tercile: ClvTercile;
  treated: number;
  total: number;
}

export interface PlanDetail {
  /** The assignments with the highest net value, best first. */
  top_assignments: TopAssignment[];
  segment_coverage: (SegmentCoverageRow & { meets_floor: boolean })[];
  /** Treated / total customers by risk (p > high_risk_threshold) and CLV tercile. */
  risk_value: { clv_cuts: [number, number]; cells: RiskValueCell[] };
  baselines: BaselineKpis[];
}

/** CLV at the 1/3 and 2/3 quantiles (nearest rank): low <= first cut < mid <= second cut < high. */
export function clvTercileCuts(v: Float64Array): [number, number] {
  if (v.length === 0) return [0, 0];
  const rank = (q: number) => Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1));
  const [low, high] = valuesAtRanks(v, [rank(1 / 3), rank(2 / 3)]);
  return [low, high];
}

/**
 * The `count` assignments of highest net value, best first; equal values in customer order.
 * A customer is looked at only when it beats the current last one (net value from the columns).
 */
function topAssignments(outcome: PlanOutcome, count: number): TopAssignment[] {
  const assignment = outcome.assignment;
  if (!assignment || count <= 0) return [];
  const { predictions } = outcome;
  const { actions, choice } = assignment;
  const reductions = actions.map((action) => predictions.reductions.get(action.id));
  const rows: TopAssignment[] = [];
  let floor = 0;
  for (let i = 0; i < choice.length; i++) {
    const k = choice[i];
    if (k < 0) continue;
    const action = actions[k];
    const r = reductionOf(reductions[k]?.[i], predictions.p[i], action.uplift);
    const net = r * predictions.v[i] - action.cost;
    if (rows.length === count && net <= floor) continue;
    rows.push({
      customer_id: predictions.ids.at(i),
      action_id: action.id,
      action_name: action.name,
      segment: predictions.segments[predictions.segmentOf[i]],
      churn_probability: predictions.p[i],
      clv: predictions.v[i],
      churn_reduction: r,
      net_value: net,
      group: assignment.holdout[i] ? 'holdout' : 'treatment',
    });
    rows.sort((x, y) => y.net_value - x.net_value);
    if (rows.length > count) rows.pop();
    floor = rows[rows.length - 1].net_value;
  }
  return rows;
}

const RISKS = ['high_risk', 'not_high_risk'] as const;
const TERCILES = ['low', 'mid', 'high'] as const;

/**
 * What a manager reads under the KPIs: the ten highest-value assignments, coverage of each
 * segment against its floor, treatment by risk and CLV tercile, and the baselines.
 * Pure and linear in the customers (top ten kept by insertion, tercile cuts by selection).
 */
export function describePlan(outcome: PlanOutcome, topCount = 10): PlanDetail {
  const { predictions, policy } = outcome;
  const cuts = clvTercileCuts(predictions.v);
  const treated = new Float64Array(6);
  const total = new Float64Array(6);
  const choice = outcome.assignment?.choice;
  const { p, v } = predictions;
  for (let i = 0; i < p.length; i++) {
    const cell = (p[i] > policy.high_risk_threshold ? 0 : 3) + (v[i] <= cuts[0] ? 0 : v[i] <= cuts[1] ? 1 : 2);
    total[cell]++;
    if (choice && choice[i] >= 0) treated[cell]++;
  }
  const cells: RiskValueCell[] = RISKS.flatMap((risk, r) =>
    TERCILES.map((clv_tercile, t) => ({ risk, clv_tercile, treated: treated[3 * r + t], total: total[3 * r + t] })),
  );
  return {
    top_assignments: topAssignments(outcome, topCount),
    segment_coverage: outcome.segment_coverage.map((row) => ({ ...row, meets_floor: row.treated >= row.floor })),
    risk_value: { clv_cuts: cuts, cells },
    baselines: outcome.baselines,
  };
}
