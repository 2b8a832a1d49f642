import type { BaselineKpis, PlanOutcome, SegmentCoverageRow } from '../domain/plan.ts';
import { churnReduction } from '../domain/predictions.ts';

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
  const sorted = Float64Array.from(v).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return [at(1 / 3), at(2 / 3)];
}

function topAssignments(outcome: PlanOutcome, count: number): TopAssignment[] {
  const assignment = outcome.assignment;
  if (!assignment) return [];
  const { predictions } = outcome;
  const rows: TopAssignment[] = [];
  for (let i = 0; i < assignment.choice.length; i++) {
    const k = assignment.choice[i];
    if (k < 0) continue;
    const action = assignment.actions[k];
    const r = churnReduction(predictions, action.id, action.uplift, i);
    const net = r * predictions.v[i] - action.cost;
    if (rows.length === count && net <= rows[count - 1].net_value) continue;
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
  }
  return rows;
}

/**
 * What a manager reads under the KPIs: the ten highest-value assignments, coverage of each
 * segment against its floor, treatment by risk and CLV tercile, and the baselines.
 * Pure and linear in the customers (top ten kept by insertion).
 */
export function describePlan(outcome: PlanOutcome, topCount = 10): PlanDetail {
  const { predictions, policy } = outcome;
  const cuts = clvTercileCuts(predictions.v);
  const tercile = (v: number): ClvTercile => (v <= cuts[0] ? 'low' : v <= cuts[1] ? 'mid' : 'high');
  const cells: RiskValueCell[] = [];
  for (const risk of ['high_risk', 'not_high_risk'] as const) {
    for (const clv_tercile of ['low', 'mid', 'high'] as const) cells.push({ risk, clv_tercile, treated: 0, total: 0 });
  }
  const choice = outcome.assignment?.choice;
  for (let i = 0; i < predictions.ids.length; i++) {
    const high = predictions.p[i] > policy.high_risk_threshold;
    const t = tercile(predictions.v[i]);
    const cell = cells[(high ? 0 : 3) + (t === 'low' ? 0 : t === 'mid' ? 1 : 2)];
    cell.total++;
    if (choice && choice[i] >= 0) cell.treated++;
  }
  return {
    top_assignments: topAssignments(outcome, topCount),
    segment_coverage: outcome.segment_coverage.map((row) => ({ ...row, meets_floor: row.treated >= row.floor })),
    risk_value: { clv_cuts: cuts, cells },
    baselines: outcome.baselines,
  };
}
