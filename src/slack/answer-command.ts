import { setTimeout as sleep } from 'node:timers/promises';
import * as z from 'zod';
import type { Guardrails } from '../approvals/governance.ts';
import { describeFailure, PlannerError } from '../domain/errors.ts';
import { SLACK_BASE_POLICY } from '../domain/policy.ts';
import { listHistory } from '../learning/audit-history.ts';
import type { SlackMessage } from './blocks/block-kit.ts';
import { renderHistory } from './blocks/learning-blocks.ts';
import { escapeMrkdwn } from './blocks/format.ts';
import { renderFailure, renderHelp, renderNote } from './blocks/messages.ts';
import { parseRetentionCommand, type RetentionCommand } from './command-grammar.ts';
import { guardrailRefusal } from './guardrail-check.ts';
import { startLearning, startPlanning, type JobStartDeps } from './start-jobs.ts';
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

export interface CommandDeps extends JobStartDeps {
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
