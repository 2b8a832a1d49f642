import { describePlan } from '../analytics/plan-detail.ts';
import { sentFigures, type PlanOutcome } from '../domain/plan.ts';

const cents = (x: number): number => Math.round(x * 100) / 100;
const fine = (x: number): number => Math.round(x * 1e6) / 1e6;

/** SPEC 4 JSON result: money to the cent, churn reduction to 1e-6, and everything a report needs. */
export function toJsonResult(outcome: PlanOutcome, planCsvLocation?: string): Record<string, unknown> {
  const k = outcome.kpis;
  return {
    status: outcome.status,
    kpis: {
      customers: k.customers,
      customers_treated: k.customers_treated,
      total_spend: cents(k.total_spend),
      expected_retained_clv: cents(k.expected_retained_clv),
      net_value: cents(k.net_value),
      roi_pct: cents(k.roi_pct),
      expected_churn_reduction: fine(k.expected_churn_reduction),
      budget_utilization_pct: cents(k.budget_utilization_pct),
      holdout_customers: k.holdout_customers,
      treatment_customers: k.customers_treated - k.holdout_customers,
      ...sentKpisJson(k),
    },
    constraints: outcome.constraints.map((c) => ({
      name: c.name,
      label: c.label,
      rule: c.rule,
      sense: c.sense,
      limit: fine(c.limit),
      used: fine(c.used),
      binding: c.binding,
      ...(c.sent_used !== undefined ? { sent_used: fine(c.sent_used) } : {}),
    })),
    solver: {
      objective: fine(outcome.solver.objective),
      bound: Number.isFinite(outcome.solver.bound) ? fine(outcome.solver.bound) : null,
      gap: Number.isFinite(outcome.solver.gap) ? outcome.solver.gap : null,
      seconds: Math.round(outcome.solver.seconds * 1000) / 1000,
      method: outcome.solver.method,
    },
    ...(planCsvLocation !== undefined ? { plan_csv: planCsvLocation } : {}),
    policy: outcome.policy,
    predictions: { source: outcome.predictions.source, customers: outcome.predictions.ids.length },
    clv_estimated: outcome.clv_estimated,
    warnings: outcome.warnings,
    action_mix: outcome.action_mix.map((row) => ({ ...row, spend: cents(row.spend) })),
    segment_coverage: outcome.segment_coverage.map((row) => ({ ...row, share: fine(row.share) })),
    baselines: outcome.baselines.map((b) => ({
      ...b,
      total_spend: cents(b.total_spend),
      expected_retained_clv: cents(b.expected_retained_clv),
      net_value: cents(b.net_value),
    })),
    ...(outcome.infeasibility ? { infeasibility: outcome.infeasibility } : {}),
    ...(outcome.plan_id !== undefined ? { plan_id: outcome.plan_id } : {}),
    ...(outcome.history_exclusions ? { history_exclusions: outcome.history_exclusions } : {}),
    ...(outcome.marginal_values ? marginalValuesJson(outcome) : {}),
    ...(outcome.assignment ? { detail: detailJson(outcome) } : {}),
  };
}

/** The campaign actually sent (issue 21): the plan less its holdout, which is never contacted or spent on. */
function sentKpisJson(k: PlanOutcome['kpis']): Record<string, number> {
  const sent = sentFigures(k);
  return {
    sent_customers: sent.customers,
    sent_spend: cents(sent.spend),
    sent_expected_retained_clv: cents(sent.expectedRetainedClv),
    sent_net_value: cents(sent.netValue),
    sent_expected_churn_reduction: fine(k.sent_expected_churn_reduction ?? k.expected_churn_reduction),
    holdout_spend: cents(sent.holdoutSpend),
  };
}

/** Issue 7: `marginal_values: [{constraint, per_unit, valid_from, valid_to, ...}]`, per_unit to 1e-4. */
function marginalValuesJson(outcome: PlanOutcome): Record<string, unknown> {
  const report = outcome.marginal_values;
  if (!report) return {};
  const four = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    marginal_values: report.values.map((m) => ({
      ...m,
      per_unit: four(m.per_unit),
      lp_per_unit: four(m.lp_per_unit),
      mip_per_unit: m.mip_per_unit === null ? null : four(m.mip_per_unit),
      valid_from: fine(m.valid_from),
      valid_to: fine(m.valid_to),
    })),
    ...(report.note ? { marginal_values_note: report.note } : {}),
  };
}

/** Issue 7 plan detail: top assignments, coverage against floors, treatment by risk and CLV tercile. */
function detailJson(outcome: PlanOutcome): Record<string, unknown> {
  const detail = describePlan(outcome);
  return {
    top_assignments: detail.top_assignments.map((t) => ({
      ...t,
      churn_reduction: fine(t.churn_reduction),
      net_value: cents(t.net_value),
    })),
    segment_coverage: detail.segment_coverage.map((row) => ({ ...row, share: fine(row.share) })),
    risk_value: detail.risk_value,
  };
}
