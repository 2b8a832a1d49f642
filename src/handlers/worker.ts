import type { Context } from 'aws-lambda';
import { loadEnv } from '../config/env.ts';
import { workerEventSchema } from '../jobs/job-records.ts';
import { createWorker, type JobOutcome } from '../jobs/worker.ts';
import { workerDepsLoader } from './production-deps.ts';

const env = loadEnv(process.env, 'worker');
const loadDeps = workerDepsLoader(env);

/**
 * Asynchronous invoke `{ job_id }` (our own payload, validated by `workerEventSchema`; `context`
 * is absent when the local dispatcher runs a job in-process) -> plan or approval, answered in Slack. A job's own failure
 * is posted to Slack and returned, not thrown, so Lambda does not retry a job that answered.
 * The solve is cut to end before Lambda's own deadline (from `context`), so a hard week posts
 * its best plan with its gap, or a TIMEOUT message, instead of being killed in silence.
 */
export async function handler(event: unknown, context?: Context): Promise<JobOutcome> {
  const { job_id } = workerEventSchema.parse(event);
  const remainingMs = context ? () => context.getRemainingTimeInMillis() : undefined;
  return createWorker(await loadDeps()).runJob(job_id, remainingMs ? { remainingMs } : {});
}
