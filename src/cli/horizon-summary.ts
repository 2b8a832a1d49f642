import type { PlanOutcome } from '../domain/plan.ts';
import { formatNumber } from '../domain/format-number.ts';

const money = (x: number): string => `${x < 0 ? '-' : ''}$${formatNumber(Math.abs(x), 2, 2)}`;
const count = (x: number): string => formatNumber(x, 2);

/**
 * The weeks of a plan over several weeks, one line each (treated, spend, net value, the rules
 * that bind), the totals, and the value of planning ahead against planning each week alone.
 * Empty for a weekly plan. The KPIs above these lines are week 1's, the week that is sent.
 */
export function horizonSummaryLines(outcome: PlanOutcome): string[] {
  const horizon = outcome.horizon;
  if (!horizon) return [];
  const units = (x: number) =>
    outcome.policy.objective === 'churn_reduction' ? `${x.toFixed(4)} customers` : money(x);
  const lines = [
    '',
    `Over ${horizon.weeks.length} weeks (week 1 above is sent; the rest is the intended continuation)`,
  ];
  lines.push(
    `  ${'Week'.padEnd(6)}${'Treated'.padStart(9)}${'Spend'.padStart(14)}${'Net value'.padStart(14)}  Binding`,
  );
  for (const week of horizon.weeks) {
    const binding = week.constraints.filter((c) => c.binding && c.limit > 0).map((c) => c.name);
    lines.push(
      `  ${String(week.week).padEnd(6)}${count(week.kpis.customers_treated).padStart(9)}${money(week.kpis.total_spend).padStart(14)}${money(week.kpis.net_value).padStart(14)}  ${binding.join(', ') || '-'}`,
    );
  }
  const k = horizon.kpis;
  lines.push(
    `  ${'Total'.padEnd(6)}${count(horizon.contacts).padStart(9)}${money(k.total_spend).padStart(14)}${money(k.net_value).padStart(14)}  (${count(k.customers_treated)} customers)`,
  );
  if (horizon.value_of_planning_ahead !== null && horizon.myopic_objective !== null) {
    const share = horizon.value_of_planning_ahead / Math.max(1e-9, Math.abs(horizon.myopic_objective));
    lines.push(
      `  Planning ahead adds ${units(horizon.value_of_planning_ahead)} (${(100 * share).toFixed(2)}%) over planning each week alone (${units(horizon.myopic_objective)})`,
    );
  } else lines.push(`  Planning each week alone: ${horizon.myopic_note ?? 'no plan'}`);
  return lines;
}
