import { DEFAULT_PREDICTIONS_PREFIX, findLatestPartition } from '../storage/latest-predictions.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { listRuns } from '../storage/run-record.ts';
import { readApproval } from '../approvals/approval-record.ts';
import { fitMessage, header, section, type SlackMessage } from './blocks/block-kit.ts';
import { countCustomers } from './customer-count.ts';
import {
  escapeMrkdwn,
  formatBytes,
  formatCount,
  formatDollars,
  formatSlackTime,
  mentionUser,
} from './blocks/format.ts';
import { describeApprovers } from './blocks/messages.ts';

async function predictionsLine(store: ObjectStore, prefix: string): Promise<string> {
  const latest = await findLatestPartition(store, prefix);
  if (!latest) return `*Latest predictions*: none under ${escapeMrkdwn(store.describe(prefix))}`;
  const bytes = latest.files.reduce((sum, file) => sum + file.size, 0);
  const { count, exact } = await countCustomers(store, latest.files);
  const names = latest.files.length === 1 ? latest.files[0].key : `${latest.prefix} (${latest.files.length} files)`;
  return `*Latest predictions*: ${escapeMrkdwn(names)}, ${exact ? '' : 'about '}${formatCount(count)} customers, ${formatBytes(bytes)}`;
}

async function lastPlanLines(store: ObjectStore): Promise<string[]> {
  const [run] = await listRuns(store, 1);
  if (!run) return ['*Last plan*: none yet; `/retention` makes one'];
  const kpis = run.kpis;
  const plan = `*Last plan*: \`${run.plan_id}\`, ${run.status}, asked by ${mentionUser(run.requested_by)} at ${formatSlackTime(new Date(run.requested_at))}`;
  const figures =
    run.status === 'optimal' || run.status === 'feasible'
      ? `${formatCount(kpis.customers_treated ?? 0)} customers treated, spend ${formatDollars(kpis.total_spend ?? 0)}, net value ${formatDollars(kpis.net_value ?? 0)}`
      : 'no plan to send';
  const approval = await readApproval(store, run.plan_id);
  const approved = approval
    ? `:white_check_mark: approved by ${describeApprovers(approval)} at ${formatSlackTime(new Date(approval.approved_at))}`
    : 'not approved';
  return [plan, `${figures}; ${approved}`];
}

/** `/retention status`: the latest predictions, the last plan and whether it was approved. */
export async function renderStatus(
  store: ObjectStore,
  predictionsPrefix = DEFAULT_PREDICTIONS_PREFIX,
): Promise<SlackMessage> {
  const [predictions, plan] = await Promise.all([predictionsLine(store, predictionsPrefix), lastPlanLines(store)]);
  return fitMessage('Retention planner status', [
    header('Retention planner status'),
    section(predictions),
    section(plan.join('\n')),
  ]);
}
