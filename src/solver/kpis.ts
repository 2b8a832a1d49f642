import type { ConstraintReport, Kpis } from '../domain/plan.ts';
import type { Predictions } from '../domain/predictions.ts';
import { membershipClasses } from './membership.ts';
import type { Problem } from './problem.ts';
import type { LinkingRow } from './linking-rows.ts';

/** Tolerance for "used equals the limit" and for feasibility of sums of dollars. */
export const ROW_TOLERANCE = 1e-6;

/**
 * How much of each linking row a plan uses, from the same coefficients as the model (see
 * `rowCoefficient`): customers are counted per (membership class, action) in one pass, then
 * each row weighs the counts of the classes it holds. Slot 0 of a class counts its customers
 * without an action.
 */
export function rowUsage(problem: Problem, choice: Int16Array): Float64Array {
  const { n, K, rows } = problem;
  const { classOf, count, firstOfClass } = membershipClasses(n, rows);
  const counts = new Float64Array(count * (K + 1));
  for (let i = 0; i < n; i++) counts[classOf[i] * (K + 1) + choice[i] + 1]++;
  const used = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const { members, actionCoef } = rows[r];
    let sum = 0;
    for (let c = 0; c < count; c++) {
      if (members && !members[firstOfClass[c]]) continue;
      for (let k = 0; k < K; k++) sum += counts[c * (K + 1) + k + 1] * actionCoef[k];
    }
    used[r] = sum;
  }
  return used;
}

export function rowHolds(row: LinkingRow, used: number): boolean {
  const slack = Math.max(1, Math.abs(row.limit)) * ROW_TOLERANCE;
  return row.sense === '<=' ? used <= row.limit + slack : used >= row.limit - slack;
}

/**
 * Whether a plan uses a row up: it leaves less room than one action takes (`<=`: no action more
 * fits, `>=`: no action fewer is allowed), or uses exactly the limit. A budget with $0.42 left
 * when the cheapest action costs $0.50 binds: only more budget would buy another action.
 */
export function rowBinds(row: LinkingRow, used: number): boolean {
  const tolerance = Math.max(1, Math.abs(row.limit)) * ROW_TOLERANCE;
  const room = row.sense === '<=' ? row.limit - used : used - row.limit;
  if (Math.abs(room) <= tolerance) return true;
  let smallest = 0;
  for (const coef of row.actionCoef) if (coef > 0 && (smallest === 0 || coef < smallest)) smallest = coef;
  return room > 0 && room < smallest - tolerance;
}

/**
 * SPEC 4 constraint report: every linking row with its limit, what the plan uses and whether it
 * binds; with a drawn `holdout`, also what the sent campaign (the plan less the holdout) uses.
 */
export function reportConstraints(problem: Problem, choice: Int16Array, holdout?: Uint8Array): ConstraintReport[] {
  const used = rowUsage(problem, choice);
  const sent = holdout?.some((x) => x === 1)
    ? rowUsage(
        problem,
        choice.map((k, i) => (holdout[i] ? -1 : k)),
      )
    : undefined;
  return problem.rows.map((row, r) => ({
    name: row.name,
    label: row.label,
    rule: row.rule,
    sense: row.sense,
    limit: row.limit,
    used: used[r],
    binding: rowBinds(row, used[r]),
    ...(sent ? { sent_used: sent[r] } : {}),
  }));
}

/** SPEC 3 KPIs over every assigned customer, holdout included. */
export function computeKpis(
  problem: Problem,
  predictions: Predictions,
  choice: Int16Array,
  holdout: Uint8Array | undefined,
  budget: number,
): Kpis {
  const { K, actions, reduction } = problem;
  const v = predictions.v;
  // Customers per action; the spend is their count times the action's cost.
  const perAction = new Float64Array(K);
  const heldPerAction = new Float64Array(K);
  let retained = 0;
  let churnReduction = 0;
  let heldRetained = 0;
  let heldReduction = 0;
  for (let i = 0; i < problem.n; i++) {
    const k = choice[i];
    if (k < 0) continue;
    const r = reduction.at(i * K + k) ?? Number.NaN;
    perAction[k]++;
    retained += r * v[i];
    churnReduction += r;
    if (holdout && holdout[i]) {
      heldPerAction[k]++;
      heldRetained += r * v[i];
      heldReduction += r;
    }
  }
  let treated = 0;
  let spend = 0;
  let held = 0;
  let heldSpend = 0;
  for (let k = 0; k < K; k++) {
    treated += perAction[k];
    spend += perAction[k] * actions[k].cost;
    held += heldPerAction[k];
    heldSpend += heldPerAction[k] * actions[k].cost;
  }
  const net = retained - spend;
  return {
    customers: problem.n,
    customers_treated: treated,
    total_spend: spend,
    expected_retained_clv: retained,
    net_value: net,
    roi_pct: spend > 0 ? (100 * net) / spend : 0,
    expected_churn_reduction: churnReduction,
    budget_utilization_pct: budget > 0 ? (100 * spend) / budget : 0,
    holdout_customers: held,
    sent_customers: treated - held,
    sent_spend: spend - heldSpend,
    sent_expected_retained_clv: retained - heldRetained,
    sent_net_value: retained - heldRetained - (spend - heldSpend),
    sent_expected_churn_reduction: churnReduction - heldReduction,
    holdout_spend: heldSpend,
  };
}

/** The objective of a plan in the problem's own mode (net value, retained CLV or churn reduction). */
export function planObjective(problem: Problem, choice: Int16Array): number {
  let total = 0;
  for (let i = 0; i < problem.n; i++) if (choice[i] >= 0) total += problem.value[i * problem.K + choice[i]];
  return total;
}
