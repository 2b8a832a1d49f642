import { policySchema, type Policy } from '../domain/policy.ts';
import { listRuns, type RunRecord } from '../storage/run-record.ts';
import { readApproval } from '../approvals/approval-record.ts';
import { SLACK_BASE_POLICY } from '../domain/policy.ts';
import { localDate } from '../slack/blocks/format.ts';
import { renderFailure } from '../slack/blocks/messages.ts';
import { refreshHomeTabs } from './refresh-home.ts';
import { analyticsOf, planAndRecord, type PlanRunDeps } from './plan-run.ts';
import { sendWithChart, sharePlanFiles } from './share-plan-files.ts';
import { describeFailure } from '../domain/errors.ts';
import type { AppLogger } from '../observability/app-logger.ts';
import type { SlackOutbox } from '../slack/outbox/outbox.ts';
import { findLatestPartition } from '../storage/latest-predictions.ts';
import { renderSummaryMessage, type PolicySource } from '../slack/blocks/summary-blocks.ts';

/** Who the run record says asked for the Monday plans. */
export const MONDAY_REQUESTER = 'schedule:monday';

export interface MondayDeps extends PlanRunDeps {
  outbox: SlackOutbox;
  logger: AppLogger;
  channelId: string;
  timeZone: string;
  predictionsPrefix?: string;
  /** Republishes the approvers' Home tabs once the week's plan is posted (see `PlanJobDeps`). */
  refreshHome?: (userIds: readonly string[]) => Promise<void>;
}

/** True when `now` is Monday, 09:00 to 09:59, on the wall clock of `timeZone` (DST included, via Intl). */
export function isMondayNine(now: Date, timeZone: string): boolean {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const weekday = parts.find((part) => part.type === 'weekday')?.value;
  const hour = Number(parts.find((part) => part.type === 'hour')?.value);
  return weekday === 'Mon' && hour === 9;
}

/** The policy of the newest approved plan among the recent runs, or the defaults. */
async function choosePolicy(deps: MondayDeps, runs: RunRecord[]): Promise<{ policy: Policy; source: PolicySource }> {
  for (const run of runs) {
    if (!(await readApproval(deps.store, run.plan_id))) continue;
    const parsed = policySchema.safeParse({ ...SLACK_BASE_POLICY, ...run.policy });
    if (parsed.success) return { policy: parsed.data, source: { kind: 'approved', planId: run.plan_id } };
    deps.logger.error('approved plan has an unreadable policy; skipped', { plan_id: run.plan_id });
  }
  return { policy: { ...SLACK_BASE_POLICY }, source: { kind: 'default' } };
}

/**
 * The Monday summary. Invoked on a schedule (hourly is fine): it runs only when local time
 * in `timeZone` is Monday 09:xx, and only once per Monday (put-if-absent
 * `summaries/<YYYY-MM-DD>.json`). Plans the latest predictions with the last approved policy
 * (or the defaults), records the run, and posts KPIs, the change against last week's plan
 * and Approve & send to the channel. Failures are posted as a short message with their code.
 */
export async function runMondaySummary(
  deps: MondayDeps,
  now: Date,
): Promise<{ posted: boolean; reason: string; planId?: string }> {
  if (!isMondayNine(now, deps.timeZone)) return { posted: false, reason: `not Monday 09:xx in ${deps.timeZone}` };
  const weekOf = localDate(now, deps.timeZone);
  const marker = JSON.stringify({ started_at: now.toISOString() });
  if (!(await deps.store.putIfAbsent(`summaries/${weekOf}.json`, marker, 'application/json'))) {
    return { posted: false, reason: `the summary for ${weekOf} was already posted` };
  }
  try {
    const runs = await listRuns(deps.store, 20);
    const previous = runs.find((run) => run.requested_by === MONDAY_REQUESTER) ?? runs[0];
    const { policy, source } = await choosePolicy(deps, runs);
    const latest = await findLatestPartition(deps.store, deps.predictionsPrefix);
    if (!latest) {
      const where = deps.store.describe(deps.predictionsPrefix ?? 'predictions/');
      const message = renderFailure('NOT_FOUND', `no predictions under ${where}`, { what: 'The Monday plan' });
      await deps.outbox.postMessage(deps.channelId, message);
      return { posted: true, reason: 'no predictions' };
    }
    const recorded = await planAndRecord(deps, { files: latest, policy, requestedBy: MONDAY_REQUESTER });
    const { outcome } = recorded;
    const attachments =
      outcome.assignment && outcome.status !== 'error'
        ? await sharePlanFiles(
            { ...deps, analytics: analyticsOf(deps) },
            { outcome, planId: recorded.planId, csv: recorded.csv, chart: recorded.chart, channelId: deps.channelId },
          )
        : undefined;
    const ctx = {
      planId: recorded.planId,
      planCsvKey: recorded.planCsvKey,
      attachments,
      predictionsKey: recorded.inputKey,
      catalogVersion: recorded.catalogVersion,
      historyFiles: recorded.historyFiles,
      approvals: recorded.approvals,
    };
    const message =
      outcome.status === 'error'
        ? renderFailure('SOLVER', outcome.warnings.at(-1) ?? 'the solver stopped without a plan', {
            what: 'The Monday plan',
          })
        : renderSummaryMessage(outcome, ctx, { weekOf, previous, policySource: source });
    await sendWithChart(message, async (m) => void (await deps.outbox.postMessage(deps.channelId, m)));
    await refreshHomeTabs(deps, []);
    return { posted: true, reason: outcome.status, planId: recorded.planId };
  } catch (error) {
    const failure = describeFailure(error);
    deps.logger.error('monday summary failed', { code: failure.code, message: failure.message, error: String(error) });
    await deps.outbox.postMessage(
      deps.channelId,
      renderFailure(failure.code, failure.message, { what: 'The Monday plan' }),
    );
    return { posted: true, reason: `failed: ${failure.code}` };
  }
}
