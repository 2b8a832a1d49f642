import { formatKeyValue } from '../analytics/format.ts';
import { PlannerError } from '../domain/errors.ts';
import type { Clock } from '../domain/clock.ts';
import type { JobDispatcher } from '../jobs/dispatchers.ts';
import { newJobId, recordJob, type Job } from '../jobs/job-records.ts';
import type { AppLogger } from '../observability/app-logger.ts';
import { DEFAULT_PREDICTIONS_PREFIX, findLatestPartition } from '../storage/latest-predictions.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import type { SlackMessage } from './blocks/block-kit.ts';
import { escapeMrkdwn, formatCount } from './blocks/format.ts';
import { renderNote, renderPlanningAck } from './blocks/messages.ts';
import type { RetentionCommand } from './command-grammar.ts';
import { countCustomers } from './customer-count.ts';

/** What starting a job needs: where jobs and predictions live, the worker, the clock and the log. */
export interface JobStartDeps {
  store: ObjectStore;
  dispatcher: JobDispatcher;
  clock: Clock;
  logger: AppLogger;
  /** Where dated predictions live; `predictions/` by default. */
  predictionsPrefix?: string;
  newJobId?: (now: Date) => string;
}

/** Who asked, and where the answer goes. */
export interface Requester {
  user_id: string;
  channel_id: string;
  response_url: string;
}

export type PlanningCommand = Extract<RetentionCommand, { kind: 'plan' | 'sweep' | 'compare' }>;
type Request = { job_id: string; requested_at: string; requested_by: string; channel_id: string; response_url: string };

/** Thrown once the acknowledgement has given up: nothing may be recorded or dispatched after it. */
function checkStillAnswering(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new PlannerError('TIMEOUT', 'the acknowledgement had already given up; nothing was started');
}

async function dispatchJob(deps: JobStartDeps, job: Job, signal?: AbortSignal): Promise<void> {
  checkStillAnswering(signal);
  await recordJob(deps.store, job);
  checkStillAnswering(signal);
  await deps.dispatcher.dispatch(job.job_id);
  deps.logger.info(`${job.kind} job dispatched`, {
    job_id: job.job_id,
    ...('requested_by' in job ? { user: job.requested_by } : {}),
  });
}

function newRequest(deps: JobStartDeps, requester: Requester): Request {
  const now = deps.clock();
  return {
    job_id: (deps.newJobId ?? newJobId)(now),
    requested_at: now.toISOString(),
    requested_by: requester.user_id,
    channel_id: requester.channel_id,
    response_url: requester.response_url,
  };
}

const quoted = (words: string[]): string =>
  words.length > 0 ? `\`${escapeMrkdwn(words.join(' '))}\`` : 'the Slack defaults';

/**
 * Plans, sweeps and comparisons: recorded with the latest predictions the command saw, then
 * handed to the worker. Nothing is recorded or dispatched once `signal` has aborted.
 */
export async function startPlanning(
  deps: JobStartDeps,
  requester: Requester,
  command: PlanningCommand,
  signal?: AbortSignal,
): Promise<SlackMessage> {
  const prefix = deps.predictionsPrefix ?? DEFAULT_PREDICTIONS_PREFIX;
  const latest = await findLatestPartition(deps.store, prefix);
  if (!latest)
    return renderNote(
      `:warning: No predictions found under ${escapeMrkdwn(deps.store.describe(prefix))}; upload ${escapeMrkdwn(`${prefix}<YYYY-MM-DD>/<name>.csv`)} first.`,
    );
  const { count, exact } = await countCustomers(deps.store, latest.files);
  const predictions = {
    date: latest.date,
    prefix: latest.prefix,
    files: latest.files.map(({ key, size, etag }) => ({ key, size, ...(etag ? { etag } : {}) })),
  };
  const request = newRequest(deps, requester);
  const predictionsKey = latest.files.length === 1 ? latest.files[0].key : latest.prefix;
  const customers = `${exact ? '' : 'about '}${formatCount(count)} customers from ${escapeMrkdwn(predictionsKey)}`;
  switch (command.kind) {
    case 'plan':
      await dispatchJob(
        deps,
        { kind: 'plan', ...request, policy: command.policy, words: command.words, predictions },
        signal,
      );
      return renderPlanningAck({
        customers: count,
        exact,
        predictionsKey,
        words: command.words,
        holdout: command.policy.holdout,
      });
    case 'sweep': {
      const { spec } = command;
      await dispatchJob(
        deps,
        {
          kind: 'sweep',
          ...request,
          policy: command.policy,
          words: command.words,
          spec: command.specText,
          predictions,
        },
        signal,
      );
      const range = `${formatKeyValue(spec.key, spec.values[0])} to ${formatKeyValue(spec.key, spec.values[spec.values.length - 1])}`;
      const others =
        command.words.length > 0
          ? `the other rules \`${escapeMrkdwn(command.words.join(' '))}\``
          : 'the other rules at the Slack defaults';
      return renderNote(
        `:hourglass_flowing_sand: Sweeping ${spec.key} over ${spec.values.length} levels (${range}) for ${customers}, with ${others}…`,
      );
    }
    case 'compare': {
      const [a, b] = command.scenarios;
      await dispatchJob(deps, { kind: 'compare', ...request, scenarios: [a, b], predictions }, signal);
      return renderNote(
        `:hourglass_flowing_sand: Comparing A (${quoted(a.words)}) with B (${quoted(b.words)}) for ${customers}…`,
      );
    }
  }
}

/** Uplift measurement and calibration: recorded and handed to the worker. */
export async function startLearning(
  deps: JobStartDeps,
  requester: Requester,
  kind: 'uplift' | 'calibrate',
  signal?: AbortSignal,
): Promise<SlackMessage> {
  await dispatchJob(deps, { kind, ...newRequest(deps, requester) }, signal);
  const what = kind === 'uplift' ? 'Measuring uplift' : 'Measuring uplift to propose a calibrated catalog';
  return renderNote(`:hourglass_flowing_sand: ${what} from the approved plans, their holdouts and the outcomes…`);
}
