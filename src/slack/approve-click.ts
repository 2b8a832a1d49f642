import * as z from 'zod';
import { isPlannerError } from '../domain/errors.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { PLAN_ID } from '../storage/run-ids.ts';
import { readRun, type RunRecord } from '../storage/run-record.ts';
import { approveOnce, readApproval } from '../approvals/approval-record.ts';
import { listApprovers, recordApprover } from '../approvals/approver-records.ts';
import type { SlackMessage } from './blocks/block-kit.ts';
import { escapeMrkdwn } from './blocks/format.ts';
import { newJobId, recordJob } from '../jobs/job-records.ts';
import { renderAlreadyApproved, renderFailure, renderNotApprover, renderNote } from './blocks/messages.ts';
import { markApprovalProgress, showApprovalProgress } from './pending-approval.ts';
import { describeFailure } from '../domain/errors.ts';
import type { AppLogger } from '../observability/app-logger.ts';
import type { Clock } from '../domain/clock.ts';
import type { JobDispatcher } from '../jobs/dispatchers.ts';
import { refreshHomeTabs } from '../jobs/refresh-home.ts';
import type { SlackOutbox } from './outbox/outbox.ts';

/** The fields of Slack's block_actions payload this app reads. */
export const approveClickSchema = z.object({
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  /** The workspace the app is installed in. */
  team: z.object({ id: z.string() }).nullable().optional(),
  /** Opens a modal within 3 s of the click (Edit & re-plan, the Home tab's buttons). */
  trigger_id: z.string().optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().max(2000).optional() })).min(1),
  response_url: z.url().optional(),
  channel: z.object({ id: z.string() }).optional(),
  container: z.object({ message_ts: z.string().optional(), channel_id: z.string().optional() }).loose().optional(),
  /** The message holding the button, as Slack has it (absent for ephemeral messages). */
  message: z
    .object({ text: z.string().optional(), blocks: z.array(z.record(z.string(), z.unknown())).max(50).optional() })
    .loose()
    .optional(),
});

export type ApproveClick = z.infer<typeof approveClickSchema>;

const buttonValueSchema = z.object({ plan: z.string().regex(PLAN_ID), via: z.enum(['response_url', 'chat']) });
type ButtonValue = z.infer<typeof buttonValueSchema>;

export interface ApproveDeps {
  store: ObjectStore;
  dispatcher: JobDispatcher;
  outbox: SlackOutbox;
  approvers: readonly string[];
  clock: Clock;
  logger: AppLogger;
  newJobId?: (now: Date) => string;
  /** Republishes Home tabs (the users given and every approver) once a first of two approvals is recorded. */
  refreshHome?: (userIds: readonly string[]) => Promise<void>;
}

function parseButton(value: string | undefined): ButtonValue | undefined {
  try {
    const parsed = buttonValueSchema.safeParse(JSON.parse(value ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes approval.json once and hands the export to the worker; the loser of a race hears who won. */
async function finish(
  deps: ApproveDeps,
  click: ApproveClick,
  button: ButtonValue,
  approvers: { first: string; second?: string },
  now: Date,
): Promise<SlackMessage | undefined> {
  const planId = button.plan;
  const jobId = (deps.newJobId ?? newJobId)(now);
  const record = {
    plan_id: planId,
    approved_by: approvers.first,
    ...(approvers.second ? { second_approver: approvers.second } : {}),
    approved_at: now.toISOString(),
    job_id: jobId,
  };
  const { won, approval } = await approveOnce(deps.store, record);
  if (!won) return renderAlreadyApproved(approval);
  const channelId = click.container?.channel_id ?? click.channel?.id;
  await recordJob(deps.store, {
    kind: 'approve',
    job_id: jobId,
    plan_id: planId,
    approved_by: approval.approved_by,
    ...(approval.second_approver ? { second_approver: approval.second_approver } : {}),
    approved_at: approval.approved_at,
    via: button.via,
    ...(channelId ? { channel_id: channelId } : {}),
    ...(click.container?.message_ts ? { message_ts: click.container.message_ts } : {}),
    ...(click.response_url ? { response_url: click.response_url } : {}),
  });
  await deps.dispatcher.dispatch(jobId);
  deps.logger.info('approval recorded; export dispatched', { job_id: jobId, plan_id: planId, user: click.user.id });
  return undefined;
}

/**
 * A plan that needs two approvers: each approver's approval is recorded once
 * (`plans/<id>/approvals/<user>.json`); the plan is approved and exported only when two
 * distinct approvers have approved, by whichever click sees both (approval.json is still
 * written once, so concurrent second clicks export once).
 */
async function approveByTwo(
  deps: ApproveDeps,
  click: ApproveClick,
  button: ButtonValue,
  run: RunRecord,
  now: Date,
): Promise<SlackMessage | undefined> {
  const planId = button.plan;
  const done = await readApproval(deps.store, planId);
  if (done) return renderAlreadyApproved(done);
  const required = run.approvals_required ?? 2;
  const mine = await recordApprover(deps.store, {
    plan_id: planId,
    approved_by: click.user.id,
    approved_at: now.toISOString(),
  });
  const approvers = await listApprovers(deps.store, planId);
  if (approvers.length >= required) {
    const first = approvers[0].approved_by;
    const second =
      approvers.find((a) => a.approved_by === click.user.id && a.approved_by !== first)?.approved_by ??
      approvers[1].approved_by;
    return finish(deps, click, button, { first, second }, now);
  }
  if (!mine)
    return renderNote(
      `:no_entry: You already approved plan \`${planId}\` (${approvers.length} of ${required}). It needs a second, different approver; nothing was sent.`,
    );
  const blocks = click.message?.blocks;
  if (blocks && blocks.length > 0) {
    const treated = Number(run.kpis.customers_treated ?? 0) - Number(run.kpis.holdout_customers ?? 0);
    const updated = markApprovalProgress(blocks, { planId, origin: button.via, treated, required, approvers });
    const where = {
      origin: button.via,
      responseUrl: click.response_url,
      channelId: click.container?.channel_id ?? click.channel?.id,
      messageTs: click.container?.message_ts,
    };
    await showApprovalProgress(deps, where, {
      text: click.message?.text ?? `Retention plan ${planId}`,
      blocks: updated,
    });
  }
  await refreshHomeTabs(deps, [click.user.id]);
  const why = run.approval_reasons?.length ? ` (${run.approval_reasons.map(escapeMrkdwn).join(', ')})` : '';
  return renderNote(
    `:ballot_box_with_check: Your approval of plan \`${planId}\` is recorded (${approvers.length} of ${required}). Its policy moved more than 20% from the last approved plan${why}, so nothing is sent until a second, different approver approves.`,
  );
}

async function approve(deps: ApproveDeps, click: ApproveClick, button: ButtonValue): Promise<SlackMessage | undefined> {
  let run: RunRecord;
  try {
    run = await readRun(deps.store, button.plan);
  } catch (error) {
    if (isPlannerError(error) && error.code === 'NOT_FOUND')
      return renderNote(`:no_entry: Plan \`${button.plan}\` does not exist in the store.`);
    throw error;
  }
  if (!run.plan_csv) return renderNote(`:no_entry: Plan \`${button.plan}\` is ${run.status}: it has nothing to send.`);
  const now = deps.clock();
  if ((run.approvals_required ?? 1) >= 2) return approveByTwo(deps, click, button, run, now);
  return finish(deps, click, button, { first: click.user.id }, now);
}

/**
 * A click on the approve button, on the acknowledgement path. Only approvers may approve.
 * A plan needing one approver is approved by the first click (approval.json written once:
 * a second click, a retry or a second approver gets "already approved by ... at ...").
 * A plan needing two is exported only on the second distinct approver. The export, webhook
 * and message update are handed to the worker. Returns the ephemeral answer for the
 * clicker, or undefined when the worker will answer.
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
