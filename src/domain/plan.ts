import type { Action } from './catalog.ts';
import type { HistoryExclusion } from './history.ts';
import type { Policy } from './policy.ts';
import type { Predictions } from './predictions.ts';

export type PlanStatus = 'optimal' | 'feasible' | 'infeasible' | 'error';

/**
 * SPEC 3 KPIs, over every assigned customer (treatment and holdout): the rules bind the whole
 * assignment. The `sent_*` figures are the campaign actually sent (the holdout is never
 * contacted, so it spends nothing); without a holdout they equal the plan's. Money in dollars.
 */
export interface Kpis {
  customers: number;
  customers_treated: number;
  total_spend: number;
  expected_retained_clv: number;
  net_value: number;
  roi_pct: number;
  expected_churn_reduction: number;
  budget_utilization_pct: number;
  holdout_customers: number;
  /** Assigned customers less the holdout: the actions sent. Absent in records older than issue 21. */
  sent_customers?: number;
  /** What the sent actions cost: `total_spend` less the holdout's share. */
  sent_spend?: number;
  sent_expected_retained_clv?: number;
  /** `sent_expected_retained_clv - sent_spend`. */
  sent_net_value?: number;
  sent_expected_churn_reduction?: number;
  /** The control group's share of `total_spend`: planned, never spent. */
  holdout_spend?: number;
}

/** What the campaign sends and spends: the KPIs' sent figures, or the plan's own where a record predates them. */
export function sentFigures(
  k: Pick<Kpis, 'customers_treated' | 'holdout_customers' | 'total_spend' | 'expected_retained_clv' | 'net_value'> &
    Partial<Kpis>,
): {
  customers: number;
  spend: number;
  expectedRetainedClv: number;
  netValue: number;
  holdoutSpend: number;
} {
  return {
    customers: k.sent_customers ?? k.customers_treated - k.holdout_customers,
    spend: k.sent_spend ?? k.total_spend,
    expectedRetainedClv: k.sent_expected_retained_clv ?? k.expected_retained_clv,
    netValue: k.sent_net_value ?? k.net_value,
    holdoutSpend: k.holdout_spend ?? 0,
  };
}

/** One rule of the policy as the plan meets it. `binding`: the plan leaves less room than one action takes. */
export interface ConstraintReport {
  name: string;
  /** A sentence-case label for people, e.g. "Coverage of Free". */
  label: string;
  /** The policy key that sets this rule. */
  rule: string;
  sense: '<=' | '>=';
  limit: number;
  used: number;
  binding: boolean;
  /** What the sent campaign (the plan less its holdout) uses of the rule; set when a holdout is drawn. */
  sent_used?: number;
}

export interface SolverFigures {
  objective: number;
  bound: number;
  gap: number;
  seconds: number;
  method: string;
}

export interface ActionMixRow {
  action_id: number;
  action_name: string;
  channel: string;
  customers: number;
  spend: number;
  /** Customers per segment given this action. */
  by_segment: Record<string, number>;
  /** Of `customers`, how many are held out as control (not contacted); the rest are treatment. */
  holdout?: number;
}

export interface SegmentCoverageRow {
  segment: string;
  customers: number;
  treated: number;
  share: number;
  /** The least number the policy asks for (min_segment_coverage, and min_premium for the premium segment). */
  floor: number;
  /** Of `treated`, how many the sent campaign reaches (the holdout is not contacted); set when a holdout is drawn. */
  sent_treated?: number;
}

export interface BaselineKpis {
  name: 'do_nothing' | 'email_everyone';
  description: string;
  customers_treated: number;
  total_spend: number;
  expected_retained_clv: number;
  net_value: number;
  /** Whether this baseline meets every rule of the policy. */
  meets_policy: boolean;
}

/** Why no plan meets the policy, and the least change that would. */
export interface InfeasibilityExplanation {
  /** The rules that cannot all hold together (policy keys). */
  conflicting_rules: string[];
  /** One sentence per finding, e.g. "at min_high_risk=90% the plan needs at least $412; the budget is $150". */
  reasons: string[];
  /** Least budget with every other rule unchanged, when that alone can make the policy feasible. */
  least_budget?: number;
}

/** The plan itself: who gets what. `choice[i]` is an index into `actions`, or -1 for no action. */
export interface Assignment {
  actions: Action[];
  choice: Int16Array;
  /** 1 where the customer is held out as control (SPEC 2.3 holdout). */
  holdout: Uint8Array;
}

/** Everything one planning run produced, before it is written anywhere. */
export interface PlanOutcome {
  status: PlanStatus;
  policy: Policy;
  predictions: Predictions;
  catalog: Action[];
  assignment: Assignment | undefined;
  kpis: Kpis;
  constraints: ConstraintReport[];
  solver: SolverFigures;
  clv_estimated: boolean;
  warnings: string[];
  action_mix: ActionMixRow[];
  segment_coverage: SegmentCoverageRow[];
  baselines: BaselineKpis[];
  infeasibility?: InfeasibilityExplanation;
  /** The plan id that seeded the holdout draw, when one was given. */
  plan_id?: string;
  /** Customers each contact-history rule kept from some action; absent when no history was given. */
  history_exclusions?: HistoryExclusion[];
  /** Filled by the analytics layer when asked for (CLI summary and JSON); absent otherwise. */
  marginal_values?: MarginalValuesReport;
  /** With `weeks` > 1: every week of the plan; the outcome's own plan and KPIs are week 1's, the one sent. */
  horizon?: HorizonReport;
}

/** One week of a plan over several weeks. Week 1 is the one approved and sent; the rest is the intended continuation. */
export interface HorizonWeek {
  /** 1-based. */
  week: number;
  kpis: Kpis;
  constraints: ConstraintReport[];
  /** Per customer, an index into the assignment's actions, or -1. */
  choice: Int16Array;
  holdout: Uint8Array;
  /** Per customer, the churn risk this week's action removes of what the earlier weeks left (0 without one). */
  reduction: Float64Array;
  /** Per customer, the share of the remaining risk it removes: its uplift, or its follow-up uplift. */
  uplift: Float64Array;
}

/**
 * A plan over several weeks (issue 20): its weeks, totals, proof, and the value of planning
 * ahead against the myopic baseline (each week planned alone given the weeks before it, valued
 * in the same model). Objective figures are in the units of the policy's objective.
 */
export interface HorizonReport {
  weeks: HorizonWeek[];
  /** Totals over the weeks: customers_treated counts customers contacted at least once. */
  kpis: Kpis;
  /** Customer-week contacts over the weeks. */
  contacts: number;
  objective: number;
  bound: number;
  gap: number;
  /** The myopic plan's objective and net value, null when some week of it had no plan. */
  myopic_objective: number | null;
  myopic_net_value: number | null;
  /** Horizon objective less the myopic one (never negative); null without a myopic plan. */
  value_of_planning_ahead: number | null;
  /** Why there is no myopic figure, when there is none. */
  myopic_note?: string;
}

/**
 * What relaxing one binding rule by one unit is worth (issue 7): one more dollar of budget, one
 * more slot of a cap, one customer fewer on a floor. In the units of the policy's objective.
 */
export interface MarginalValue {
  /** The rule's row name, e.g. "budget", "email_cap", "min_segment_coverage:Free". */
  constraint: string;
  label: string;
  /** The policy key that sets the rule. */
  rule: string;
  /** Relaxing a limit raises it; relaxing a floor lowers it. */
  direction: 'raise' | 'lower';
  unit: 'dollar' | 'customer';
  /** The objective each unit of relaxation adds over [valid_from, valid_to] (the number to quote). */
  per_unit: number;
  /** Where `per_unit` comes from: the LP dual confirmed by the MIP, the MIP difference where they disagree, or the LP dual alone. */
  source: 'lp_dual' | 'mip_difference' | 'lp_unchecked';
  /** The LP relaxation's dual at the current limit. */
  lp_per_unit: number;
  /**
   * (MIP objective at the far end - MIP objective now) / units moved; null when not checked. With
   * `lp_dual` the far end's plan may be one proven within tolerance of the optimum, not the optimum.
   */
  mip_per_unit: number | null;
  /** The limits over which `per_unit` holds; the current limit is one end (valid_from for a limit, valid_to for a floor). */
  valid_from: number;
  valid_to: number;
  objective: Policy['objective'];
}

/** The marginal values of a plan's binding rules, or why they were not computed. */
export interface MarginalValuesReport {
  values: MarginalValue[];
  /** Set when the analysis was skipped or cut short (size or time bound). */
  note?: string;
  seconds: number;
}
