import type { KnownBlock, ModalView } from '@slack/types';
import type { PlanAttachments } from '../../storage/plan-attachments.ts';
import type { RunRecord } from '../../storage/run-record.ts';
import { BLOCK_LIMITS, clampText, context, fieldsSection, joinLinesWithin, section } from './block-kit.ts';
import { escapeMrkdwn, formatCount, formatDollars, formatPercent, formatSlackTime, mentionUser } from './format.ts';

const plain = (text: string) => ({ type: 'plain_text' as const, text: clampText(text, 24), emoji: true });

function approvalLine(
  approval: { approved_by: string; second_approver?: string; approved_at: string } | undefined,
  run: RunRecord,
): string {
  if (approval)
    return `:white_check_mark: Approved by ${mentionUser(approval.approved_by)}${approval.second_approver ? ` and ${mentionUser(approval.second_approver)}` : ''} at ${formatSlackTime(new Date(approval.approved_at))}`;
  if (!run.plan_csv) return 'No plan to approve.';
  return `:hourglass: Not approved yet${(run.approvals_required ?? 1) >= 2 ? ' (needs two approvers)' : ''}: approve from the plan message in its channel.`;
}

/**
 * A recorded plan as a read-only modal (the Home tab's "Open"): status, who asked, approval,
 * the KPIs, the rules that bind, the policy, and links to its CSV and chart in Slack.
 */
export function buildPlanSummaryModal(input: {
  run: RunRecord;
  approval?: { approved_by: string; second_approver?: string; approved_at: string };
  attachments?: PlanAttachments;
  words: readonly string[];
}): ModalView {
  const { run } = input;
  const k = run.kpis;
  const binding = run.constraints
    .filter((row) => row.binding)
    .map(
      (row) =>
        `• \`${escapeMrkdwn(row.name)}\`: ${formatCount(row.used ?? 0)} (${row.sense === '<=' ? 'at most' : 'at least'} ${formatCount(row.limit ?? 0)})`,
    );
  const files = [input.attachments?.chart, input.attachments?.csv]
    .filter((file) => file?.permalink)
    .map((file) => `<${file?.permalink}|${escapeMrkdwn(file?.filename ?? '')}>`);
  const blocks: KnownBlock[] = [
    section(
      `*Plan* \`${run.plan_id}\`, ${run.status}, asked by ${mentionUser(run.requested_by)} at ${formatSlackTime(new Date(run.requested_at))}\n${approvalLine(input.approval, run)}`,
    ),
    fieldsSection([
      `*Customers treated*\n${formatCount(k.customers_treated ?? 0)} of ${formatCount(k.customers ?? 0)}`,
      `*Spend*\n${formatDollars(k.total_spend ?? 0)}${run.policy.budget !== undefined ? ` of ${formatDollars(run.policy.budget)}` : ''}`,
      `*Expected retained CLV*\n${formatDollars(k.expected_retained_clv ?? 0)}`,
      `*Net value*\n${formatDollars(k.net_value ?? 0)}`,
      `*ROI*\n${formatPercent(k.roi_pct ?? 0)}`,
      `*Held out*\n${formatCount(k.holdout_customers ?? 0)}`,
    ]),
    section(binding.length > 0 ? `*Rules that bind*\n${joinLinesWithin(binding, 2900)}` : '*Rules that bind*: none'),
    section(
      `*Policy*: ${input.words.length > 0 ? `\`${escapeMrkdwn(input.words.join(' '))}\`` : 'the Slack defaults'}`,
    ),
    context([
      files.length > 0
        ? `Files in Slack: ${files.join(' · ')}`
        : `The CSV is kept as ${escapeMrkdwn(run.plan_csv?.key ?? 'nothing (no plan)')}.`,
      `Predictions ${escapeMrkdwn(run.input.key)}`,
    ]),
  ];
  return {
    type: 'modal',
    title: plain('Retention plan'),
    close: plain('Close'),
    blocks: blocks.slice(0, BLOCK_LIMITS.blocksPerView),
  };
}
