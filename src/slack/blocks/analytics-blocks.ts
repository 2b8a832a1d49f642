import type { ContextBlock, HeaderBlock, ImageBlock, KnownBlock, SectionBlock } from '@slack/types';
import type { PlanOutcome } from '../../domain/plan.ts';
import type { ScenarioComparison } from '../../analytics/compare.ts';
import { describeKnee, formatKeyValue, formatMoney } from '../../analytics/format.ts';
import { comparisonLines, marginalValueSentence, sweepLines } from '../../analytics/report-lines.ts';
import type { SweepResult } from '../../analytics/sweep.ts';
import { escapeMrkdwn } from './format.ts';

/** The Block Kit limits these builders keep (Slack refuses a message beyond them). */
export const SLACK_LIMITS = {
  blocks: 50,
  text: 3000,
  header: 150,
  altText: 2000,
  fields: 10,
  fieldText: 2000,
} as const;

const clamp = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Joins lines into at most `max` characters, ending with "…and N more" instead of cutting a line. */
function within(lines: readonly string[], max: number): string {
  const kept: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const tail = i < lines.length - 1 ? `\n…and ${lines.length - i - 1} more`.length : 0;
    if (used + line.length + 1 + tail > max) {
      kept.push(`…and ${lines.length - i} more`);
      break;
    }
    kept.push(line);
    used += line.length + 1;
  }
  return clamp(kept.join('\n'), max);
}

const header = (text: string): HeaderBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: clamp(text, SLACK_LIMITS.header) },
});
const section = (text: string): SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clamp(text, SLACK_LIMITS.text) },
});
const context = (text: string): ContextBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: clamp(text, SLACK_LIMITS.text) }],
});
/** A monospace table, its lines (action and segment names) escaped for mrkdwn; the fence is counted inside the limit. */
const codeSection = (lines: readonly string[]): SectionBlock =>
  section(`\`\`\`${within(lines.map(escapeMrkdwn), SLACK_LIMITS.text - 6)}\`\`\``);

/** One mrkdwn line per binding rule: "• +$1 of budget is worth $4.86 of net value, from $150 to $158 (…)". */
export function marginalValueLines(outcome: PlanOutcome): string[] {
  const report = outcome.marginal_values;
  if (!report) return [];
  const lines = report.values.map((m) => `• ${marginalValueSentence(m)}`);
  if (report.note) lines.push(`_${report.note}_`);
  return lines;
}

/** A section with the marginal values, or nothing when none were computed. */
export function marginalValueBlocks(outcome: PlanOutcome): KnownBlock[] {
  const lines = marginalValueLines(outcome);
  return lines.length === 0 ? [] : [section(within(['*What relaxing a rule is worth*', ...lines], SLACK_LIMITS.text))];
}

/** The answer to `/retention sweep …`: headline with the knee, the chart (Slack's copy, by file id), the level table. */
export function sweepBlocks(sweep: SweepResult, chartFileId: string | undefined): KnownBlock[] {
  const knee = sweep.knee;
  const headline = knee
    ? `*Returns diminish at ${formatKeyValue(sweep.key, knee.value)}*: ${describeKnee(sweep.key, knee)}.`
    : '*No knee*: returns do not visibly diminish over this range.';
  const best = sweep.points
    .filter((p) => p.kpis)
    .sort((a, b) => (b.kpis?.net_value ?? 0) - (a.kpis?.net_value ?? 0))[0];
  const image: ImageBlock = {
    type: 'image',
    slack_file: { id: chartFileId ?? '' },
    alt_text: clamp(
      `Net value, ROI and customers treated against ${sweep.key} from ${formatKeyValue(sweep.key, sweep.points[0].value)} to ${formatKeyValue(sweep.key, sweep.points[sweep.points.length - 1].value)}${knee ? `, knee at ${formatKeyValue(sweep.key, knee.value)}` : ''}`,
      SLACK_LIMITS.altText,
    ),
  };
  const blocks: KnownBlock[] = [
    header(`Sweep of ${sweep.key}: ${sweep.points.length} levels`),
    section(headline),
    ...(chartFileId ? [image] : []),
    codeSection(sweepLines(sweep).slice(2, -2)),
  ];
  if (best?.kpis)
    blocks.push(
      context(
        `Highest net value in the range: ${formatMoney(best.kpis.net_value)} at ${formatKeyValue(sweep.key, best.value)}. ${sweep.seconds.toFixed(1)} s.`,
      ),
    );
  return blocks;
}

/** The answer to `/retention compare A | B`: both scenarios' KPIs, the differences, the mix moves. */
export function compareBlocks(cmp: ScenarioComparison): KnownBlock[] {
  const lines = comparisonLines(cmp);
  const split = lines.indexOf('Action mix (customers)');
  const scenario = (s: ScenarioComparison['a']) => `*${s.label}*: ${s.status}`;
  const net = cmp.kpis.find((d) => d.kpi === 'net_value');
  const verdict =
    net?.difference === null || net?.difference === undefined
      ? 'One scenario has no plan; see why in its run.'
      : `B ${net.difference >= 0 ? 'adds' : 'loses'} ${formatMoney(Math.abs(net.difference))} of net value against A.`;
  return [
    header('Scenario comparison'),
    section(`${scenario(cmp.a)}\n${scenario(cmp.b)}\n${verdict}`),
    codeSection(lines.slice(3, split - 1)),
    codeSection(lines.slice(split)),
  ];
}
