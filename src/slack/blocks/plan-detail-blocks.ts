import type { KnownBlock } from '@slack/types';
import { describePlan } from '../../analytics/plan-detail.ts';
import { marginalValueBlocks } from './analytics-blocks.ts';
import type { PlanOutcome } from '../../domain/plan.ts';
import { joinLinesWithin, section } from './block-kit.ts';
import { escapeMrkdwn, formatCount, formatDollars, formatShare } from './format.ts';

/** How many of the highest-value assignments the plan message lists. */
export const TOP_ASSIGNMENTS_SHOWN = 5;

/** Treatment and holdout counts: who gets an action and who is kept as the control group. */
export function holdoutSection(outcome: PlanOutcome): KnownBlock {
  const { customers_treated: assigned, holdout_customers: held } = outcome.kpis;
  const treatment = assigned - held;
  if (held === 0) {
    return section(
      `*Treatment*: ${formatCount(treatment)} customers get an action. *No holdout* (holdout=${formatShare(outcome.policy.holdout)}): this plan’s uplift cannot be measured.`,
    );
  }
  const share = assigned > 0 ? ` (${formatShare(held / assigned)} of those assigned)` : '';
  return section(
    `*Treatment*: ${formatCount(treatment)} customers get an action. *Holdout*: ${formatCount(held)}${share} are kept as a control group, never sent, so that the uplift can be measured in 30 days.`,
  );
}

/** The marginal value of each binding rule, one line each ("+$1 of budget is worth $4.86 of net value, from $150 to $212"). */
export function marginalBlocks(outcome: PlanOutcome): KnownBlock[] {
  const blocks = marginalValueBlocks(outcome);
  if (blocks.length > 0 || !outcome.marginal_values) return blocks;
  return [section('*What relaxing a rule is worth*: no rule binds, so one more unit of any limit adds nothing')];
}

/** The highest-value assignments and each segment's coverage against its floor. */
export function detailBlocks(outcome: PlanOutcome): KnownBlock[] {
  if (!outcome.assignment) return [];
  const detail = describePlan(outcome, TOP_ASSIGNMENTS_SHOWN);
  const top = detail.top_assignments.map(
    (t) =>
      `• ${escapeMrkdwn(t.customer_id)} → ${escapeMrkdwn(t.action_name)} (${escapeMrkdwn(t.segment)}, churn ${formatShare(t.churn_probability)}, CLV ${formatDollars(t.clv, { whole: true })}): net ${formatDollars(t.net_value)}${t.group === 'holdout' ? ', held out' : ''}`,
  );
  const coverage = detail.segment_coverage.map(
    (s) =>
      `• ${escapeMrkdwn(s.segment)}: ${formatCount(s.treated)} of ${formatCount(s.customers)} (${formatShare(s.share)}), floor ${formatCount(s.floor)}${s.meets_floor ? '' : ' :warning: below the floor'}${s.sent_treated === undefined ? '' : `; ${formatCount(s.sent_treated)} sent${s.sent_treated < s.floor ? ' :warning:' : ''}`}`,
  );
  const blocks: KnownBlock[] = [];
  if (top.length > 0)
    blocks.push(section(`*Top ${top.length} assignments by net value*\n${joinLinesWithin(top, 2900)}`));
  if (coverage.length > 0)
    blocks.push(
      section(`*Coverage by segment* (treated of customers, against the floor)\n${joinLinesWithin(coverage, 2900)}`),
    );
  return blocks;
}

/** What the contact history of approved plans kept out this week, rule by rule. */
export function historyBlocks(outcome: PlanOutcome, exportsRead: number | undefined): KnownBlock[] {
  const exclusions = outcome.history_exclusions;
  if (!exclusions) return [];
  const read =
    exportsRead === undefined
      ? ''
      : ` (${formatCount(exportsRead)} approved export${exportsRead === 1 ? '' : 's'} read)`;
  if (exclusions.length === 0) return [section(`*Contact history*${read}: no customer was excluded`)];
  const lines = exclusions.map(
    (e) =>
      `• ${escapeMrkdwn(e.label)}: ${formatCount(e.customers)} customer${e.customers === 1 ? '' : 's'} excluded (\`${escapeMrkdwn(e.rule)}\`)`,
  );
  return [
    section(`*Contact history*${read}; a customer may count under several rules\n${joinLinesWithin(lines, 2800)}`),
  ];
}

/** Why the plan needs a second approver, when it does. */
export function approvalsBlocks(approvals: { required: number; reasons: string[] } | undefined): KnownBlock[] {
  if (!approvals || approvals.required < 2) return [];
  const moved = approvals.reasons.length > 0 ? approvals.reasons.map(escapeMrkdwn).join(', ') : 'the policy';
  return [
    section(
      `:warning: *Two approvers needed*: this policy moves ${moved}, more than 20% from the last approved plan. Nothing is sent until a second, different approver approves.`,
    ),
  ];
}
