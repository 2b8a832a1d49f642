import { isPlannerError } from '../domain/errors.ts';
import { runApproveJob, type ApproveJobDeps } from './approve-job.ts';
import { runCompareJob } from './compare-job.ts';
import { claimJob, readJob, recordJobResult, type Job } from './jobs.ts';
import { runLearningJob } from './learning-jobs.ts';
import { renderFailure } from './messages.ts';
import { runPlanJob, type PlanJobDeps } from './plan-job.ts';
import { describeFailure } from './ports.ts';
import { runSweepJob } from './sweep-job.ts';

export type WorkerDeps = PlanJobDeps & ApproveJobDeps;

/** How one delivery of a job ended. `duplicate`: another delivery had claimed it; nothing was posted. */
export type JobOutcome = { job_id: string; status: string; plan_id?: string; sweep_id?: string; version?: string; error?: { code: string; message: string } };

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
      return runSweepJob(deps, job);
    case 'compare':
      return runCompareJob(deps, job);
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
    .catch((error: unknown) => deps.logger.error('could not post the failure', { job_id: job.job_id, error: String(error) }));
}

/**
 * The worker: reads `jobs/<job_id>.json` (a plan, sweep, comparison, uplift, calibration or
 * approval), claims it once, runs it, and records how it ended.
 * A job delivered twice (Lambda retries, a duplicate event) is claimed by one delivery only,
 * so Slack gets one answer. Every failure becomes a short message with its code, never a
 * stack; the worker does not throw for a job's failure, so Lambda does not retry a job
 * that already answered.
 */
export function createWorker(deps: WorkerDeps): { runJob(jobId: string): Promise<JobOutcome> } {
  return {
    async runJob(jobId) {
      const job = await readJob(deps.store, jobId);
      if (!(await claimJob(deps.store, jobId, deps.clock()))) {
        deps.logger.info('job already claimed; duplicate delivery skipped', { job_id: jobId });
        return { job_id: jobId, status: 'duplicate' };
      }
      let outcome: JobOutcome;
      try {
        const result = await runByKind(deps, job);
        outcome = { job_id: jobId, ...result };
      } catch (error) {
        const failure = describeFailure(error);
        const stack = isPlannerError(error) ? undefined : error instanceof Error ? error.stack : String(error);
        deps.logger.error('job failed', { job_id: jobId, code: failure.code, message: failure.message, stack });
        await tellFailure(deps, job, failure);
        outcome = { job_id: jobId, status: 'failed', error: failure };
      }
      await recordJobResult(deps.store, jobId, { ...outcome, finished_at: deps.clock().toISOString() });
      return outcome;
    },
  };
}
