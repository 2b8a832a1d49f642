import { PlannerError } from '../domain/errors.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { readRun } from '../storage/run-record.ts';
import { sentFigures, type Kpis } from '../domain/plan.ts';
import { writeExport } from '../approvals/write-export.ts';
import { readApproval } from '../approvals/approval-record.ts';
import { section } from '../slack/blocks/block-kit.ts';
import { escapeMrkdwn, formatDollars, formatCount, localDate } from '../slack/blocks/format.ts';
import type { ApproveJob } from './job-records.ts';
import { renderApproved } from '../slack/blocks/messages.ts';
import { describeFailure } from '../domain/errors.ts';
import type { AppLogger } from '../observability/app-logger.ts';
import type { CampaignWebhook } from '../approvals/campaign-webhook.ts';
import type { SlackOutbox } from '../slack/outbox/outbox.ts';
import { readTreatmentRows } from '../approvals/treatment-rows.ts';
import { policySchema, SLACK_BASE_POLICY } from '../domain/policy.ts';
import { policyWords } from '../domain/policy-words.ts';
import { readPlanAttachments } from '../storage/plan-attachments.ts';
import { refreshHomeTabs } from './refresh-home.ts';

export interface ApproveJobDeps {
  /** Slack user ids allowed to approve (APPROVER_USER_IDS), checked again here, not only on the click. */
  approvers: readonly string[];
  store: ObjectStore;
  outbox: SlackOutbox;
  logger: AppLogger;
  timeZone: string;
  webhook?: CampaignWebhook;
  /** Republishes Home tabs once the plan is approved (see `PlanJobDeps`). */
  refreshHome?: (userIds: readonly string[]) => Promise<void>;
}

/**
 * Refuses an approve job that the click listener did not record: every approver it names must
 * be a configured approver, and `plans/<plan_id>/approval.json` must exist and name this job
 * and these approvers. A job forged straight onto the worker (a stray invoke, a hand-written
 * `jobs/*.json`) is FORBIDDEN and nothing is exported, sent or posted.
 */
export async function verifyApproveJob(
  deps: Pick<ApproveJobDeps, 'approvers' | 'store'>,
  job: ApproveJob,
): Promise<void> {
  const named = [job.approved_by, ...(job.second_approver ? [job.second_approver] : [])];
  const outsider = named.find((user) => !deps.approvers.includes(user));
  if (outsider)
    throw new PlannerError(
      'FORBIDDEN',
      `approve job ${job.job_id}: ${outsider} is not a configured approver; nothing was sent`,
    );
  const approval = await readApproval(deps.store, job.plan_id);
  if (
    !approval ||
    approval.job_id !== job.job_id ||
    approval.approved_by !== job.approved_by ||
    approval.second_approver !== job.second_approver
  ) {
    throw new PlannerError(
      'FORBIDDEN',
      `approve job ${job.job_id}: plan ${job.plan_id} has no matching approval record; nothing was sent`,
    );
  }
}

/**
 * `108 customers sent · spend $135.00 (the control group's $15.00 is not spent) · net value
 * $1,774.13`, from a run record's KPIs (a record older than the sent figures reads as no holdout).
 */
function describeSent(recorded: Record<string, number>): string {
  const figure = (key: keyof Kpis): number => recorded[key] ?? 0;
  const sent = sentFigures({
    customers_treated: figure('customers_treated'),
    holdout_customers: figure('holdout_customers'),
    total_spend: figure('total_spend'),
    expected_retained_clv: figure('expected_retained_clv'),
    net_value: figure('net_value'),
    ...recorded,
  });
  const held = sent.holdoutSpend > 0 ? ` (the control group's ${formatDollars(sent.holdoutSpend)} is not spent)` : '';
  return `${formatCount(sent.customers)} customers sent · spend ${formatDollars(sent.spend)}${held} · net value ${formatDollars(sent.netValue)}`;
}

/**
 * The worker's half of Approve & send (the approval itself was written once on the click):
 * write `exports/<date>/<plan_id>.csv` with the treatment rows (written once), POST the
 * signed manifest to the campaign system when one is configured, and replace the plan
 * message with "Approved by ... at ...: N actions sent".
 */
export async function runApproveJob(
  deps: ApproveJobDeps,
  job: ApproveJob,
): Promise<{ status: string; export_key: string; rows: number }> {
  await verifyApproveJob(deps, job);
  const run = await readRun(deps.store, job.plan_id);
  const planCsvKey = run.plan_csv?.key ?? `plans/${job.plan_id}/plan.csv`;
  const { csv, rows } = await readTreatmentRows(deps.store, planCsvKey);
  const date = localDate(new Date(job.approved_at), deps.timeZone);
  const exported = await writeExport(deps.store, { date, planId: job.plan_id, csv });
  const kpis = Object.fromEntries(
    Object.entries(run.kpis).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
  );

  let handoff = deps.webhook ? 'sent to the campaign system' : 'written; no campaign webhook is configured';
  if (!exported.created) handoff = 'already written earlier; nothing more was sent';
  else if (deps.webhook) {
    try {
      const second = job.second_approver ? { second_approver: job.second_approver } : {};
      await deps.webhook.send({
        plan_id: job.plan_id,
        export_key: exported.key,
        rows,
        approved_by: job.approved_by,
        ...second,
        approved_at: job.approved_at,
        kpis,
      });
    } catch (error) {
      const failure = describeFailure(error);
      deps.logger.error('campaign webhook failed', { job_id: job.job_id, plan_id: job.plan_id, error: String(error) });
      handoff = `exported, but the hand-off failed (${failure.code}): ${escapeMrkdwn(failure.message)}`;
    }
  }
  const headline = describeSent(kpis);
  const approval = {
    plan_id: job.plan_id,
    approved_by: job.approved_by,
    ...(job.second_approver ? { second_approver: job.second_approver } : {}),
    approved_at: job.approved_at,
    job_id: job.job_id,
  };
  const policy = policySchema.safeParse({ ...SLACK_BASE_POLICY, ...run.policy });
  const files = {
    attachments: await readPlanAttachments(deps.store, job.plan_id).catch(() => undefined),
    planCsvKey,
    words: policy.success ? policyWords(policy.data, SLACK_BASE_POLICY) : [],
  };
  const message = renderApproved({ approval, sent: rows, exportKey: exported.key, headline, files });
  message.blocks.push(section(`The export ${exported.key} was ${handoff}.`));

  if (job.via === 'chat' && job.channel_id && job.message_ts) {
    await deps.outbox.updateMessage(job.channel_id, job.message_ts, message);
  } else if (job.response_url) {
    await deps.outbox.respond(job.response_url, { ...message, replace_original: true });
  }
  await refreshHomeTabs(deps, [
    job.approved_by,
    ...(job.second_approver ? [job.second_approver] : []),
    run.requested_by,
  ]);
  return { status: 'approved', export_key: exported.key, rows };
}
