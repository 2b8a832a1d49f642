import type { Kpis, PlanOutcome, PlanStatus } from '../domain/plan.ts';
import { type Policy } from '../domain/policy.ts';
import { policyDifferences } from '../domain/policy-words.ts';

/** The KPIs compared side by side, in display order. */
export const COMPARED_KPIS = [
  'customers_treated',
  'total_spend',
  'expected_retained_clv',
  'net_value',
  'roi_pct',
  'expected_churn_reduction',
  'budget_utilization_pct',
] as const satisfies readonly (keyof Kpis)[];

export interface ScenarioSide {
  label: string;
  status: PlanStatus;
  /** `key=value` words where the scenario differs from the other one. */
  policy_changes: string[];
  /** Null when the scenario has no plan. */
  kpis: Kpis | null;
  binding_rules: string[];
}

export interface KpiDifference {
  kpi: (typeof COMPARED_KPIS)[number];
  a: number | null;
  b: number | null;
  /** b - a; null when either side has no plan. */
  difference: number | null;
  /** 100 * (b - a) / |a|; null when a is 0 or missing. */
  change_pct: number | null;
}

export interface MixMove {
  action_id: number;
  action_name: string;
  a: number;
  b: number;
  difference: number;
}

export interface CoverageMove {
  segment: string;
  a: number;
  b: number;
  difference: number;
}

export interface ScenarioComparison {
  a: ScenarioSide;
  b: ScenarioSide;
  kpis: KpiDifference[];
  /** Customers per action in each scenario, biggest move first; actions used by neither are left out. */
  action_mix: MixMove[];
  /** Treated customers per segment. */
  segment_coverage: CoverageMove[];
  /** Customers whose action differs between the two plans (same predictions only; else null). */
  customers_moved: number | null;
}

function side(outcome: PlanOutcome, other: Policy, label: string): ScenarioSide {
  const plan = outcome.assignment !== undefined;
  return {
    label,
    status: outcome.status,
    policy_changes: policyDifferences(outcome.policy, other),
    kpis: plan ? outcome.kpis : null,
    binding_rules: plan ? outcome.constraints.filter((c) => c.binding && c.limit > 0).map((c) => c.name) : [],
  };
}

function movedCustomers(a: PlanOutcome, b: PlanOutcome): number | null {
  if (!a.assignment || !b.assignment || a.predictions !== b.predictions) return null;
  const idOf = (outcome: PlanOutcome, i: number) => {
    const k = outcome.assignment?.choice[i] ?? -1;
    return k < 0 ? 0 : (outcome.assignment?.actions[k].id ?? 0);
  };
  let moved = 0;
  for (let i = 0; i < a.assignment.choice.length; i++) if (idOf(a, i) !== idOf(b, i)) moved++;
  return moved;
}

/**
 * Two planning outcomes side by side (pure): KPIs with differences (b - a), how the action mix
 * and the segment coverage moved, which rules bind in each, and how many customers changed
 * action. A scenario without a plan compares as null KPIs and zero customers.
 */
export function compareScenarios(
  a: PlanOutcome,
  b: PlanOutcome,
  labels: [string, string] = ['A', 'B'],
): ScenarioComparison {
  const kpis = COMPARED_KPIS.map((kpi): KpiDifference => {
    const x = a.assignment ? a.kpis[kpi] : null;
    const y = b.assignment ? b.kpis[kpi] : null;
    const difference = x === null || y === null ? null : y - x;
    return {
      kpi,
      a: x,
      b: y,
      difference,
      change_pct: difference === null || !x ? null : (100 * difference) / Math.abs(x),
    };
  });
  const mix = new Map<number, MixMove>();
  const count = (outcome: PlanOutcome, which: 'a' | 'b') => {
    if (!outcome.assignment) return;
    for (const row of outcome.action_mix) {
      const move = mix.get(row.action_id) ?? {
        action_id: row.action_id,
        action_name: row.action_name,
        a: 0,
        b: 0,
        difference: 0,
      };
      move[which] += row.customers;
      mix.set(row.action_id, move);
    }
  };
  count(a, 'a');
  count(b, 'b');
  const action_mix = [...mix.values()]
    .map((m) => ({ ...m, difference: m.b - m.a }))
    .sort((x, y) => Math.abs(y.difference) - Math.abs(x.difference) || x.action_id - y.action_id);
  const segments = [...new Set([...a.segment_coverage, ...b.segment_coverage].map((row) => row.segment))];
  const treated = (outcome: PlanOutcome, segment: string) =>
    outcome.assignment ? (outcome.segment_coverage.find((row) => row.segment === segment)?.treated ?? 0) : 0;
  const segment_coverage = segments.map((segment) => {
    const [x, y] = [treated(a, segment), treated(b, segment)];
    return { segment, a: x, b: y, difference: y - x };
  });
  return {
    a: side(a, b.policy, labels[0]),
    b: side(b, a.policy, labels[1]),
    kpis,
    action_mix,
    segment_coverage,
    customers_moved: movedCustomers(a, b),
  };
}
