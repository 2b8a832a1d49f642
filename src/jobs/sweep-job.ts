import type { KnownBlock } from '@slack/types';
import { sweepBlocks } from '../slack/blocks/analytics-blocks.ts';
import { parseSweepSpec } from '../analytics/sweep-spec.ts';
import type { SweepResult } from '../analytics/sweep.ts';
import { newPlanId } from '../storage/run-ids.ts';
import { context, fitMessage, section, type SlackMessage } from '../slack/blocks/block-kit.ts';
import { escapeMrkdwn } from '../slack/blocks/format.ts';
import type { SweepJob } from './job-records.ts';
import { loadHistoryFor, loadPlanningInputs, type PlanningInputs } from './plan-inputs.ts';
import { stillWorkingNotifier, withStillWorkingNotice, type PlanJobDeps } from './plan-job.ts';
import { analyticsOf } from './plan-run.ts';
import { describeFailure } from '../domain/errors.ts';
import { describeUploadFailure, sendWithChart } from './share-plan-files.ts';

/** Where a sweep's chart and record live: beside the plans (`plans/<sweep_id>/`), never with a run.json. */
export const sweepChartKey = (sweepId: string): string => `plans/${sweepId}/sweep.png`;
export const sweepRecordKey = (sweepId: string): string => `plans/${sweepId}/sweep.json`;

/** The sweep chart: kept in the store, and shared in Slack (its file id) unless the upload failed (`problem`). */
type Chart = { key: string; fileId?: string; problem?: string } | { error: { code: string; message: string } };

async function storeChart(deps: PlanJobDeps, job: SweepJob, sweepId: string, sweep: SweepResult): Promise<Chart> {
  let png: Uint8Array;
  const key = sweepChartKey(sweepId);
  try {
    png = await analyticsOf(deps).chartPng(sweep);
    await deps.store.putIfAbsent(key, png, 'image/png');
  } catch (error) {
    deps.logger.error('sweep chart failed', { sweep_id: sweepId, error: String(error) });
    return { error: describeFailure(error) };
  }
  try {
    const [file] = await deps.outbox.shareFiles({
      channelId: job.channel_id,
      comment: `Chart of sweep \`${escapeMrkdwn(sweepId)}\` (${escapeMrkdwn(job.spec)})`,
      files: [
        {
          filename: `sweep-${sweepId}.png`,
          title: `Sweep ${sweepId}: ${job.spec}`,
          bytes: png,
          altText: `Net value, ROI and customers treated by ${sweep.key}`,
        },
      ],
    });
    return { key, fileId: file.id };
  } catch (error) {
    deps.logger.error('sweep chart not shared', { sweep_id: sweepId, error: String(error) });
    return { key, problem: describeUploadFailure(error) };
  }
}

function chartNote(chart: Chart, describe: (key: string) => string): KnownBlock | undefined {
  if ('error' in chart)
    return section(
      `:warning: The chart could not be drawn (${chart.error.code}): ${escapeMrkdwn(chart.error.message)}. The table below has every level.`,
    );
  if (chart.problem)
    return context([
      `:warning: ${escapeMrkdwn(chart.problem)} The chart is kept as ${escapeMrkdwn(describe(chart.key))}.`,
    ]);
  return undefined;
}

/** The sweep message: headline with the knee, the chart (an image block of Slack's copy), the level table. */
export function renderSweepMessage(
  sweep: SweepResult,
  chart: Chart,
  info: { sweepId: string; inputs: PlanningInputs; words: string[]; describe: (key: string) => string },
): SlackMessage {
  const blocks = sweepBlocks(sweep, 'fileId' in chart ? chart.fileId : undefined);
  const note = chartNote(chart, info.describe);
  if (note) blocks.splice(2, 0, note);
  const others =
    info.words.length > 0
      ? `other rules \`${escapeMrkdwn(info.words.join(' '))}\``
      : 'other rules as the Slack defaults';
  blocks.push(
    context([
      `Sweep \`${info.sweepId}\` · ${escapeMrkdwn(info.inputs.inputKey)} · ${others} · catalog \`${escapeMrkdwn(info.inputs.catalog.version)}\` · levels solved without holdout or approval; run \`/retention key=value\` to make a plan`,
    ]),
  );
  const withPlan = sweep.points.filter((p) => p.kpis).length;
  return fitMessage(
    `Sweep of ${sweep.key}: ${sweep.points.length} levels, ${withPlan} with a plan${sweep.knee ? `, knee at ${sweep.knee.value}` : ''}`,
    blocks,
  );
}

function sweepRecord(job: SweepJob, sweepId: string, inputs: PlanningInputs, sweep: SweepResult, chart: Chart): string {
  const levels = sweep.points.map((p) => ({
    value: p.value,
    status: p.status,
    kpis: p.kpis,
    gap: p.gap,
    marginal_net_value: p.marginal_net_value,
  }));
  const record = {
    sweep_id: sweepId,
    requested_by: job.requested_by,
    requested_at: job.requested_at,
    spec: job.spec,
    policy: job.policy,
    input: { key: inputs.inputKey, etag: inputs.etag, sha256: inputs.sha256 },
    catalog_version: inputs.catalog.version,
    catalog_hash: inputs.catalog.hash,
    key: sweep.key,
    spacing: sweep.spacing,
    knee: sweep.knee,
    seconds: sweep.seconds,
    levels,
    chart: 'error' in chart ? null : chart.key,
    chart_file_id: 'fileId' in chart ? (chart.fileId ?? null) : null,
  };
  return `${JSON.stringify(record, null, 2)}\n`;
}

/**
 * The worker's half of `/retention sweep key=FROM..TO`: plans every level on the predictions
 * the command saw (current catalog, contact history), stores the chart as
 * `plans/<sweep_id>/sweep.png` and the levels as `plans/<sweep_id>/sweep.json`, and posts the
 * headline, the chart and the table in the channel. Time: each level gets at most a quarter
 * of the solve limit and the whole sweep about three quarters (see `runSweep`).
 */
export async function runSweepJob(deps: PlanJobDeps, job: SweepJob): Promise<{ status: string; sweep_id: string }> {
  const spec = parseSweepSpec(job.spec);
  const now = deps.clock();
  const sweepId = (deps.newPlanId ?? newPlanId)(now);
  const inputs = await loadPlanningInputs(deps.store, {
    files: job.predictions,
    now,
    timeZone: deps.timeZone,
    catalog: deps.catalog,
  });
  const levels = spec.values.map((value) => ({ ...job.policy, [spec.key]: value }));
  const loaded = await loadHistoryFor(deps.store, inputs, levels);
  const sweep = await withStillWorkingNotice(deps.stillWorkingAfterMs, stillWorkingNotifier(deps, job), () =>
    analyticsOf(deps).sweep({
      predictions: inputs.predictions,
      catalog: inputs.catalog.catalog,
      policy: job.policy,
      spec,
      history: loaded.history,
      timeLimitSeconds: Math.max(1, deps.timeLimitSeconds / 4),
      minBudgetSeconds: Math.max(1, (3 * deps.timeLimitSeconds) / 4),
    }),
  );
  const chart = await storeChart(deps, job, sweepId, sweep);
  await deps.store.putIfAbsent(
    sweepRecordKey(sweepId),
    sweepRecord(job, sweepId, inputs, sweep, chart),
    'application/json',
  );
  const message = renderSweepMessage(sweep, chart, {
    sweepId,
    inputs,
    words: job.words,
    describe: (key) => deps.store.describe(key),
  });
  await sendWithChart(message, (m) =>
    deps.outbox.respond(job.response_url, { ...m, response_type: 'in_channel', replace_original: false }),
  );
  return { status: sweep.points.some((p) => p.kpis) ? 'swept' : 'infeasible', sweep_id: sweepId };
}
