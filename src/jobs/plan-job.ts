import type { SlackMessage } from '../slack/blocks/block-kit.ts';
import type { PlanJob } from './job-records.ts';
import { renderFailure, renderStillWorking } from '../slack/blocks/messages.ts';
import { renderPlanMessage } from '../slack/blocks/plan-blocks.ts';
import { analyticsOf, planAndRecord, type PlanRunDeps } from './plan-run.ts';
import { sendWithChart, sharePlanFiles } from './share-plan-files.ts';
import type { AppLogger } from '../observability/app-logger.ts';
import { refreshHomeTabs } from './refresh-home.ts';
import type { SlackOutbox } from '../slack/outbox/outbox.ts';

export interface PlanJobDeps extends PlanRunDeps {
  outbox: SlackOutbox;
  logger: AppLogger;
  /** Post "still working" once when the solve runs longer than this; 10 s in production. */
  stillWorkingAfterMs: number;
  /**
   * Republishes the Home tab of these users and of every approver after a plan, an approval or
   * a calibration (wired by the composition root); a failure is logged, never the job's.
   */
  refreshHome?: (userIds: readonly string[]) => Promise<void>;
}

/**
 * Runs the timer that posts "still working" once if `work` outlives `afterMs`, and clears it
 * when `work` settles, so a fast solve never sees the notice and a slow one sees it once.
 */
export async function withStillWorkingNotice<T>(
  afterMs: number,
  notify: () => Promise<void>,
  work: () => Promise<T>,
): Promise<T> {
  let notice: Promise<void> | undefined;
  const timer = setTimeout(() => {
    notice = notify();
  }, afterMs);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
    await notice;
  }
}

/** Posts "still working" once, ephemeral, to the job's response URL; a failed post is only logged. */
export function stillWorkingNotifier(
  deps: Pick<PlanJobDeps, 'outbox' | 'logger' | 'stillWorkingAfterMs'>,
  job: { job_id: string; response_url: string },
): () => Promise<void> {
  return () =>
    deps.outbox
      .respond(job.response_url, {
        ...renderStillWorking(Math.round(deps.stillWorkingAfterMs / 1000)),
        response_type: 'ephemeral',
        replace_original: false,
      })
      .catch((error: unknown) =>
        deps.logger.error('still-working notice failed', { job_id: job.job_id, error: String(error) }),
      );
}

/**
 * The worker's half of `/retention key=value ...`: plan on the predictions the command saw,
 * record the run, share the CSV and the chart in the request's channel, and answer there
 * through the command's `response_url` with the plan and its chart (or the explanation of an
 * infeasible policy, or a short failure with its code). Then the Home tabs are republished.
 */
export async function runPlanJob(deps: PlanJobDeps, job: PlanJob): Promise<{ status: string; plan_id?: string }> {
  const recorded = await withStillWorkingNotice(deps.stillWorkingAfterMs, stillWorkingNotifier(deps, job), () =>
    planAndRecord(deps, { files: job.predictions, policy: job.policy, requestedBy: job.requested_by }),
  );
  const { outcome, planId } = recorded;
  let message: SlackMessage;
  if (outcome.status === 'error') {
    message = renderFailure('SOLVER', outcome.warnings.at(-1) ?? 'the solver stopped without a plan', {
      jobId: job.job_id,
    });
  } else {
    const attachments = outcome.assignment
      ? await sharePlanFiles(
          { ...deps, analytics: analyticsOf(deps) },
          {
            outcome,
            planId,
            csv: recorded.csv,
            chart: recorded.chart,
            channelId: job.channel_id,
            requestedBy: job.requested_by,
          },
        )
      : undefined;
    message = renderPlanMessage(outcome, {
      planId,
      planCsvKey: recorded.planCsvKey,
      attachments,
      predictionsKey: recorded.inputKey,
      requestedBy: job.requested_by,
      origin: 'response_url',
      catalogVersion: recorded.catalogVersion,
      historyFiles: recorded.historyFiles,
      approvals: recorded.approvals,
    });
  }
  const responseType = outcome.status !== 'error' ? 'in_channel' : 'ephemeral';
  await sendWithChart(message, (m) =>
    deps.outbox.respond(job.response_url, { ...m, response_type: responseType, replace_original: false }),
  );
  await refreshHomeTabs(deps, [job.requested_by]);
  return { status: outcome.status, plan_id: planId };
}
