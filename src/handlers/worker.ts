import { loadEnv } from '../config/env.ts';
import { workerEventSchema } from '../slack/jobs.ts';
import { createWorker, type JobOutcome } from '../slack/worker.ts';
import { workerDepsLoader } from './production-deps.ts';

const env = loadEnv(process.env, 'worker');
const loadDeps = workerDepsLoader(env);

/**
 * Asynchronous invoke `{ job_id }` -> plan or approval, answered in Slack. A job's own failure
 * is posted to Slack and returned, not thrown, so Lambda does not retry a job that answered.
 */
export async function handler(event: unknown): Promise<JobOutcome> {
  const { job_id } = workerEventSchema.parse(event);
  return createWorker(await loadDeps()).runJob(job_id);
}
