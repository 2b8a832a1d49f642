import type { ApprovalRecord } from '../../approvals/approval-record.ts';
import type { PlanAttachments } from '../../storage/plan-attachments.ts';
import { chartImageBlocks, planFilesBlocks, planToolsBlock } from './plan-files-blocks.ts';
import { POLICY_KEYS, type PolicyKey } from '../../domain/policy.ts';
import { formatPolicyValue } from '../../domain/policy-words.ts';
import { SLACK_BASE_POLICY } from '../../domain/policy.ts';
import { context, fitMessage, header, joinLinesWithin, section, type SlackMessage } from './block-kit.ts';
import { escapeMrkdwn, formatCount, formatSlackTime, mentionUser } from './format.ts';

/** A key's default in Slack as people write it: `$150`, `60%`, `120`, or `none` for an optional key. */
export function policyDefaultText(key: PolicyKey): string {
  const value = SLACK_BASE_POLICY[key];
  if (value === undefined) return 'none';
  const text = formatPolicyValue(key, value);
  return POLICY_KEYS[key].kind === 'dollars' ? `$${text}` : text;
}

/** `/retention help`: every key, its default, what it accepts and an example. */
export function renderHelp(): SlackMessage {
  const lines = (Object.keys(POLICY_KEYS) as PolicyKey[]).map((key) => {
    const spec = POLICY_KEYS[key];
    return `• \`${key}\` (default ${policyDefaultText(key)}): ${spec.meaning}. Accepts ${spec.accepted}. Example: \`${spec.example}\``;
  });
  return fitMessage('How to use /retention', [
    header('/retention: plan this week’s retention actions'),
    section(
      '`/retention` opens the policy form (also: the *Plan retention* shortcut and the app’s Home tab). Or type the rules: `/retention budget=200 min_high_risk=70%`, or `/retention plan` for the defaults.',
    ),
    section(joinLinesWithin(lines)),
    section(
      [
        '`/retention sweep budget=150..1000`: one plan per level (12 by default; `:6`, `:log` after the range), a chart and a table. Any numeric key can be swept.',
        '`/retention compare budget=150 | budget=250 min_high_risk=70%`: two scenarios side by side, their KPIs, differences and action mix.',
        '`/retention uplift`: the uplift measured on the holdouts of approved plans. `/retention calibrate`: a catalog with measured uplifts, for an approver to accept.',
        '`/retention history [N]`: the last runs, who asked and who approved. `/retention status`: the latest predictions and the last plan. `/retention help`: this message.',
      ].join('\n'),
    ),
    context([
      'Plans made here hold out 10% of the assigned customers as a control group (`holdout=0` turns it off) and respect the contact history of approved plans. Plans are proven optimal by the HiGHS solver. A manager approves with *Approve & send*; a policy that moves a number more than 20% from the last approved plan needs two approvers.',
    ]),
  ]);
}

/** A one-line ephemeral answer. */
export function renderNote(text: string): SlackMessage {
  return { text, blocks: [section(text)] };
}

/** The acknowledgement of a plan request, sent within Slack's 3 seconds. */
export function renderPlanningAck(input: {
  customers: number;
  exact: boolean;
  predictionsKey: string;
  words: string[];
  holdout?: number;
}): SlackMessage {
  const count = `${input.exact ? '' : 'about '}${formatCount(input.customers)} customers`;
  const policy =
    input.words.length > 0 ? ` with \`${escapeMrkdwn(input.words.join(' '))}\`` : ' with the default policy';
  const holdout =
    input.holdout === undefined
      ? ''
      : input.holdout > 0
        ? `; ${Math.round(input.holdout * 1000) / 10}% held out as control`
        : '; no holdout';
  return renderNote(
    `:hourglass_flowing_sand: Planning for ${count} from ${escapeMrkdwn(input.predictionsKey)}${policy}${holdout}…`,
  );
}

/** A short failure message: the error code and a human sentence, never a stack. */
export function renderFailure(
  code: string,
  message: string,
  options: { jobId?: string; what?: string } = {},
): SlackMessage {
  const { jobId, what = 'Planning' } = options;
  const text = `:x: ${what} failed (${code}): ${escapeMrkdwn(message)}`;
  return fitMessage(text, [section(text), ...(jobId ? [context([`job \`${jobId}\``])] : [])]);
}

/** Posted once when a solve is still running after the configured delay. */
export function renderStillWorking(seconds: number): SlackMessage {
  return renderNote(
    `:hourglass: Still working: the solver has been running for ${seconds} s. The answer will follow here.`,
  );
}

/** `<@U1>`, or `<@U1> and <@U2>` when the plan needed two approvers. */
export function describeApprovers(approval: Pick<ApprovalRecord, 'approved_by' | 'second_approver'>): string {
  return `${mentionUser(approval.approved_by)}${approval.second_approver ? ` and ${mentionUser(approval.second_approver)}` : ''}`;
}

/** The replacement of the plan message once it is approved and sent; the plan's chart, files and buttons stay. */
export function renderApproved(input: {
  approval: ApprovalRecord;
  sent: number;
  exportKey: string;
  headline?: string;
  /** Where the plan's files are in Slack, its CSV key and policy words: kept so old links and buttons work. */
  files?: { attachments?: PlanAttachments; planCsvKey: string; words: readonly string[] };
}): SlackMessage {
  const at = formatSlackTime(new Date(input.approval.approved_at));
  const text = `:white_check_mark: Approved by ${describeApprovers(input.approval)} at ${at}: ${formatCount(input.sent)} actions sent`;
  const files = input.files;
  return fitMessage(text, [
    header('Retention plan approved'),
    ...(input.headline ? [section(input.headline)] : []),
    ...(files ? chartImageBlocks(files.attachments, `Plan ${input.approval.plan_id}: action mix and coverage`) : []),
    section(text),
    ...(files ? planFilesBlocks(files.attachments, files.planCsvKey) : []),
    context([`Plan \`${input.approval.plan_id}\` · export ${escapeMrkdwn(input.exportKey)}`]),
    ...(files ? [planToolsBlock(input.approval.plan_id, files.words)] : []),
  ]);
}

/** The answer to a second click, a retry or a second approver. */
export function renderAlreadyApproved(approval: ApprovalRecord): SlackMessage {
  const at = formatSlackTime(new Date(approval.approved_at));
  return renderNote(
    `Plan \`${approval.plan_id}\` was already approved by ${describeApprovers(approval)} at ${at}; nothing more was sent.`,
  );
}

/** The answer to someone who may not approve. */
export function renderNotApprover(): SlackMessage {
  return renderNote(':no_entry: Only the configured approvers can approve and send a plan. Nothing was sent.');
}
