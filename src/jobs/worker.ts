import { isPlannerError } from '../domain/errors.ts';
import { newPlanId } from '../storage/run-ids.ts';
import { runApproveJob, type ApproveJobDeps } from './approve-job.ts';
import { runCompareJob } from './compare-job.ts';
import { DEFAULT_RESERVE_MS, requireSolveTime, solveSeconds, type JobDeadline } from './deadline.ts';
import { withChannelFallback } from '../slack/outbox/delivery.ts';
import { claimJob, readJob, recordJobResult, type Job } from './job-records.ts';
import { runLearningJob } from './learning-jobs.ts';
import { renderFailure } from '../slack/blocks/messages.ts';
import { runPlanJob, type PlanJobDeps } from './plan-job.ts';
import { describeFailure } from '../domain/errors.ts';
import { withFields, type AppLogger } from '../observability/app-logger.ts';
import { runSweepJob } from './sweep-job.ts';

export type WorkerDeps = PlanJobDeps &
  ApproveJobDeps & {
    /** Kept back from the Lambda deadline for writing and posting; {@link DEFAULT_RESERVE_MS} by default. */
    deadlineReserveMs?: number;
  };

/** How one delivery of a job ended. `duplicate`: another delivery had claimed it; nothing was posted. */
export type JobOutcome = {
  job_id: string;
  status: string;
  plan_id?: string;
  sweep_id?: string;
  version?: string;
  error?: { code: string; message: string };
};

/** What the invocation knows beyond the job id: Lambda's remaining time, when there is one. */
export interface RunOptions {
  remainingMs?: () => number;
}

const WHAT: Record<Job['kind'], string> = {
  plan: 'Planning',
  sweep: 'The sweep',
  compare: 'The comparison',
  uplift: 'Measuring uplift',
  calibrate: 'Calibration',
  approve: 'Sending the approved plan',
};

function runByKind(deps: WorkerDeps, job: Job): Promise<Omit<JobOutcome, 'job_id'>> {
  switch (job.kind) {
    case 'plan':
      return runPlanJob(deps, job);
    case 'sweep':
    case 'compare': {
      const capped = {
        ...deps,
        timeLimitSeconds: requireSolveTime(solveSeconds(deps.timeLimitSeconds, deps.deadline), deps.deadline),
      };
      return job.kind === 'sweep' ? runSweepJob(capped, job) : runCompareJob(capped, job);
    }
    case 'uplift':
    case 'calibrate':
      return runLearningJob(deps, job);
    case 'approve':
      return runApproveJob(deps, job);
  }
}

async function tellFailure(deps: WorkerDeps, job: Job, failure: { code: string; message: string }): Promise<void> {
  if (!job.response_url) return;
  const message = renderFailure(failure.code, failure.message, { jobId: job.job_id, what: WHAT[job.kind] });
  await deps.outbox
    .respond(job.response_url, { ...message, response_type: 'ephemeral', replace_original: false })
    .catch((error: unknown) => deps.logger.error('could not post the failure', { error: String(error) }));
}

/** What a failure's log line may say: input errors quote the file's cells (customer ids), so only their code and location. */
function loggedFailure(error: unknown, failure: { code: string; message: string }): Record<string, unknown> {
  if (isPlannerError(error) && (error.code === 'BAD_INPUT' || error.code === 'TOO_LARGE'))
    return { code: failure.code, location: error.location };
  const stack = isPlannerError(error) ? undefined : error instanceof Error ? error.stack : String(error);
  return { code: failure.code, message: failure.message, ...(stack ? { stack } : {}) };
}

/** The job's own dependencies: its log lines carry the plan id as correlation id; its replies fall back to the channel. */
function depsForJob(
  deps: WorkerDeps,
  job: Job,
  options: RunOptions,
): { deps: WorkerDeps; logger: AppLogger; planId?: string } {
  const planId =
    job.kind === 'plan'
      ? (deps.newPlanId ?? newPlanId)(deps.clock())
      : job.kind === 'approve'
        ? job.plan_id
        : undefined;
  const logger = withFields(deps.logger, { correlation_id: planId ?? job.job_id, job_id: job.job_id, kind: job.kind });
  const requester = job.kind === 'approve' ? job.approved_by : job.requested_by;
  const outbox = withChannelFallback(deps.outbox, { channelId: job.channel_id, userId: requester }, logger);
  const deadline: JobDeadline | undefined = options.remainingMs
    ? { remainingMs: options.remainingMs, reserveMs: deps.deadlineReserveMs ?? DEFAULT_RESERVE_MS }
    : deps.deadline;
  const fixedPlanId = planId;
  return {
    deps: {
      ...deps,
      logger,
      outbox,
      ...(deadline ? { deadline } : {}),
      ...(job.kind === 'plan' && fixedPlanId ? { newPlanId: () => fixedPlanId } : {}),
    },
    logger,
    planId,
  };
}

/**
 * The worker: reads `jobs/<job_id>.json` (a plan, sweep, comparison, uplift, calibration or
 * approval), claims it once, runs it, and records how it ended.
 * A job delivered twice (Lambda retries, a duplicate event) is claimed by one delivery only,
 * so Slack gets one answer. Every failure becomes a short message with its code, never a
 * stack; the worker does not throw for a job's failure, so Lambda does not retry a job
 * that already answered. Solves are cut to end before the invocation's deadline
 * (`remainingMs`); a reply whose response_url expired goes to the channel; an approve job
 * that the click did not record (a forged job) does nothing and posts nothing.
 */
export function createWorker(deps: WorkerDeps): { runJob(jobId: string, options?: RunOptions): Promise<JobOutcome> } {
  return {
    async runJob(jobId, options = {}) {
      const job = await readJob(deps.store, jobId);
      const scoped = depsForJob(deps, job, options);
      const { logger } = scoped;
      if (!(await claimJob(deps.store, jobId, deps.clock()))) {
        logger.info('job already claimed; duplicate delivery skipped');
        return { job_id: jobId, status: 'duplicate' };
      }
      logger.info('job started', { ...(options.remainingMs ? { remaining_ms: options.remainingMs() } : {}) });
      let outcome: JobOutcome;
      try {
        const result = await runByKind(scoped.deps, job);
        outcome = { job_id: jobId, ...result };
        logger.info('job finished', { status: outcome.status });
      } catch (error) {
        const failure = describeFailure(error);
        logger.error('job failed', loggedFailure(error, failure));
        const forged = job.kind === 'approve' && isPlannerError(error) && error.code === 'FORBIDDEN';
        if (!forged) await tellFailure(scoped.deps, job, failure);
        outcome = { job_id: jobId, status: forged ? 'refused' : 'failed', error: failure };
      }
      await recordJobResult(deps.store, jobId, { ...outcome, finished_at: deps.clock().toISOString() });
      return outcome;
    },
  };
}
