import type { KnownBlock } from '@slack/types';
import { describeFailure, isPlannerError } from '../domain/errors.ts';
import type { AppLogger } from '../observability/app-logger.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { linkToPlanCsv, PLAN_LINK_MAX_SECONDS, readRun } from '../storage/run-record.ts';
import type { ApproveClick } from './approve-click.ts';
import { actions, button, section, type SlackMessage } from './blocks/block-kit.ts';
import { escapeMrkdwn, formatBytes, formatCount } from './blocks/format.ts';
import { renderFailure, renderNote } from './blocks/messages.ts';
import { parsePlanToolsValue } from './plan-tools-value.ts';

/** The action id of the link button in the private answer (a URL button: its click needs only an ack). */
export const OPEN_DOWNLOAD_ACTION_ID = 'open_download_link';

export interface DownloadDeps {
  store: ObjectStore;
  logger: AppLogger;
  approvers: readonly string[];
  /** PLAN_VIEWER_USER_IDS; empty or absent: anyone in the workspace may download. Approvers always may. */
  planViewers?: readonly string[];
  /** Lifetime of the link, at most {@link PLAN_LINK_MAX_SECONDS}; that by default. */
  downloadLinkSeconds?: number;
}

/**
 * Who may see plans: the approvers, and either the configured viewers or, when none are
 * configured, anyone of the workspace the app is installed in (a guest from another
 * organisation in a shared channel is not).
 */
export function maySeePlans(deps: Pick<DownloadDeps, 'approvers' | 'planViewers'>, click: ApproveClick): boolean {
  if (deps.approvers.includes(click.user.id)) return true;
  if (deps.planViewers && deps.planViewers.length > 0) return deps.planViewers.includes(click.user.id);
  const home = click.team?.id;
  return home === undefined || click.user.team_id === undefined || click.user.team_id === home;
}

function linkMessage(planId: string, url: string, minutes: number, rows: string): SlackMessage {
  const text = `:page_facing_up: Your link to the CSV of plan \`${planId}\` (${rows}) works for ${minutes} minutes. It is for you: anyone holding it can download the file until then.`;
  const open: KnownBlock = /^https?:\/\//.test(url)
    ? actions('download', [
        button({ text: `Download plan-${planId}.csv`, actionId: OPEN_DOWNLOAD_ACTION_ID, value: planId, url }),
      ])
    : section(`Local store: ${escapeMrkdwn(url)}`);
  return { text, blocks: [section(text), open] };
}

/**
 * A click on Download CSV: answers the clicker privately with a fresh link to the plan's CSV
 * (a presigned S3 URL of at most 15 minutes; a file URL locally), only when they may see
 * plans. Nothing else is shown in the channel, so no link outlives its purpose there.
 */
export async function handleDownloadClick(deps: DownloadDeps, click: ApproveClick): Promise<SlackMessage> {
  if (!maySeePlans(deps, click))
    return renderNote(
      ':no_entry: Only people allowed to see plans can download them (PLAN_VIEWER_USER_IDS); ask an approver. Nothing was shared.',
    );
  const value = parsePlanToolsValue(click.actions[0].value);
  if (!value) return renderNote(':no_entry: This button does not name a plan; run `/retention` again.');
  try {
    const run = await readRun(deps.store, value.plan);
    if (!run.plan_csv) return renderNote(`:no_entry: Plan \`${value.plan}\` is ${run.status}: it has no CSV.`);
    const seconds = Math.min(deps.downloadLinkSeconds ?? PLAN_LINK_MAX_SECONDS, PLAN_LINK_MAX_SECONDS);
    const url = await linkToPlanCsv(deps.store, value.plan, seconds);
    deps.logger.info('plan csv link given', { plan_id: value.plan, user: click.user.id, seconds });
    const rows = `${formatCount(Number(run.kpis.customers_treated ?? 0))} rows, ${formatBytes(run.plan_csv.bytes)}`;
    return linkMessage(value.plan, url, Math.round(seconds / 60), rows);
  } catch (error) {
    if (isPlannerError(error) && error.code === 'NOT_FOUND')
      return renderNote(`:no_entry: Plan \`${value.plan}\` does not exist in the store.`);
    const failure = describeFailure(error);
    deps.logger.error('download link failed', { plan_id: value.plan, code: failure.code, error: String(error) });
    return renderFailure(failure.code, failure.message, { what: 'The download link' });
  }
}
