import type { KnownBlock } from '@slack/types';
import { describeFailure } from '../domain/errors.ts';
import type { PlanOutcome } from '../domain/plan.ts';
import type { AppLogger } from '../observability/app-logger.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { planChartKey, writePlanAttachments, type PlanAttachments } from '../storage/plan-attachments.ts';
import { context, type SlackMessage } from '../slack/blocks/block-kit.ts';
import { escapeMrkdwn, mentionUser } from '../slack/blocks/format.ts';
import { SlackDeliveryError } from '../slack/outbox/delivery-error.ts';
import type { OutgoingFile, SlackOutbox } from '../slack/outbox/outbox.ts';
import type { PlanAnalytics } from './plan-inputs.ts';

/** Plan CSVs larger than this (50 MiB) are not uploaded to Slack; Download CSV still serves them. */
export const MAX_SLACK_CSV_BYTES = 50 * 1024 * 1024;

export interface SharePlanFilesDeps {
  store: ObjectStore;
  outbox: SlackOutbox;
  logger: AppLogger;
  analytics: PlanAnalytics;
}

/** What a refused upload means for the person reading the plan, by Slack's error code. */
export function describeUploadFailure(error: unknown): string {
  const code = error instanceof SlackDeliveryError && error.slackError ? error.slackError : describeFailure(error).code;
  if (code === 'not_in_channel' || code === 'channel_not_found')
    return `Slack did not let the app share files in this channel (${code}): invite the app to the channel (\`/invite @Retention Planner\`), then re-plan.`;
  if (code === 'missing_scope' || code === 'not_allowed_token_type')
    return `The app may not upload files (${code}): reinstall it from slack-app-manifest.yml, which asks for files:write.`;
  return `The files could not be uploaded to Slack (${code}).`;
}

async function drawChart(
  deps: SharePlanFilesDeps,
  outcome: PlanOutcome,
  planId: string,
  drawing?: Promise<Uint8Array>,
): Promise<{ file?: OutgoingFile; problem?: string }> {
  try {
    const bytes = await (drawing ?? deps.analytics.planChartPng(outcome, `Plan ${planId}`));
    await deps.store.putIfAbsent(planChartKey(planId), bytes, 'image/png');
    const alt = `Plan ${planId}: action mix by segment and coverage against each floor`;
    return { file: { filename: `plan-${planId}.png`, title: `Plan ${planId}: chart`, bytes, altText: alt } };
  } catch (error) {
    const failure = describeFailure(error);
    deps.logger.error('plan chart failed', { plan_id: planId, code: failure.code, error: String(error) });
    return { problem: `The chart could not be drawn (${failure.code}): ${failure.message}` };
  }
}

/**
 * Draws the plan chart (kept as `plans/<id>/plan.png`) and shares it and the plan CSV in the
 * request's channel through Slack's file upload, so the message shows the chart from Slack's
 * own copy and the files outlive any link. A failure never stops the plan: it is returned as
 * a sentence for the message, the CSV and chart stay in the store, and the record
 * `plans/<id>/slack-files.json` says where everything went.
 */
export async function sharePlanFiles(
  deps: SharePlanFilesDeps,
  input: {
    outcome: PlanOutcome;
    planId: string;
    csv?: Uint8Array;
    /** The chart when its drawing was started already (see `RecordedPlan.chart`). */
    chart?: Promise<Uint8Array>;
    channelId?: string;
    requestedBy?: string;
  },
): Promise<PlanAttachments> {
  const { planId } = input;
  const chart = await drawChart(deps, input.outcome, planId, input.chart);
  const problems = chart.problem ? [chart.problem] : [];
  const files: OutgoingFile[] = [];
  const csvBytes = input.csv;
  if (csvBytes && csvBytes.byteLength <= MAX_SLACK_CSV_BYTES)
    files.push({ filename: `plan-${planId}.csv`, title: `Plan ${planId}: CSV`, bytes: csvBytes });
  else if (csvBytes) problems.push('The plan CSV is larger than 50 MB, too large to attach here.');
  if (chart.file) files.push(chart.file);
  const attachments: PlanAttachments = { problems };
  if (files.length > 0 && input.channelId) {
    attachments.channel_id = input.channelId;
    const asked = input.requestedBy ? `, asked by ${mentionUser(input.requestedBy)}` : '';
    try {
      const shared = await deps.outbox.shareFiles({
        channelId: input.channelId,
        comment: `Files of retention plan \`${escapeMrkdwn(planId)}\`${asked}`,
        files,
      });
      for (const file of shared) {
        const ref = {
          id: file.id,
          filename: file.filename,
          title: file.title,
          ...(file.permalink ? { permalink: file.permalink } : {}),
        };
        if (file.filename.endsWith('.csv')) attachments.csv = ref;
        else attachments.chart = ref;
      }
    } catch (error) {
      deps.logger.error('plan files not shared', { plan_id: planId, error: String(error) });
      problems.push(
        `${describeUploadFailure(error)}${chart.file ? ` The chart is kept as plans/${planId}/plan.png.` : ''}`,
      );
    }
  }
  await writePlanAttachments(deps.store, planId, attachments).catch((error: unknown) =>
    deps.logger.error('slack-files record not written', { plan_id: planId, error: String(error) }),
  );
  return attachments;
}

const isImage = (block: KnownBlock): boolean => block.type === 'image';

/**
 * Sends a message; when Slack refuses it because of an image block (a file share that has not
 * landed yet answers `invalid_blocks`), sends it again without the images and says where the
 * chart is, so the plan is never lost to its picture.
 */
export async function sendWithChart(
  message: SlackMessage,
  send: (message: SlackMessage) => Promise<void>,
): Promise<void> {
  try {
    await send(message);
  } catch (error) {
    const refused = error instanceof SlackDeliveryError && error.slackError === 'invalid_blocks';
    if (!refused || !message.blocks.some(isImage)) throw error;
    const note = context([':bar_chart: Slack could not show the chart here yet; it is in this channel as a file.']);
    await send({ ...message, blocks: message.blocks.map((block) => (isImage(block) ? note : block)) });
  }
}
