import { z } from 'zod';
import { isPlannerError } from '../domain/errors.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { PLAN_ID } from '../storage/run-ids.ts';
import { readRun } from '../storage/run-record.ts';
import { approveOnce } from './approval-record.ts';
import type { SlackMessage } from './block-kit.ts';
import { newJobId, recordJob } from './jobs.ts';
import { renderAlreadyApproved, renderFailure, renderNotApprover, renderNote } from './messages.ts';
import { describeFailure, type AppLogger, type Clock, type JobDispatcher } from './ports.ts';

/** The fields of Slack's block_actions payload this app reads. */
export const approveClickSchema = z.object({
  user: z.object({ id: z.string().min(1) }),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().max(2000).optional() })).min(1),
  response_url: z.url().optional(),
  channel: z.object({ id: z.string() }).optional(),
  container: z.object({ message_ts: z.string().optional(), channel_id: z.string().optional() }).loose().optional(),
});

export type ApproveClick = z.infer<typeof approveClickSchema>;

const buttonValueSchema = z.object({ plan: z.string().regex(PLAN_ID), via: z.enum(['response_url', 'chat']) });

export interface ApproveDeps {
  store: ObjectStore;
  dispatcher: JobDispatcher;
  approvers: readonly string[];
  clock: Clock;
  logger: AppLogger;
  newJobId?: (now: Date) => string;
}

function parseButton(value: string | undefined): z.infer<typeof buttonValueSchema> | undefined {
  try {
    const parsed = buttonValueSchema.safeParse(JSON.parse(value ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function approve(deps: ApproveDeps, click: ApproveClick, button: z.infer<typeof buttonValueSchema>): Promise<SlackMessage | undefined> {
  const planId = button.plan;
  try {
    const run = await readRun(deps.store, planId);
    if (!run.plan_csv) return renderNote(`:no_entry: Plan \`${planId}\` is ${run.status}: it has nothing to send.`);
  } catch (error) {
    if (isPlannerError(error) && error.code === 'NOT_FOUND') return renderNote(`:no_entry: Plan \`${planId}\` does not exist in the store.`);
    throw error;
  }
  const now = deps.clock();
  const jobId = (deps.newJobId ?? newJobId)(now);
  const userId = click.user.id;
  const { won, approval } = await approveOnce(deps.store, { plan_id: planId, approved_by: userId, approved_at: now.toISOString(), job_id: jobId });
  if (!won) return renderAlreadyApproved(approval);
  const channelId = click.container?.channel_id ?? click.channel?.id;
  await recordJob(deps.store, {
    kind: 'approve',
    job_id: jobId,
    plan_id: planId,
    approved_by: userId,
    approved_at: approval.approved_at,
    via: button.via,
    ...(channelId ? { channel_id: channelId } : {}),
    ...(click.container?.message_ts ? { message_ts: click.container.message_ts } : {}),
    ...(click.response_url ? { response_url: click.response_url } : {}),
  });
  await deps.dispatcher.dispatch(jobId);
  deps.logger.info('approval recorded; export dispatched', { job_id: jobId, plan_id: planId, user: userId });
  return undefined;
}

/**
 * A click on Approve & send, on the acknowledgement path. Only approvers may approve;
 * the approval is written once (put-if-absent), so a second click, a retry or a second
 * approver at the same moment gets "already approved by ... at ..." and nothing more is
 * sent. The winner's export, webhook and message update are handed to the worker.
 * Returns the ephemeral answer for the clicker, or undefined when the worker will answer.
 */
export async function handleApproveClick(deps: ApproveDeps, click: ApproveClick): Promise<SlackMessage | undefined> {
  if (!deps.approvers.includes(click.user.id)) return renderNotApprover();
  const button = parseButton(click.actions[0].value);
  if (!button) return renderNote(':no_entry: This button does not name a plan; run `/retention` again.');
  try {
    return await approve(deps, click, button);
  } catch (error) {
    const failure = describeFailure(error);
    deps.logger.error('approval failed', { plan_id: button.plan, code: failure.code, error: String(error) });
    return renderFailure(failure.code, failure.message, { what: 'Approval' });
  }
}
