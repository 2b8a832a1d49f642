import type { KnownBlock } from '@slack/types';
import type { HorizonReport, PlanOutcome } from '../../domain/plan.ts';
import { context, section } from './block-kit.ts';
import { escapeMrkdwn, formatCount, formatDollars, formatShare } from './format.ts';

/** Rule names that bind in a week, shortest form (`budget`, `min_segment_coverage:Free`). */
function binding(week: HorizonReport['weeks'][number]): string {
  const names = week.constraints.filter((c) => c.binding && c.limit > 0).map((c) => c.name);
  return names.length === 0 ? '-' : names.join(', ');
}

/**
 * The weeks after the first of a plan over several weeks, as a compact table (week, treated,
 * spend, net value, rules that bind), the totals, and what planning ahead is worth against
 * planning each week alone. Week 1 is the message's own plan. The rule names carry segment
 * names from the data: escaped, and with no backtick to close the code block early.
 */
export function horizonBlocks(outcome: PlanOutcome): KnownBlock[] {
  const horizon = outcome.horizon;
  if (!horizon) return [];
  const rows = horizon.weeks.map((week) =>
    [
      `${week.week === 1 ? '1 (sent)' : `${week.week}`}`.padEnd(9),
      formatCount(week.kpis.customers_treated).padStart(8),
      formatDollars(week.kpis.total_spend).padStart(12),
      formatDollars(week.kpis.net_value).padStart(13),
      `  ${escapeMrkdwn(binding(week).replaceAll('`', "'"))}`,
    ].join(''),
  );
  const total = horizon.kpis;
  const table = [
    `${'Week'.padEnd(9)}${'Treated'.padStart(8)}${'Spend'.padStart(12)}${'Net value'.padStart(13)}  Binding`,
    ...rows,
    `${'Total'.padEnd(9)}${formatCount(horizon.contacts).padStart(8)}${formatDollars(total.total_spend).padStart(12)}${formatDollars(total.net_value).padStart(13)}`,
  ].join('\n');
  const ahead =
    horizon.value_of_planning_ahead === null || horizon.myopic_objective === null
      ? `Planning each week alone: ${horizon.myopic_note ?? 'no plan'}.`
      : `Planning ahead adds *${formatValue(outcome, horizon.value_of_planning_ahead)}* over planning each week alone (${formatValue(outcome, horizon.myopic_objective)}, ${formatShare(horizon.value_of_planning_ahead / Math.max(1e-9, Math.abs(horizon.myopic_objective)), 2)} more).`;
  return [
    section(
      `*The next ${horizon.weeks.length - 1} weeks* (the intended continuation, re-planned each Monday; only week 1 is sent)\n\`\`\`\n${table.slice(0, 2800)}\n\`\`\``,
    ),
    context([
      `${ahead} ${formatCount(total.customers_treated)} customers contacted over ${horizon.weeks.length} weeks.`,
    ]),
  ];
}

/** An objective figure in its own units: dollars, or customers for churn reduction. */
function formatValue(outcome: PlanOutcome, value: number): string {
  return outcome.policy.objective === 'churn_reduction' ? `${value.toFixed(2)} customers` : formatDollars(value);
}
