import type { KnownBlock } from '@slack/types';
import { BLOCK_LIMITS, context } from './blocks/block-kit.ts';
import { formatSlackTime, mentionUser } from './blocks/format.ts';
import type { ApproverRecord } from '../approvals/approver-records.ts';
import { approveButton, type MessageOrigin } from './blocks/plan-blocks.ts';
import type { AppLogger } from '../observability/app-logger.ts';
import type { SlackOutbox } from './outbox/outbox.ts';

/** The block id of the "approved 1 of 2 by ..." line added to a plan message. */
export const APPROVALS_BLOCK_ID = 'approvals';

/**
 * The plan message after `given` of `required` approvals: the button becomes
 * `Approve (2 of 2)` and a line says who approved and when. Works on the message's own
 * blocks as Slack sends them back with the click; other blocks are kept as they are.
 */
export function markApprovalProgress(
  blocks: readonly Record<string, unknown>[],
  input: {
    planId: string;
    origin: MessageOrigin;
    treated: number;
    required: number;
    approvers: readonly ApproverRecord[];
  },
): KnownBlock[] {
  const given = input.approvers.length;
  const who = input.approvers
    .map((a) => `${mentionUser(a.approved_by)} at ${formatSlackTime(new Date(a.approved_at))}`)
    .join(', ');
  const line: KnownBlock = {
    ...context([
      `:ballot_box_with_check: Approved ${given} of ${input.required} by ${who}; nothing is sent until a second, different approver approves.`,
    ]),
    block_id: APPROVALS_BLOCK_ID,
  };
  const kept = (blocks as unknown as KnownBlock[]).filter((block) => block.block_id !== APPROVALS_BLOCK_ID);
  const button = approveButton(input.planId, input.origin, input.treated, { required: input.required, given });
  const at = kept.findIndex((block) => block.type === 'actions' && block.block_id === 'approve');
  const marked = at < 0 ? [...kept, line, button] : [...kept.slice(0, at), line, button, ...kept.slice(at + 1)];
  const lineAt = marked.indexOf(line);
  // A message already at Slack's block limit gives up the block just above the new line.
  while (marked.length > BLOCK_LIMITS.blocksPerMessage && lineAt > 0) marked.splice(marked.indexOf(line) - 1, 1);
  return marked;
}

/**
 * Replaces the plan message with its progress (through the click's response URL, or with
 * chat.update for a Monday summary). Best effort: the approval is already recorded, so a
 * failed update is logged and the clicker's own answer still says where things stand.
 */
export async function showApprovalProgress(
  deps: { outbox: SlackOutbox; logger: AppLogger },
  where: { origin: MessageOrigin; responseUrl?: string; channelId?: string; messageTs?: string },
  message: { text: string; blocks: KnownBlock[] },
): Promise<void> {
  try {
    if (where.origin === 'chat' && where.channelId && where.messageTs)
      await deps.outbox.updateMessage(where.channelId, where.messageTs, message);
    else if (where.responseUrl) await deps.outbox.respond(where.responseUrl, { ...message, replace_original: true });
  } catch (error) {
    deps.logger.error('could not show the approval progress', { error: String(error) });
  }
}
