import { PlannerError } from '../domain/errors.ts';

/**
 * How long the current invocation may still run: Lambda's `context.getRemainingTimeInMillis`,
 * and the part of it kept back for what follows a solve (writing the run, signing the link,
 * posting to Slack with its retries).
 */
export interface JobDeadline {
  remainingMs(): number;
  reserveMs: number;
}

/** Kept back from the Lambda deadline by default: 10 s (the worker's timeout is 180 s, its solve limit 90 s). */
export const DEFAULT_RESERVE_MS = 10_000;

/** Below this many seconds a solve is not started: it could not find a plan worth posting. */
export const MIN_SOLVE_SECONDS = 1;

/**
 * Seconds the next solve may run: `configured`, cut so that it ends `reserveMs` before the
 * deadline. Without a deadline (the CLI, tests, the local simulator) `configured` stands.
 */
export function solveSeconds(configured: number, deadline: JobDeadline | undefined): number {
  if (!deadline) return configured;
  const left = (deadline.remainingMs() - deadline.reserveMs) / 1000;
  return Math.max(0, Math.min(configured, left));
}

/** TIMEOUT, saying how much was left, when a solve would get less than {@link MIN_SOLVE_SECONDS}. */
export function requireSolveTime(seconds: number, deadline: JobDeadline | undefined): number {
  if (seconds >= MIN_SOLVE_SECONDS) return seconds;
  const left = deadline ? Math.max(0, Math.floor(deadline.remainingMs() / 1000)) : 0;
  throw new PlannerError(
    'TIMEOUT',
    `only ${left} s of this run were left, not enough to solve; nothing was planned. Try again, and if it keeps happening raise the worker's timeout or lower SOLVE_TIME_LIMIT_SECONDS`,
  );
}
