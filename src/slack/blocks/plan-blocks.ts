import type { KnownBlock } from '@slack/types';
import { sentFigures, type ConstraintReport, type PlanOutcome } from '../../domain/plan.ts';
import { SLACK_BASE_POLICY } from '../../domain/policy.ts';
import { policyWords } from '../../domain/policy-words.ts';
import {
  actions,
  button,
  context,
  fieldsSection,
  fitMessage,
  header,
  joinLinesWithin,
  section,
  type SlackMessage,
} from './block-kit.ts';
import { escapeMrkdwn, formatCount, formatDollars, formatPercent, formatShare, mentionUser } from './format.ts';
import type { PlanAttachments } from '../../storage/plan-attachments.ts';
import { chartImageBlocks, planFilesBlocks, planToolsBlock } from './plan-files-blocks.ts';
import { horizonBlocks } from './horizon-blocks.ts';
import { approvalsBlocks, detailBlocks, historyBlocks, holdoutSection, marginalBlocks } from './plan-detail-blocks.ts';

/** The action id of the Approve & send button. */
export const APPROVE_ACTION_ID = 'approve_plan';

/** How the message holding an Approve button can later be replaced. */
export type MessageOrigin = 'response_url' | 'chat';

/** What the Approve & send button carries (JSON in its value, well under 2000 characters). */
export interface ApproveButtonValue {
  plan: string;
  via: MessageOrigin;
}

/** Where a plan came from and where it went, for the message around the KPIs. */
export interface PlanMessageContext {
  planId: string;
  planCsvKey: string;
  /** The plan's CSV and chart as shared in Slack, and why one is missing. */
  attachments?: PlanAttachments;
  predictionsKey: string;
  requestedBy?: string;
  origin: MessageOrigin;
  title?: string;
  /** The catalog version planned with (`default` or `YYYY-MM-DD-xxxxxxxx`). */
  catalogVersion?: string;
  /** Approved exports read as contact history. */
  historyFiles?: number;
  /** How many distinct approvers the plan needs, and why a second. */
  approvals?: { required: number; reasons: string[] };
}

/** Approvals so far and approvals needed, for the button: `Approve & send`, or `Approve (1 of 2)`. */
export interface ApprovalProgress {
  required: number;
  given: number;
}

function describeStatus(outcome: PlanOutcome): string {
  const { gap, seconds, method } = outcome.solver;
  const time = `${seconds.toFixed(seconds < 10 ? 1 : 0)} s, ${escapeMrkdwn(method)}`;
  if (outcome.status === 'error') return `:x: *No plan*: the solver stopped (${time})`;
  if (outcome.status === 'optimal') return `:white_check_mark: *Proven optimal* (gap ${formatShare(gap, 4)}; ${time})`;
  const gapText = Number.isFinite(gap) ? `within ${formatShare(gap, 2)} of the best possible` : 'no bound proven';
  return `:warning: *Feasible, not proven optimal*: ${gapText} (stopped after ${time})`;
}

/** KPI fields for a section: treated, spend of budget, retained CLV, net value, ROI, churn reduction. */
export function kpiFields(outcome: PlanOutcome): string[] {
  const k = outcome.kpis;
  const holdout = k.holdout_customers > 0 ? `, ${formatCount(k.holdout_customers)} held out` : '';
  return [
    `*Customers treated*\n${formatCount(k.customers_treated)} of ${formatCount(k.customers)}${holdout}`,
    `*Spend*\n${formatDollars(k.total_spend)} of ${formatDollars(outcome.policy.budget)} budget (${formatPercent(k.budget_utilization_pct)})${k.holdout_customers > 0 ? `\n${formatDollars(sentFigures(k).spend)} sent; the control group's ${formatDollars(sentFigures(k).holdoutSpend)} is not spent` : ''}`,
    `*Expected retained CLV*\n${formatDollars(k.expected_retained_clv)}`,
    `*Net value*\n${formatDollars(k.net_value)}`,
    `*ROI*\n${formatPercent(k.roi_pct)}`,
    `*Expected churn reduction*\n${k.expected_churn_reduction.toFixed(1)} customers`,
  ];
}

function describeRule(row: ConstraintReport): string {
  const value = (x: number) => (row.rule === 'budget' ? formatDollars(x) : formatCount(x));
  const sense = row.sense === '<=' ? 'at most' : 'at least';
  const sent = row.sent_used === undefined ? '' : `; ${value(row.sent_used)} sent`;
  return `• ${escapeMrkdwn(row.label)}: ${value(row.used)} (${sense} ${value(row.limit)}, \`${row.rule}\`${sent})`;
}

function bindingRules(outcome: PlanOutcome): string {
  const binding = outcome.constraints.filter((row) => row.binding);
  if (binding.length === 0) return '*Rules that bind*: none; every rule has slack';
  return `*Rules that bind* (${binding.length})\n${joinLinesWithin(binding.map(describeRule), 2900)}`;
}

function actionMix(outcome: PlanOutcome): string {
  const rows = [...outcome.action_mix].filter((row) => row.customers > 0).sort((a, b) => b.customers - a.customers);
  if (rows.length === 0) return '*Action mix*: no customer gets an action';
  const lines = rows.map(
    (row) =>
      `• ${escapeMrkdwn(row.action_name)} (${escapeMrkdwn(row.channel)}): ${formatCount(row.customers)} customers, ${formatDollars(row.spend)}`,
  );
  return `*Action mix*\n${joinLinesWithin(lines, 2950)}`;
}

/** The warnings to show, including the CLV-estimate warning whenever CLV was estimated. */
export function planWarnings(outcome: PlanOutcome): string[] {
  const warnings = [...outcome.warnings];
  if (outcome.clv_estimated && !warnings.some((w) => /\bCLV\b/i.test(w))) {
    warnings.unshift('CLV is estimated: the predictions have no clv column, so values use the segment revenue proxy.');
  }
  return warnings.map((w) => `:warning: ${escapeMrkdwn(w)}`);
}

function baselineLine(outcome: PlanOutcome): string | undefined {
  if (outcome.baselines.length === 0) return undefined;
  const parts = outcome.baselines.map(
    (b) =>
      `${escapeMrkdwn(b.description)} (net ${formatDollars(b.net_value)}${b.meets_policy ? '' : ', breaks the policy'})`,
  );
  return `Baselines: ${parts.join(' · ')}`;
}

/** The chart's description for screen readers: what the picture shows, in numbers. */
function chartAltText(outcome: PlanOutcome): string {
  const k = outcome.kpis;
  return `Action mix by segment and each segment's coverage against its floor: ${formatCount(k.customers_treated)} of ${formatCount(k.customers)} customers assigned, spend ${formatDollars(k.total_spend)}.`;
}

/** The text of the approve button: `Approve & send`, or `Approve (1 of 2)` / `Approve (2 of 2)` when two approvers are needed. */
export function approveButtonText(progress: ApprovalProgress = { required: 1, given: 0 }): string {
  return progress.required < 2
    ? 'Approve & send'
    : `Approve (${Math.min(progress.given + 1, progress.required)} of ${progress.required})`;
}

/** The Approve & send button for a plan. */
export function approveButton(
  planId: string,
  origin: MessageOrigin,
  treated: number,
  progress: ApprovalProgress = { required: 1, given: 0 },
): KnownBlock {
  const value: ApproveButtonValue = { plan: planId, via: origin };
  const two = progress.required >= 2;
  const confirmText = two
    ? `This plan needs ${progress.required} different approvers; yours is approval ${Math.min(progress.given + 1, progress.required)} of ${progress.required}. Once complete, ${formatCount(treated)} actions go to the campaign system (holdout customers stay out).`
    : `${formatCount(treated)} actions go to the campaign system (holdout customers stay out).`;
  return actions('approve', [
    button({
      text: approveButtonText(progress),
      actionId: APPROVE_ACTION_ID,
      value: JSON.stringify(value),
      style: 'primary',
      confirm: {
        title: { type: 'plain_text', text: 'Send this plan?' },
        text: { type: 'mrkdwn', text: confirmText },
        confirm: { type: 'plain_text', text: two ? 'Approve' : 'Approve & send' },
        deny: { type: 'plain_text', text: 'Cancel' },
      },
    }),
  ]);
}

/**
 * The blocks above the button: status, KPIs, treatment and holdout, binding rules and what
 * relaxing each is worth, action mix, top assignments and coverage, contact-history
 * exclusions, warnings, CSV, and the line naming plan, predictions, policy and catalog.
 */
export function planBodyBlocks(outcome: PlanOutcome, ctx: PlanMessageContext): KnownBlock[] {
  const words = policyWords(outcome.policy, SLACK_BASE_POLICY);
  const asked = ctx.requestedBy ? ` · asked by ${mentionUser(ctx.requestedBy)}` : '';
  const warnings = planWarnings(outcome);
  const baseline = baselineLine(outcome);
  return [
    header(ctx.title ?? 'Retention plan'),
    section(describeStatus(outcome)),
    fieldsSection(kpiFields(outcome)),
    holdoutSection(outcome),
    ...chartImageBlocks(ctx.attachments, chartAltText(outcome)),
    section(bindingRules(outcome)),
    ...marginalBlocks(outcome),
    section(actionMix(outcome)),
    ...horizonBlocks(outcome),
    ...detailBlocks(outcome),
    ...historyBlocks(outcome, ctx.historyFiles),
    ...approvalsBlocks(ctx.approvals),
    ...(warnings.length > 0 ? [context(warnings)] : []),
    ...(baseline ? [context([baseline])] : []),
    ...planFilesBlocks(ctx.attachments, ctx.planCsvKey),
    context([
      `Plan \`${ctx.planId}\` · ${escapeMrkdwn(ctx.predictionsKey)} · policy ${words.length > 0 ? `\`${escapeMrkdwn(words.join(' '))}\`` : 'defaults'}${ctx.catalogVersion ? ` · catalog \`${escapeMrkdwn(ctx.catalogVersion)}\`` : ''}${asked}`,
    ]),
  ];
}

/** The answer to a plan request: the plan, or why no plan meets the policy. */
export function renderPlanMessage(outcome: PlanOutcome, ctx: PlanMessageContext): SlackMessage {
  if (outcome.status === 'infeasible') return renderInfeasibleMessage(outcome, ctx);
  const k = outcome.kpis;
  const text = `Retention plan: ${formatCount(k.customers_treated)} customers treated, net value ${formatDollars(k.net_value)} (${outcome.status})`;
  const button = approveButton(ctx.planId, ctx.origin, k.customers_treated - k.holdout_customers, {
    required: ctx.approvals?.required ?? 1,
    given: 0,
  });
  const tools = planToolsBlock(ctx.planId, policyWords(outcome.policy, SLACK_BASE_POLICY));
  return fitMessage(text, [...planBodyBlocks(outcome, ctx), tools, button]);
}

/** Why no plan meets the policy, from the solver's explanation, with a command to try. */
export function renderInfeasibleMessage(
  outcome: PlanOutcome,
  ctx: Pick<PlanMessageContext, 'predictionsKey' | 'requestedBy'>,
): SlackMessage {
  const why = outcome.infeasibility;
  const reasons = why?.reasons.length
    ? why.reasons.map((r) => `• ${escapeMrkdwn(r)}`)
    : ['• the rules cannot all hold together'];
  const rules = why?.conflicting_rules.length
    ? `Conflicting rules: ${why.conflicting_rules.map((r) => `\`${r}\``).join(', ')}`
    : '';
  const blocks: KnownBlock[] = [
    header('No plan meets this policy'),
    section(joinLinesWithin([...reasons, rules].filter(Boolean))),
  ];
  if (why?.least_budget !== undefined) {
    // The holdout is drawn after solving and never changes feasibility, so the suggestion leaves it out.
    const words = policyWords(
      { ...outcome.policy, budget: Math.ceil(why.least_budget) },
      { ...SLACK_BASE_POLICY, holdout: outcome.policy.holdout },
    );
    blocks.push(
      section(
        `Try \`/retention ${escapeMrkdwn(words.join(' '))}\` (the least budget with every other rule unchanged).`,
      ),
    );
  }
  const warnings = planWarnings(outcome);
  if (warnings.length > 0) blocks.push(context(warnings));
  blocks.push(
    context([
      `${escapeMrkdwn(ctx.predictionsKey)}${ctx.requestedBy ? ` · asked by ${mentionUser(ctx.requestedBy)}` : ''}`,
    ]),
  );
  return fitMessage(`No plan meets this policy: ${why?.conflicting_rules.join(', ') ?? 'conflicting rules'}`, blocks);
}
