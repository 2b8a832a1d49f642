import { DEFAULT_POLICY, POLICY_KEYS, type PolicyKey } from '../domain/policy.ts';
import { context, fitMessage, header, joinLinesWithin, section, type SlackMessage } from './block-kit.ts';
import { escapeMrkdwn, formatCount, formatSlackTime } from './format.ts';

function defaultText(key: PolicyKey): string {
  const value = DEFAULT_POLICY[key];
  if (key === 'budget') return `$${value}`;
  if (POLICY_KEYS[key].kind === 'share') return `${Math.round(Number(value) * 1000) / 10}%`;
  return String(value);
}

/** `/retention help`: every key, its default, what it accepts and an example. */
export function renderHelp(): SlackMessage {
  const lines = (Object.keys(POLICY_KEYS) as PolicyKey[]).map((key) => {
    const spec = POLICY_KEYS[key];
    return `• \`${key}\` (default ${defaultText(key)}): ${spec.meaning}. Accepts ${spec.accepted}. Example: \`${spec.example}\``;
  });
  return fitMessage('How to use /retention', [
    header('/retention: plan this week’s retention actions'),
    section('`/retention` plans with the defaults; add `key=value` words to change the policy, e.g. `/retention budget=200 min_high_risk=70%`.'),
    section(joinLinesWithin(lines)),
    section('`/retention status`: the latest predictions, the last plan and whether it was approved.\n`/retention help`: this message.'),
    context(['Plans are proven optimal by the HiGHS solver. A manager approves with *Approve & send*.']),
  ]);
}

/** A one-line ephemeral answer. */
export function renderNote(text: string): SlackMessage {
  return { text, blocks: [section(text)] };
}

/** The acknowledgement of a plan request, sent within Slack's 3 seconds. */
export function renderPlanningAck(input: { customers: number; exact: boolean; predictionsKey: string; words: string[] }): SlackMessage {
  const count = `${input.exact ? '' : 'about '}${formatCount(input.customers)} customers`;
  const policy = input.words.length > 0 ? ` with \`${input.words.join(' ')}\`` : ' with the default policy';
  return renderNote(`:hourglass_flowing_sand: Planning for ${count} from ${escapeMrkdwn(input.predictionsKey)}${policy}…`);
}

/** A short failure message: the error code and a human sentence, never a stack. */
export function renderFailure(code: string, message: string, options: { jobId?: string; what?: string } = {}): SlackMessage {
  const { jobId, what = 'Planning' } = options;
  const text = `:x: ${what} failed (${code}): ${escapeMrkdwn(message)}`;
  return fitMessage(text, [section(text), ...(jobId ? [context([`job \`${jobId}\``])] : [])]);
}

/** Posted once when a solve is still running after the configured delay. */
export function renderStillWorking(seconds: number): SlackMessage {
  return renderNote(`:hourglass: Still working: the solver has been running for ${seconds} s. The plan will follow here.`);
}

/** Who approved a plan and when. */
export interface ApprovalRecord {
  plan_id: string;
  approved_by: string;
  approved_at: string;
  job_id: string;
}

/** The replacement of the plan message once it is approved and sent. */
export function renderApproved(input: { approval: ApprovalRecord; sent: number; exportKey: string; headline?: string }): SlackMessage {
  const at = formatSlackTime(new Date(input.approval.approved_at));
  const text = `:white_check_mark: Approved by <@${input.approval.approved_by}> at ${at}: ${formatCount(input.sent)} actions sent`;
  return fitMessage(text, [
    header('Retention plan approved'),
    ...(input.headline ? [section(input.headline)] : []),
    section(text),
    context([`Plan \`${input.approval.plan_id}\` · export ${escapeMrkdwn(input.exportKey)}`]),
  ]);
}

/** The answer to a second click, a retry or a second approver. */
export function renderAlreadyApproved(approval: ApprovalRecord): SlackMessage {
  const at = formatSlackTime(new Date(approval.approved_at));
  return renderNote(`Plan \`${approval.plan_id}\` was already approved by <@${approval.approved_by}> at ${at}; nothing more was sent.`);
}

/** The answer to someone who may not approve. */
export function renderNotApprover(): SlackMessage {
  return renderNote(':no_entry: Only the configured approvers can approve and send a plan. Nothing was sent.');
}
