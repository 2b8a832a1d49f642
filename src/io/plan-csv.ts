import type { PlanOutcome } from '../domain/plan.ts';
import { churnReduction } from '../domain/predictions.ts';

export const PLAN_CSV_COLUMNS = [
  'customer_id',
  'action_id',
  'action_name',
  'channel',
  'cost',
  'churn_probability',
  'clv',
  'uplift',
  'churn_reduction',
  'expected_retained_clv',
  'net_value',
  'subscription_type',
  'risk_segment',
  'group',
] as const;

/**
 * Cells a spreadsheet may run as a formula: `=`, `+`, `-` or `@` first, also after leading
 * whitespace (some importers trim it, and Excel runs ` =1+1` typed after a space), or a leading
 * tab, CR or LF (OWASP's CSV-injection list).
 */
const FORMULA_START = /^[\t\r\n]|^\s*[=+\-@]/;

/**
 * A text cell safe for spreadsheets and RFC 4180: a cell that could run as a formula (see
 * {@link FORMULA_START}) gets a leading apostrophe; quotes, commas and newlines are quoted.
 */
export function textCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function numberCell(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}

/**
 * SPEC 4 plan CSV as lines (header first, each ending in CRLF), one per assigned customer. A
 * plan over several weeks (issue 20) has one line per customer-week assignment and a `week`
 * column last; the weeks after the first are the intended continuation, in groups `planned`
 * and `planned_holdout`, so that only week 1's `treatment` lines are ever exported.
 */
export function* planCsvLines(
  outcome: PlanOutcome,
  options: { group?: 'treatment' | 'holdout' } = {},
): Generator<string> {
  const weeks = outcome.horizon?.weeks;
  yield `${[...PLAN_CSV_COLUMNS, ...(weeks ? ['week'] : [])].join(',')}\r\n`;
  const assignment = outcome.assignment;
  if (!assignment) return;
  const { predictions, policy } = outcome;
  for (const week of weeks ?? [undefined]) {
    const choice = week?.choice ?? assignment.choice;
    const held = week?.holdout ?? assignment.holdout;
    for (let i = 0; i < choice.length; i++) {
      const k = choice[i];
      if (k < 0) continue;
      const later = week !== undefined && week.week > 1;
      const group = `${later ? 'planned_' : ''}${held[i] ? 'holdout' : 'treatment'}`.replace(
        'planned_treatment',
        'planned',
      );
      if (options.group && options.group !== group) continue;
      const action = assignment.actions[k];
      const p = predictions.p[i];
      const v = predictions.v[i];
      const r = week ? week.reduction[i] : churnReduction(predictions, action.id, action.uplift, i);
      const cells = [
        textCell(predictions.ids.at(i)),
        String(action.id),
        textCell(action.name),
        textCell(action.channel),
        numberCell(action.cost),
        numberCell(p),
        numberCell(v),
        numberCell(week ? week.uplift[i] : action.uplift),
        numberCell(r),
        numberCell(r * v),
        numberCell(r * v - action.cost),
        textCell(predictions.segments[predictions.segmentOf[i]]),
        p > policy.high_risk_threshold ? 'high_risk' : 'not_high_risk',
        group,
        ...(week ? [String(week.week)] : []),
      ];
      yield `${cells.join(',')}\r\n`;
    }
  }
}

/** The whole plan CSV as one string (fine up to a few hundred thousand rows). */
export function renderPlanCsv(outcome: PlanOutcome, options: { group?: 'treatment' | 'holdout' } = {}): string {
  let csv = '';
  for (const line of planCsvLines(outcome, options)) csv += line;
  return csv;
}

/**
 * The rows the campaign system may import: the header and the `treatment` rows only.
 * Holdout customers are never exported (they are the control group).
 */
export function exportCsvLines(outcome: PlanOutcome): Generator<string> {
  return planCsvLines(outcome, { group: 'treatment' });
}
