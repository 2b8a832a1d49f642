import { readApproval } from '../../approvals/approval-record.ts';
import { listApprovers } from '../../approvals/approver-records.ts';
import { readLatestMeasurement } from '../../learning/measurement-record.ts';
import { DEFAULT_PREDICTIONS_PREFIX, findLatestPartition } from '../../storage/latest-predictions.ts';
import type { ObjectStore } from '../../storage/object-store.ts';
import { readPlanAttachments } from '../../storage/plan-attachments.ts';
import { listRuns, type RunRecord } from '../../storage/run-record.ts';
import { HOME_LIST_MAX, type HomeRun, type HomeSnapshot } from '../blocks/home-view.ts';
import { countCustomers } from '../customer-count.ts';

async function predictionsOf(store: ObjectStore, prefix: string): Promise<HomeSnapshot['predictions']> {
  const latest = await findLatestPartition(store, prefix);
  if (!latest) return undefined;
  const { count, exact } = await countCustomers(store, latest.files);
  const key = latest.files.length === 1 ? latest.files[0].key : `${latest.prefix} (${latest.files.length} files)`;
  return { key, date: latest.date, customers: count, exact };
}

async function homeRun(store: ObjectStore, run: RunRecord, withFiles: boolean): Promise<HomeRun> {
  const twoNeeded = (run.approvals_required ?? 1) >= 2;
  const [approval, approvers, attachments] = await Promise.all([
    readApproval(store, run.plan_id).catch(() => undefined),
    twoNeeded ? listApprovers(store, run.plan_id).catch(() => []) : Promise.resolve([]),
    withFiles ? readPlanAttachments(store, run.plan_id).catch(() => undefined) : Promise.resolve(undefined),
  ]);
  return {
    run,
    ...(approval ? { approval } : {}),
    approvedSoFar: approvers.map((a) => a.approved_by),
    ...(attachments ? { attachments } : {}),
  };
}

/**
 * What every Home tab shows, read once for all viewers: the latest predictions and their
 * customer count, the newest runs with their approvals (and approvers so far), the latest
 * plan's files in Slack, and the last measured uplift. Damaged records are left out, not fatal.
 */
export async function readHomeSnapshot(
  store: ObjectStore,
  predictionsPrefix = DEFAULT_PREDICTIONS_PREFIX,
): Promise<HomeSnapshot> {
  const notes: string[] = [];
  const [predictions, runs, measurement] = await Promise.all([
    predictionsOf(store, predictionsPrefix),
    listRuns(store, HOME_LIST_MAX, { onSkip: (id) => notes.push(`run ${id} could not be read`) }),
    readLatestMeasurement(store).catch(() => undefined),
  ]);
  const entries = await Promise.all(runs.map((run, i) => homeRun(store, run, i === 0)));
  return {
    ...(predictions ? { predictions } : {}),
    predictionsWhere: store.describe(predictionsPrefix),
    runs: entries,
    ...(measurement ? { measurement } : {}),
    notes,
  };
}
