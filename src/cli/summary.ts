import { describePlan } from '../analytics/plan-detail.ts';
import { capLines, marginalValueSection, planDetailLines } from '../analytics/report-lines.ts';
import { sentFigures, type PlanOutcome } from '../domain/plan.ts';
import { horizonSummaryLines } from './horizon-summary.ts';
import { formatNumber } from '../domain/format-number.ts';

const money = (x: number): string => `$${formatNumber(x, 2, 2)}`;
const count = (x: number): string => formatNumber(x, 2);
const pct = (x: number): string => `${x.toFixed(1)}%`;

/** Segments named on one action-mix line. */
const SPLIT_SEGMENTS = 6;

const STATUS_LINE: Record<PlanOutcome['status'], string> = {
  optimal: 'proven optimal',
  feasible: 'feasible, not proven optimal',
  infeasible: 'INFEASIBLE: no plan meets this policy',
  error: 'ERROR: no plan',
};

/** Segments most given an action first, at most {@link SPLIT_SEGMENTS} of them, then how many more. */
function segmentSplit(bySegment: Record<string, number>): string {
  const given = Object.entries(bySegment).filter(([, n]) => n > 0);
  const shown =
    given.length <= SPLIT_SEGMENTS ? given : [...given].sort((a, b) => b[1] - a[1]).slice(0, SPLIT_SEGMENTS);
  const more = given.length - shown.length;
  return `${shown.map(([s, n]) => `${s} ${n}`).join(', ')}${more > 0 ? `, …and ${more} more segments` : ''}`;
}

/** Each floor in the plan and in the sent campaign (the plan less its control group), when a holdout is drawn. */
function sentFloorLines(outcome: PlanOutcome): string[] {
  const floors = outcome.constraints.filter((c) => c.sense === '>=' && c.limit > 0 && c.sent_used !== undefined);
  if (floors.length === 0) return [];
  const rows = floors.map(
    (c) =>
      `  ${c.label.padEnd(28)} plan ${count(c.used).padStart(6)}  sent ${count(c.sent_used ?? c.used).padStart(6)}  required ${count(c.limit).padStart(6)}${(c.sent_used ?? c.used) < c.limit ? '  SENT BELOW FLOOR' : ''}`,
  );
  return [
    '',
    'Floors in the plan and in the sent campaign (the control group is never contacted)',
    ...capLines(rows, 'floors'),
  ];
}

/** The terminal summary of a run: KPIs, binding rules, action mix, where the CSV is. */
export function formatSummary(outcome: PlanOutcome, csvPath: string | undefined): string {
  const { kpis, solver } = outcome;
  const lines: string[] = [];
  const gap = outcome.assignment
    ? Number.isFinite(solver.gap)
      ? `gap ${(solver.gap * 100).toFixed(4)}%`
      : 'no bound'
    : 'no plan';
  lines.push(`Retention plan for ${count(kpis.customers)} customers from ${outcome.predictions.source}`);
  lines.push(`Status: ${STATUS_LINE[outcome.status]} (${solver.method}, ${solver.seconds.toFixed(2)} s, ${gap})`);
  for (const warning of outcome.warnings) lines.push(`Warning: ${warning}`);

  if (outcome.infeasibility) {
    lines.push('', 'Why:');
    lines.push(
      ...capLines(
        outcome.infeasibility.reasons.map((reason) => `  - ${reason}`),
        'reasons',
      ),
    );
    lines.push(`Conflicting rules: ${outcome.infeasibility.conflicting_rules.join(', ')}`);
    return `${lines.join('\n')}\n`;
  }
  if (!outcome.assignment) return `${lines.join('\n')}\n`;

  lines.push('', 'KPIs');
  const sent = sentFigures(kpis);
  lines.push(
    `  Customers treated         ${count(kpis.customers_treated)}${kpis.holdout_customers ? ` (${count(kpis.holdout_customers)} held out, ${count(sent.customers)} sent)` : ''}`,
  );
  lines.push(
    `  Spend                     ${money(kpis.total_spend)} of ${money(outcome.policy.budget)} (${pct(kpis.budget_utilization_pct)})`,
  );
  if (kpis.holdout_customers > 0)
    lines.push(
      `  Sent                      ${money(sent.spend)} to ${count(sent.customers)} customers; the control group's ${money(sent.holdoutSpend)} is not spent`,
    );
  lines.push(`  Expected retained CLV     ${money(kpis.expected_retained_clv)}`);
  lines.push(`  Net value                 ${money(kpis.net_value)}`);
  lines.push(`  ROI                       ${pct(kpis.roi_pct)}`);
  lines.push(`  Expected churn reduction  ${kpis.expected_churn_reduction.toFixed(2)} customers`);

  const binding = outcome.constraints.filter((c) => c.binding && c.limit > 0);
  lines.push('', `Binding rules${binding.length === 0 ? ': none' : ''}`);
  lines.push(
    ...capLines(
      binding.map((c) => `  ${c.label.padEnd(28)} ${c.sense} ${count(c.limit)} (${c.name})`),
      'rules',
    ),
  );

  lines.push(...sentFloorLines(outcome));
  lines.push('', 'Action mix');
  for (const row of outcome.action_mix) {
    const split = segmentSplit(row.by_segment);
    lines.push(
      `  ${row.action_name.padEnd(28)} ${String(row.customers).padStart(6)}  ${money(row.spend).padStart(12)}  ${split}`,
    );
  }
  lines.push(...horizonSummaryLines(outcome));
  lines.push('', 'Against the baselines');
  for (const b of outcome.baselines) {
    lines.push(
      `  ${b.description.padEnd(44)} net ${money(b.net_value)}${b.meets_policy ? '' : ' (breaks the policy)'}`,
    );
  }
  lines.push(...marginalValueSection(outcome.marginal_values));
  lines.push(...planDetailLines(describePlan(outcome)));
  if (csvPath) lines.push('', `Plan CSV: ${csvPath}`);
  return `${lines.join('\n')}\n`;
}
