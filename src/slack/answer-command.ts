import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { formatKeyValue } from '../analytics/format.ts';
import { listHistory } from '../learning/audit-history.ts';
import type { Guardrails } from '../approvals/governance.ts';
import { renderHistory } from './blocks/learning-blocks.ts';
import { PlannerError } from '../domain/errors.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import type { SlackMessage } from './blocks/block-kit.ts';
import { parseRetentionCommand, type RetentionCommand } from './command-grammar.ts';
import { SLACK_BASE_POLICY } from '../domain/policy.ts';
import { countCustomers } from './customer-count.ts';
import { escapeMrkdwn, formatCount } from './blocks/format.ts';
import { guardrailRefusal } from './guardrail-check.ts';
import { newJobId, recordJob, type Job } from '../jobs/job-records.ts';
import { renderFailure, renderHelp, renderNote, renderPlanningAck } from './blocks/messages.ts';
import { describeFailure } from '../domain/errors.ts';
import type { AppLogger } from '../observability/app-logger.ts';
import type { Clock } from '../domain/clock.ts';
import type { JobDispatcher } from '../jobs/dispatchers.ts';
import { DEFAULT_PREDICTIONS_PREFIX, findLatestPartition } from '../storage/latest-predictions.ts';
import { renderStatus } from './status.ts';

/** The fields of Slack's slash-command payload this app reads. */
export const commandPayloadSchema = z.object({
  text: z.string().default(''),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  response_url: z.url(),
  /** Opens the policy form (plain `/retention`) within 3 s. */
  trigger_id: z.string().optional(),
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
  /** Allowed range per numeric policy key (POLICY_GUARDRAILS); a command outside them is refused. */
  guardrails?: Guardrails;
  /** How long the acknowledgement may take before it gives up; {@link ACK_DEADLINE_MS} by default. */
  ackDeadlineMs?: number;
  /** Times the acknowledgement's deadline; a `timers/promises` timeout by default, one the test fires in tests. */
  deadlineTimer?: DeadlineTimer;
}

/** Resolves once `ms` have passed; rejects when `signal` aborts first (the answer came in time). */
export type DeadlineTimer = (ms: number, signal: AbortSignal) => Promise<unknown>;

const realTimer: DeadlineTimer = (ms, signal) => sleep(ms, undefined, { signal });

/**
 * The acknowledgement gives up after 2.5 s: Slack shows the user "operation_timeout" at 3 s
 * and drops whatever comes later, so a slow store gets a clear answer instead.
 */
export const ACK_DEADLINE_MS = 2500;

type PlanningCommand = Extract<RetentionCommand, { kind: 'plan' | 'sweep' | 'compare' }>;
type Request = { job_id: string; requested_at: string; requested_by: string; channel_id: string; response_url: string };

/** Thrown once the acknowledgement has given up: nothing may be recorded or dispatched after it. */
function checkStillAnswering(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new PlannerError('TIMEOUT', 'the acknowledgement had already given up; nothing was started');
}

async function dispatchJob(deps: CommandDeps, job: Job, signal?: AbortSignal): Promise<void> {
  checkStillAnswering(signal);
  await recordJob(deps.store, job);
  checkStillAnswering(signal);
  await deps.dispatcher.dispatch(job.job_id);
  deps.logger.info(`${job.kind} job dispatched`, {
    job_id: job.job_id,
    ...('requested_by' in job ? { user: job.requested_by } : {}),
  });
}

function newRequest(deps: CommandDeps, payload: CommandPayload): Request {
  const now = deps.clock();
  return {
    job_id: (deps.newJobId ?? newJobId)(now),
    requested_at: now.toISOString(),
    requested_by: payload.user_id,
    channel_id: payload.channel_id,
    response_url: payload.response_url,
  };
}

const quoted = (words: string[]): string =>
  words.length > 0 ? `\`${escapeMrkdwn(words.join(' '))}\`` : 'the Slack defaults';

/** Plans, sweeps and comparisons: recorded with the latest predictions the command saw, then handed to the worker. */
async function startPlanning(
  deps: CommandDeps,
  payload: CommandPayload,
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
  const request = newRequest(deps, payload);
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

async function startLearning(
  deps: CommandDeps,
  payload: CommandPayload,
  kind: 'uplift' | 'calibrate',
  signal?: AbortSignal,
): Promise<SlackMessage> {
  await dispatchJob(deps, { kind, ...newRequest(deps, payload) }, signal);
  const what = kind === 'uplift' ? 'Measuring uplift' : 'Measuring uplift to propose a calibrated catalog';
  return renderNote(`:hourglass_flowing_sand: ${what} from the approved plans, their holdouts and the outcomes…`);
}

async function answer(
  deps: CommandDeps,
  payload: CommandPayload,
  command: RetentionCommand,
  signal?: AbortSignal,
): Promise<SlackMessage> {
  switch (command.kind) {
    case 'help':
      return renderHelp();
    case 'refused':
      return renderNote(`:no_entry: ${escapeMrkdwn(command.message)}`);
    case 'status':
      return renderStatus(deps.store, deps.predictionsPrefix);
    case 'history': {
      const onSkip = (planId: string, error: unknown) =>
        deps.logger.error('history entry skipped', { plan_id: planId, error: String(error) });
      return renderHistory(await listHistory(deps.store, command.limit, { onSkip }));
    }
    case 'uplift':
    case 'calibrate':
      return startLearning(deps, payload, command.kind, signal);
    case 'plan':
    case 'sweep':
    case 'compare': {
      const refusal = guardrailRefusal(command, deps.guardrails);
      return refusal ? renderNote(refusal) : startPlanning(deps, payload, command, signal);
    }
  }
}

/**
 * The acknowledgement of `/retention ...`, within Slack's 3 seconds: help, history, status and
 * refusals (bad words, values outside the guardrails) are answered at once; plans, sweeps,
 * comparisons, uplift and calibration are recorded as `jobs/<job_id>.json` and handed to the
 * worker. The solver is never loaded here. Failures become a short ephemeral message with their code;
 * a store too slow to answer within {@link ACK_DEADLINE_MS} gets TIMEOUT, and nothing is started after it
 * (when the late work ends, a log line says how).
 */
export async function answerCommand(deps: CommandDeps, payload: CommandPayload): Promise<SlackMessage> {
  return answerWithin(deps, payload, () => parseRetentionCommand(payload.text, SLACK_BASE_POLICY));
}

/**
 * Runs a command already parsed (the policy form's submission) exactly as the slash command
 * runs it: guardrails, the latest predictions, the job record and the worker, within the same
 * deadline. `payload.text` is not read.
 */
export async function answerRetentionCommand(
  deps: CommandDeps,
  payload: CommandPayload,
  command: RetentionCommand,
): Promise<SlackMessage> {
  return answerWithin(deps, payload, () => command);
}

async function answerWithin(
  deps: CommandDeps,
  payload: CommandPayload,
  parse: () => RetentionCommand,
): Promise<SlackMessage> {
  const limitMs = deps.ackDeadlineMs ?? ACK_DEADLINE_MS;
  const giveUp = new AbortController();
  const answered = new AbortController();
  const late = (deps.deadlineTimer ?? realTimer)(limitMs, answered.signal).then(() => {
    giveUp.abort();
    throw new PlannerError(
      'TIMEOUT',
      `storage did not answer within ${limitMs / 1000} s; nothing was started. Try again in a minute`,
    );
  });
  late.catch(() => undefined);
  try {
    const work = answer(deps, payload, parse(), giveUp.signal);
    const endedLate = (outcome: string) => {
      if (giveUp.signal.aborted) deps.logger.info('command ended after its acknowledgement gave up', { outcome });
    };
    work.then(
      () => endedLate('answered'),
      (error: unknown) => endedLate(describeFailure(error).code),
    );
    return await Promise.race([work, late]);
  } catch (error) {
    const failure = describeFailure(error);
    deps.logger.error('command failed', { code: failure.code, message: failure.message, error: String(error) });
    return renderFailure(failure.code, failure.message, { what: 'The command' });
  } finally {
    answered.abort();
  }
}
