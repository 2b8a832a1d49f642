import type { HomeView, KnownBlock } from '@slack/types';
import type { MeasurementRecord } from '../../learning/measurement-record.ts';
import type { PlanAttachments } from '../../storage/plan-attachments.ts';
import type { RunRecord } from '../../storage/run-record.ts';
import {
  actions,
  BLOCK_LIMITS,
  button,
  context,
  fieldsSection,
  header,
  joinLinesWithin,
  section,
} from './block-kit.ts';
import {
  escapeMrkdwn,
  formatCount,
  formatDollars,
  formatPercent,
  formatShare,
  formatSlackTime,
  mentionUser,
} from './format.ts';

export const HOME_PLAN_ACTION_ID = 'home_plan_week';
export const HOME_SWEEP_ACTION_ID = 'home_sweep_budget';
export const HOME_OPEN_PLAN_ACTION_ID = 'home_open_plan';

/** Most plans listed as waiting, and most recent runs listed. */
export const HOME_LIST_MAX = 10;

/** One run as the Home tab shows it, with who approved it (and who approved so far when it needs two). */
export interface HomeRun {
  run: Pick<RunRecord, 'plan_id' | 'status' | 'requested_by' | 'requested_at' | 'kpis' | 'approvals_required'> & {
    policy?: RunRecord['policy'];
  };
  approval?: { approved_by: string; second_approver?: string; approved_at: string };
  /** Approvers so far of a plan that needs two. */
  approvedSoFar: string[];
  attachments?: PlanAttachments;
}

/** What the Home tab shows; read from the store by `readHomeSnapshot`. */
export interface HomeSnapshot {
  predictions?: { key: string; date: string; customers: number; exact: boolean };
  /** Where predictions were looked for, for "none under …". */
  predictionsWhere: string;
  /** Newest first. */
  runs: HomeRun[];
  measurement?: MeasurementRecord;
  /** Set when part of the store could not be read in time; says what is missing. */
  notes: string[];
}

const hasPlan = (entry: HomeRun): boolean => entry.run.status === 'optimal' || entry.run.status === 'feasible';

function approvalText(entry: HomeRun): string {
  if (entry.approval) {
    const who = `${mentionUser(entry.approval.approved_by)}${entry.approval.second_approver ? ` and ${mentionUser(entry.approval.second_approver)}` : ''}`;
    return `:white_check_mark: approved by ${who} at ${formatSlackTime(new Date(entry.approval.approved_at))}`;
  }
  if (!hasPlan(entry)) return 'nothing to approve';
  const required = entry.run.approvals_required ?? 1;
  if (required >= 2)
    return `:hourglass: waiting for approval (${entry.approvedSoFar.length} of ${required}${entry.approvedSoFar.length > 0 ? `, by ${entry.approvedSoFar.map(mentionUser).join(', ')}` : ''})`;
  return ':hourglass: waiting for approval';
}

function kpiFields(run: HomeRun['run']): string[] {
  const k = run.kpis;
  return [
    `*Customers treated*\n${formatCount(k.customers_treated ?? 0)} of ${formatCount(k.customers ?? 0)}`,
    `*Spend*\n${formatDollars(k.total_spend ?? 0)}${run.policy?.budget !== undefined ? ` of ${formatDollars(run.policy.budget)}` : ''}`,
    `*Net value*\n${formatDollars(k.net_value ?? 0)}`,
    `*ROI*\n${formatPercent(k.roi_pct ?? 0)}`,
  ];
}

function runLine(entry: HomeRun): string {
  const k = entry.run.kpis;
  const figures = hasPlan(entry)
    ? `${formatCount(k.customers_treated ?? 0)} treated, net ${formatDollars(k.net_value ?? 0)}`
    : 'no plan';
  return `\`${entry.run.plan_id}\` ${entry.run.status}: ${figures} · asked by ${mentionUser(entry.run.requested_by)} · ${approvalText(entry)}`;
}

function predictionsBlock(snapshot: HomeSnapshot): KnownBlock {
  const p = snapshot.predictions;
  if (!p)
    return section(
      `*Latest predictions*: none under ${escapeMrkdwn(snapshot.predictionsWhere)}; upload \`predictions/<YYYY-MM-DD>/<name>.csv\` first.`,
    );
  return section(
    `*Latest predictions* (${escapeMrkdwn(p.date)}): ${p.exact ? '' : 'about '}${formatCount(p.customers)} customers in ${escapeMrkdwn(p.key)}`,
  );
}

function latestPlanBlocks(snapshot: HomeSnapshot): KnownBlock[] {
  const latest = snapshot.runs[0];
  if (!latest) return [section('*Latest plan*: none yet. *Plan this week* opens the form.')];
  const files = [latest.attachments?.chart, latest.attachments?.csv]
    .filter((file) => file?.permalink)
    .map((file) => `<${file?.permalink}|${escapeMrkdwn(file?.filename ?? '')}>`);
  return [
    section(
      `*Latest plan* \`${latest.run.plan_id}\`, ${latest.run.status}, asked by ${mentionUser(latest.run.requested_by)} at ${formatSlackTime(new Date(latest.run.requested_at))}\n${approvalText(latest)}`,
    ),
    ...(hasPlan(latest) ? [fieldsSection(kpiFields(latest.run))] : []),
    ...(files.length > 0 ? [context([`Files in Slack: ${files.join(' · ')}`])] : []),
  ];
}

function waitingBlocks(snapshot: HomeSnapshot, userId: string): KnownBlock[] {
  const waiting = snapshot.runs.filter(
    (entry) => hasPlan(entry) && !entry.approval && !entry.approvedSoFar.includes(userId),
  );
  if (waiting.length === 0) return [section('*Waiting for you*: no plan waits for your approval.')];
  return [
    section(`*Waiting for you* (${waiting.length}): approve from the plan message in its channel.`),
    ...waiting.slice(0, HOME_LIST_MAX).map((entry) => ({
      ...section(runLine(entry)),
      accessory: button({ text: 'Open', actionId: HOME_OPEN_PLAN_ACTION_ID, value: entry.run.plan_id }),
    })),
  ];
}

function upliftBlock(measurement: MeasurementRecord | undefined): KnownBlock {
  if (!measurement || measurement.actions.length === 0)
    return section('*Measured uplift*: none yet (an approved plan with a holdout, 30 days on, with outcomes).');
  const lines = measurement.actions.map((a) => {
    const measured = a.relative
      ? `${formatShare(a.relative.estimate)} (95% CI ${formatShare(a.relative.low)} to ${formatShare(a.relative.high)})`
      : 'n/a';
    const catalog = a.catalog_uplift === null ? '' : `; catalog ${formatShare(a.catalog_uplift)}`;
    return `• ${escapeMrkdwn(a.action_name)}: ${measured}${catalog}; n = ${formatCount(a.treated)} / ${formatCount(a.held_out)}`;
  });
  return section(
    `*Measured uplift* (as of ${escapeMrkdwn(measurement.as_of)}, ${measurement.plans} plans)\n${joinLinesWithin(lines, 2800)}`,
  );
}

/**
 * A user's Home tab: the latest predictions, the latest plan (status, KPIs, approval), for
 * approvers the plans waiting for them, the last runs, the measured uplift, and buttons to
 * plan, sweep the budget and open the latest plan. Pure; within Slack's 100 blocks.
 */
export function buildHomeView(snapshot: HomeSnapshot, viewer: { userId: string; isApprover: boolean }): HomeView {
  const latest = snapshot.runs[0];
  const buttons = [
    button({ text: 'Plan this week', actionId: HOME_PLAN_ACTION_ID, value: 'plan', style: 'primary' }),
    button({ text: 'Sweep budget', actionId: HOME_SWEEP_ACTION_ID, value: 'budget' }),
    ...(latest
      ? [button({ text: 'Open the latest plan', actionId: HOME_OPEN_PLAN_ACTION_ID, value: latest.run.plan_id })]
      : []),
  ];
  const blocks: KnownBlock[] = [
    header('Retention planner'),
    actions('home_actions', buttons),
    predictionsBlock(snapshot),
    { type: 'divider' },
    ...latestPlanBlocks(snapshot),
    ...(viewer.isApprover ? [{ type: 'divider' } as KnownBlock, ...waitingBlocks(snapshot, viewer.userId)] : []),
    { type: 'divider' },
    section(
      snapshot.runs.length === 0
        ? '*Last runs*: none yet'
        : `*Last runs*\n${joinLinesWithin(
            snapshot.runs.slice(0, HOME_LIST_MAX).map((entry) => `• ${runLine(entry)}`),
            2900,
          )}`,
    ),
    upliftBlock(snapshot.measurement),
    ...(snapshot.notes.length > 0 ? [context(snapshot.notes.map((note) => `:warning: ${escapeMrkdwn(note)}`))] : []),
  ];
  return { type: 'home', blocks: blocks.slice(0, BLOCK_LIMITS.blocksPerView) };
}
