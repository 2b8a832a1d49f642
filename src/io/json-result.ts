import { describePlan } from '../analytics/plan-detail.ts';
import type { PlanOutcome } from '../domain/plan.ts';
import { constraintsJson, horizonJson, kpisJson } from './horizon-json.ts';

const cents = (x: number): number => Math.round(x * 100) / 100;
const fine = (x: number): number => Math.round(x * 1e6) / 1e6;

/** SPEC 4 JSON result: money to the cent, churn reduction to 1e-6, and everything a report needs. */
export function toJsonResult(outcome: PlanOutcome, planCsvLocation?: string): Record<string, unknown> {
  return {
    status: outcome.status,
    kpis: kpisJson(outcome.kpis),
    constraints: constraintsJson(outcome.constraints),
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
    ...horizonJson(outcome),
    ...(outcome.assignment ? { detail: detailJson(outcome) } : {}),
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
