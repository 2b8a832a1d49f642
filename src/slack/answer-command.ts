import { z } from 'zod';
import type { Policy } from '../domain/policy.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import type { SlackMessage } from './block-kit.ts';
import { parseRetentionCommand } from './command-grammar.ts';
import { countCustomers } from './customer-count.ts';
import { newJobId, recordJob } from './jobs.ts';
import { renderFailure, renderHelp, renderNote, renderPlanningAck } from './messages.ts';
import { describeFailure, type AppLogger, type Clock, type JobDispatcher } from './ports.ts';
import { DEFAULT_PREDICTIONS_PREFIX, findLatestPartition, renderStatus } from './status.ts';

/** The fields of Slack's slash-command payload this app reads. */
export const commandPayloadSchema = z.object({
  text: z.string().default(''),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  response_url: z.url(),
});

export type CommandPayload = z.infer<typeof commandPayloadSchema>;

export interface CommandDeps {
  store: ObjectStore;
  dispatcher: JobDispatcher;
  clock: Clock;
  logger: AppLogger;
  /** Where dated predictions live; `predictions/` by default. */
  predictionsPrefix?: string;
  newJobId?: (now: Date) => string;
}

async function startPlan(deps: CommandDeps, payload: CommandPayload, command: { policy: Policy; words: string[] }): Promise<SlackMessage> {
  const prefix = deps.predictionsPrefix ?? DEFAULT_PREDICTIONS_PREFIX;
  const latest = await findLatestPartition(deps.store, prefix);
  if (!latest) return renderNote(`:warning: No predictions found under ${deps.store.describe(prefix)}; upload ${prefix}<YYYY-MM-DD>/<name>.csv first.`);
  const { count, exact } = await countCustomers(deps.store, latest.files);
  const now = deps.clock();
  const jobId = (deps.newJobId ?? newJobId)(now);
  await recordJob(deps.store, {
    kind: 'plan',
    job_id: jobId,
    requested_at: now.toISOString(),
    requested_by: payload.user_id,
    channel_id: payload.channel_id,
    response_url: payload.response_url,
    policy: command.policy,
    words: command.words,
    predictions: { date: latest.date, prefix: latest.prefix, files: latest.files.map(({ key, size, etag }) => ({ key, size, ...(etag ? { etag } : {}) })) },
  });
  await deps.dispatcher.dispatch(jobId);
  deps.logger.info('plan job dispatched', { job_id: jobId, user: payload.user_id, words: command.words });
  const predictionsKey = latest.files.length === 1 ? latest.files[0].key : latest.prefix;
  return renderPlanningAck({ customers: count, exact, predictionsKey, words: command.words });
}

/**
 * The acknowledgement of `/retention ...`, within Slack's 3 seconds: help and refusals are
 * answered at once; a plan request is validated, recorded as `jobs/<job_id>.json` and handed
 * to the worker, and the answer says how many customers are being planned. The solver is
 * never loaded here. Failures become a short ephemeral message with their code.
 */
export async function answerCommand(deps: CommandDeps, payload: CommandPayload): Promise<SlackMessage> {
  try {
    const command = parseRetentionCommand(payload.text);
    switch (command.kind) {
      case 'help':
        return renderHelp();
      case 'refused':
        return renderNote(`:no_entry: ${command.message}`);
      case 'status':
        return await renderStatus(deps.store, deps.predictionsPrefix);
      case 'plan':
        return await startPlan(deps, payload, command);
    }
  } catch (error) {
    const failure = describeFailure(error);
    deps.logger.error('command failed', { code: failure.code, message: failure.message, error: String(error) });
    return renderFailure(failure.code, failure.message, { what: 'The command' });
  }
}
