import type { MarginalValue, MarginalValuesReport } from '../domain/plan.ts';
import type { ScenarioComparison } from './compare.ts';
import { describeKnee, formatKeyValue, formatMoney, objectiveUnits, perStep } from './format.ts';
import type { PlanDetail } from './plan-detail.ts';
import type { SweepResult } from './sweep.ts';
import { formatNumber } from '../domain/format-number.ts';

const count = (x: number): string => formatNumber(x, 2);

/** Most lines one list of the terminal summary shows; the JSON document keeps every entry. */
export const SUMMARY_LIST_LINES = 12;

/**
 * The first `max` of `lines`, then `…and N more <what> (all in --json)` when there are more: a
 * week with 200 segments gets a summary of a screen or two, not thousands of lines.
 */
export function capLines(lines: readonly string[], what: string, max: number = SUMMARY_LIST_LINES): string[] {
  if (lines.length <= max) return [...lines];
  const indent = /^\s*/.exec(lines[0])?.[0] ?? '';
  return [...lines.slice(0, max), `${indent}…and ${formatNumber(lines.length - max)} more ${what} (all in --json)`];
}
const limitText = (m: MarginalValue, x: number): string => (m.unit === 'dollar' ? formatMoney(x) : count(x));

const SOURCE: Record<MarginalValue['source'], (m: MarginalValue, units: (x: number) => string) => string> = {
  lp_dual: () => 'LP dual, confirmed by re-solving the plan',
  mip_difference: (m, units) => `from re-solving the plan; the LP relaxation said ${units(m.lp_per_unit)}`,
  lp_unchecked: () => 'LP estimate, not re-solved',
};

/** One sentence per rule: "+$1 of budget is worth $4.86 of net value, from $150 to $158 (...)". */
export function marginalValueSentence(m: MarginalValue): string {
  const units = objectiveUnits(m.objective);
  const what =
    m.rule === 'budget'
      ? '+$1 of budget'
      : m.direction === 'raise'
        ? `+1 on ${m.label} (${m.constraint})`
        : `1 customer fewer on ${m.label} (${m.constraint})`;
  const range =
    m.direction === 'raise'
      ? `from ${limitText(m, m.valid_from)} to ${limitText(m, m.valid_to)}`
      : `from ${limitText(m, m.valid_to)} down to ${limitText(m, m.valid_from)}`;
  return `${what} is worth ${units.format(m.per_unit)} of ${units.name}, ${range} (${SOURCE[m.source](m, units.format)})`;
}

/** The CLI's "What relaxing a rule is worth" section. */
export function marginalValueSection(report: MarginalValuesReport | undefined): string[] {
  if (!report) return [];
  const lines = [
    '',
    `What relaxing a rule is worth${report.values.length === 0 && !report.note ? ': no rule binds' : ''}`,
  ];
  lines.push(
    ...capLines(
      report.values.map((m) => `  ${marginalValueSentence(m)}`),
      'rules',
    ),
  );
  if (report.note) lines.push(`  (${report.note})`);
  return lines;
}

/** Top assignments, coverage against floors, and the risk x CLV table, for the terminal. */
export function planDetailLines(detail: PlanDetail): string[] {
  const lines = ['', 'Top assignments by net value'];
  for (const t of detail.top_assignments) {
    lines.push(
      `  ${t.customer_id.padEnd(12)} ${t.action_name.padEnd(28)} ${t.segment.padEnd(10)} p=${t.churn_probability.toFixed(2)}  clv ${formatMoney(t.clv).padStart(9)}  net ${formatMoney(t.net_value)}`,
    );
  }
  lines.push('', 'Coverage by segment (treated / customers, floor)');
  const coverage = detail.segment_coverage.map(
    (s) =>
      `  ${s.segment.padEnd(14)} ${String(s.treated).padStart(6)} / ${String(s.customers).padEnd(6)} ${(100 * s.share).toFixed(1).padStart(5)}%  floor ${s.floor}${s.meets_floor ? '' : '  BELOW FLOOR'}${s.sent_treated === undefined ? '' : `  (${s.sent_treated} sent)`}`,
  );
  lines.push(...capLines(coverage, 'segments'));
  const [c1, c2] = detail.risk_value.clv_cuts;
  lines.push('', `Treated by risk and CLV (terciles: low <= ${formatMoney(c1)} < mid <= ${formatMoney(c2)} < high)`);
  lines.push(`  ${''.padEnd(14)} ${'low CLV'.padStart(11)} ${'mid CLV'.padStart(11)} ${'high CLV'.padStart(11)}`);
  for (const risk of ['high_risk', 'not_high_risk'] as const) {
    const cells = detail.risk_value.cells
      .filter((c) => c.risk === risk)
      .map((c) => `${c.treated}/${c.total}`.padStart(11));
    lines.push(`  ${(risk === 'high_risk' ? 'high risk' : 'not high risk').padEnd(14)} ${cells.join(' ')}`);
  }
  return lines;
}

/** The sweep as a table: one line per level, then the knee. */
export function sweepLines(sweep: SweepResult): string[] {
  const lines = [
    `Sweep of ${sweep.key} (${sweep.points.length} levels, ${sweep.spacing} spacing, ${sweep.seconds.toFixed(1)} s)`,
    '',
  ];
  const step = (slope: number) => perStep(sweep.key, slope);
  lines.push(
    `  ${sweep.key.padStart(12)}  ${'status'.padEnd(10)} ${'treated'.padStart(8)} ${'spend'.padStart(11)} ${'net value'.padStart(12)} ${'ROI'.padStart(9)}  net value ${step(0).per}`,
  );
  for (const p of sweep.points) {
    const k = p.kpis;
    const cells = k
      ? `${String(k.customers_treated).padStart(8)} ${formatMoney(k.total_spend).padStart(11)} ${formatMoney(k.net_value).padStart(12)} ${`${k.roi_pct.toFixed(1)}%`.padStart(9)} ${(p.marginal_net_value === null ? '' : formatMoney(step(p.marginal_net_value).amount)).padStart(10)}`
      : '       no plan';
    lines.push(`  ${formatKeyValue(sweep.key, p.value).padStart(12)}  ${p.status.padEnd(10)} ${cells}`);
  }
  const knee = sweep.knee;
  lines.push(
    '',
    knee
      ? `Knee at ${formatKeyValue(sweep.key, knee.value)} (net value ${formatMoney(knee.net_value)}; the level farthest from the chord): ${describeKnee(sweep.key, knee)}`
      : 'No knee: returns do not visibly diminish over this range',
  );
  return lines;
}

const KPI_LABEL: Record<string, [string, (x: number) => string]> = {
  customers_treated: ['Customers treated', count],
  total_spend: ['Spend', (x) => formatMoney(x)],
  expected_retained_clv: ['Expected retained CLV', (x) => formatMoney(x)],
  net_value: ['Net value', (x) => formatMoney(x)],
  roi_pct: ['ROI', (x) => `${x.toFixed(1)}%`],
  expected_churn_reduction: ['Expected churn reduction', (x) => x.toFixed(2)],
  budget_utilization_pct: ['Budget used', (x) => `${x.toFixed(1)}%`],
};

/** Both scenarios and the differences, for the terminal. */
export function comparisonLines(cmp: ScenarioComparison): string[] {
  const head = (s: ScenarioComparison['a']) => `Scenario ${s.label}: ${s.status}`;
  const lines = [head(cmp.a), head(cmp.b), ''];
  lines.push(`  ${''.padEnd(26)} ${'A'.padStart(13)} ${'B'.padStart(13)} ${'B - A'.padStart(13)}`);
  for (const d of cmp.kpis) {
    const [label, fmt] = KPI_LABEL[d.kpi];
    const cell = (x: number | null) => (x === null ? '-' : fmt(x)).padStart(13);
    const change = d.difference === null ? '-' : `${d.difference > 0 ? '+' : ''}${fmt(d.difference)}`;
    lines.push(
      `  ${label.padEnd(26)} ${cell(d.a)} ${cell(d.b)} ${change.padStart(13)}${d.change_pct === null ? '' : ` (${d.change_pct > 0 ? '+' : ''}${d.change_pct.toFixed(1)}%)`}`,
    );
  }
  lines.push('', 'Action mix (customers)');
  for (const m of cmp.action_mix)
    lines.push(
      `  ${m.action_name.padEnd(26)} ${String(m.a).padStart(13)} ${String(m.b).padStart(13)} ${`${m.difference > 0 ? '+' : ''}${m.difference}`.padStart(13)}`,
    );
  lines.push('', 'Treated by segment');
  for (const s of cmp.segment_coverage)
    lines.push(
      `  ${s.segment.padEnd(26)} ${String(s.a).padStart(13)} ${String(s.b).padStart(13)} ${`${s.difference > 0 ? '+' : ''}${s.difference}`.padStart(13)}`,
    );
  lines.push(
    '',
    `Binding rules: A ${cmp.a.binding_rules.join(', ') || 'none'}; B ${cmp.b.binding_rules.join(', ') || 'none'}`,
  );
  if (cmp.customers_moved !== null) lines.push(`Customers whose action differs: ${cmp.customers_moved}`);
  return lines;
}
