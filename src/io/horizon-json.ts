import { sentFigures, type ConstraintReport, type Kpis, type PlanOutcome } from '../domain/plan.ts';

const cents = (x: number): number => Math.round(x * 100) / 100;
const fine = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The campaign actually sent (issue 21): the plan less its holdout, which is never contacted or spent on. */
function sentKpisJson(k: Kpis): Record<string, number> {
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

/** KPIs as SPEC 4 writes them: money to the cent, churn reduction to 1e-6. */
export function kpisJson(k: Kpis): Record<string, number> {
  return {
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
  };
}

export function constraintsJson(constraints: readonly ConstraintReport[]): Record<string, unknown>[] {
  return constraints.map((c) => ({
    name: c.name,
    label: c.label,
    rule: c.rule,
    sense: c.sense,
    limit: fine(c.limit),
    used: fine(c.used),
    binding: c.binding,
    ...(c.sent_used !== undefined ? { sent_used: fine(c.sent_used) } : {}),
  }));
}

const figure = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : fine(x));

/**
 * Issue 20: `weeks: [{week, kpis, constraints}]` and `horizon: {kpis, myopic_net_value,
 * value_of_planning_ahead, ...}` for a plan over several weeks; nothing for a weekly plan.
 */
export function horizonJson(outcome: PlanOutcome): Record<string, unknown> {
  const horizon = outcome.horizon;
  if (!horizon) return {};
  return {
    weeks: horizon.weeks.map((week) => ({
      week: week.week,
      sent: week.week === 1,
      kpis: kpisJson(week.kpis),
      constraints: constraintsJson(week.constraints),
    })),
    horizon: {
      weeks: horizon.weeks.length,
      kpis: kpisJson(horizon.kpis),
      contacts: horizon.contacts,
      objective: fine(horizon.objective),
      bound: figure(horizon.bound),
      gap: Number.isFinite(horizon.gap) ? horizon.gap : null,
      myopic_objective: figure(horizon.myopic_objective),
      myopic_net_value: horizon.myopic_net_value === null ? null : cents(horizon.myopic_net_value),
      value_of_planning_ahead: figure(horizon.value_of_planning_ahead),
      ...(horizon.myopic_note ? { myopic_note: horizon.myopic_note } : {}),
    },
  };
}
