import { proposeCatalog } from '../learning/calibrate.ts';
import { loadCurrentCatalog, saveProposal } from '../learning/catalog-store.ts';
import { measureStoredUplift } from '../learning/measure.ts';
import { summariseMeasurement, writeLatestMeasurement } from '../learning/measurement-record.ts';
import { refreshHomeTabs } from './refresh-home.ts';
import { renderCalibrationProposal, renderUpliftReport } from '../slack/blocks/learning-blocks.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { context, fitMessage, type SlackMessage } from '../slack/blocks/block-kit.ts';
import { escapeMrkdwn, localDate } from '../slack/blocks/format.ts';
import type { LearningJob } from './job-records.ts';
import type { AppLogger } from '../observability/app-logger.ts';
import type { Clock } from '../domain/clock.ts';
import type { SlackOutbox } from '../slack/outbox/outbox.ts';

export interface LearningJobDeps {
  store: ObjectStore;
  outbox: SlackOutbox;
  logger: AppLogger;
  clock: Clock;
  timeZone?: string;
  /** Republishes Home tabs after a calibration (see `PlanJobDeps`). */
  refreshHome?: (userIds: readonly string[]) => Promise<void>;
}

function withNote(message: SlackMessage, note: string | undefined): SlackMessage {
  return note ? fitMessage(message.text, [...message.blocks, context([note])]) : message;
}

function missingNote(plansMissing: readonly string[]): string | undefined {
  if (plansMissing.length === 0) return undefined;
  const listed = plansMissing
    .slice(0, 5)
    .map((id) => `\`${escapeMrkdwn(id)}\``)
    .join(', ');
  return `:warning: ${plansMissing.length} approved plan${plansMissing.length === 1 ? ' has' : 's have'} an export but no plan CSV, so ${plansMissing.length === 1 ? 'it' : 'they'} cannot be measured: ${listed}${plansMissing.length > 5 ? ', …' : ''}`;
}

/**
 * `/retention uplift` and `/retention calibrate` in the worker. Both measure, as of today in
 * the team's time zone, every approved plan sent at least 30 days ago against its holdout
 * (`exports/`, `plans/<id>/plan.csv`, `outcomes/`). `uplift` posts the table; `calibrate`
 * proposes the next catalog version where the evidence is strong enough, stores the proposal
 * (`catalogs/proposals/<version>.json`) and posts it with an Accept button for approvers.
 */
export async function runLearningJob(
  deps: LearningJobDeps,
  job: LearningJob,
): Promise<{ status: string; version?: string }> {
  const asOf = localDate(deps.clock(), deps.timeZone ?? 'UTC');
  const [measured, current] = await Promise.all([
    measureStoredUplift(deps.store, { asOf }),
    loadCurrentCatalog(deps.store),
  ]);
  const note = missingNote(measured.plansMissing);
  if (measured.measurements.length > 0) {
    const summary = summariseMeasurement(measured.measurements, current.catalog, {
      asOf,
      plans: measured.plans.length,
    });
    await writeLatestMeasurement(deps.store, summary).catch((error: unknown) =>
      deps.logger.error('measurement not recorded', { error: String(error) }),
    );
  }
  if (job.kind === 'uplift') {
    const message = withNote(renderUpliftReport(measured, current.catalog), note);
    await deps.outbox.respond(job.response_url, { ...message, response_type: 'in_channel', replace_original: false });
    return { status: measured.measurements.length > 0 ? 'measured' : 'nothing_to_measure' };
  }
  const proposal = proposeCatalog(current, measured.measurements, { date: asOf });
  if (proposal.changes.length > 0) await saveProposal(deps.store, proposal);
  const message = withNote(renderCalibrationProposal(proposal), note);
  await deps.outbox.respond(job.response_url, { ...message, response_type: 'in_channel', replace_original: false });
  await refreshHomeTabs(deps, [job.requested_by]);
  return proposal.changes.length > 0 ? { status: 'proposed', version: proposal.version } : { status: 'no_change' };
}
