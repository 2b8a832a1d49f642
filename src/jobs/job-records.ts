import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { PlannerError } from '../domain/errors.ts';
import { policySchema } from '../domain/policy.ts';
import { readBoundedText } from '../io/read-catalog.ts';
import type { ObjectStore } from '../storage/object-store.ts';

const isoInstant = z.iso.datetime({ offset: true });

const fileSchema = z.object({ key: z.string().min(1), size: z.number().int().min(0), etag: z.string().optional() });

const predictionsSchema = z.object({ date: z.string(), prefix: z.string(), files: z.array(fileSchema).min(1) });

/** What every job asked from Slack carries: who asked, where, and where to answer. */
const requestFields = {
  job_id: z.string().min(1),
  requested_at: isoInstant,
  requested_by: z.string().min(1),
  channel_id: z.string().min(1),
  response_url: z.url(),
};

/** A plan request: what the slash command recorded for the worker. */
export const planJobSchema = z.object({
  kind: z.literal('plan'),
  ...requestFields,
  policy: policySchema,
  words: z.array(z.string()),
  predictions: predictionsSchema,
});

/** `/retention sweep key=FROM..TO[:LEVELS][:linear|log] [key=value ...]`. */
export const sweepJobSchema = z.object({
  kind: z.literal('sweep'),
  ...requestFields,
  policy: policySchema,
  words: z.array(z.string()),
  spec: z.string().min(1).max(200),
  predictions: predictionsSchema,
});

const scenarioSchema = z.object({ policy: policySchema, words: z.array(z.string()) });

/** `/retention compare A | B`: two scenarios planned on the same predictions. */
export const compareJobSchema = z.object({
  kind: z.literal('compare'),
  ...requestFields,
  scenarios: z.tuple([scenarioSchema, scenarioSchema]),
  predictions: predictionsSchema,
});

/** `/retention uplift` and `/retention calibrate`: read exports, plans and outcomes (too slow for the ack). */
export const learningJobSchema = z.object({ kind: z.enum(['uplift', 'calibrate']), ...requestFields });

/** An approval whose export, webhook and message update the worker carries out. */
export const approveJobSchema = z.object({
  kind: z.literal('approve'),
  job_id: z.string().min(1),
  plan_id: z.string().min(1),
  approved_by: z.string().min(1),
  /** The second, distinct approver of a plan that needed two. */
  second_approver: z.string().min(1).optional(),
  approved_at: isoInstant,
  channel_id: z.string().optional(),
  message_ts: z.string().optional(),
  response_url: z.url().optional(),
  via: z.enum(['response_url', 'chat']),
});

export const jobSchema = z.discriminatedUnion('kind', [
  planJobSchema,
  sweepJobSchema,
  compareJobSchema,
  learningJobSchema,
  approveJobSchema,
]);

export type PlanJob = z.infer<typeof planJobSchema>;
export type SweepJob = z.infer<typeof sweepJobSchema>;
export type CompareJob = z.infer<typeof compareJobSchema>;
export type LearningJob = z.infer<typeof learningJobSchema>;
export type ApproveJob = z.infer<typeof approveJobSchema>;
export type Job = z.infer<typeof jobSchema>;

/** The worker's event: only the id; the job itself is read from the store. */
export const workerEventSchema = z.object({ job_id: z.string().regex(/^[A-Za-z0-9-]{8,64}$/) });

export const jobKey = (jobId: string): string => `jobs/${jobId}.json`;
export const claimKey = (jobId: string): string => `jobs/${jobId}.claim`;
export const resultKey = (jobId: string): string => `jobs/${jobId}.result.json`;

/** A new job id: sortable by time, unique by a random suffix. */
export function newJobId(now: Date): string {
  return `${now
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .slice(0, 14)}-${randomUUID().slice(0, 8)}`;
}

/** Writes `jobs/<job_id>.json`, the record the worker reads. */
export async function recordJob(store: ObjectStore, job: Job): Promise<void> {
  await store.put(jobKey(job.job_id), JSON.stringify(job, null, 2), 'application/json');
}

/** Largest job record read: 256 KiB (a job is a policy, a few words and a list of files). */
export const MAX_JOB_BYTES = 256 * 1024;

/** Reads and validates a recorded job; NOT_FOUND when absent, TOO_LARGE over {@link MAX_JOB_BYTES}, BAD_INPUT when it does not parse. */
export async function readJob(store: ObjectStore, jobId: string): Promise<Job> {
  const { body } = await store.get(jobKey(jobId));
  const raw = await readBoundedText(body, {
    source: store.describe(jobKey(jobId)),
    maxBytes: MAX_JOB_BYTES,
    what: 'job record',
  });
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new PlannerError('BAD_INPUT', `${store.describe(jobKey(jobId))}: not valid JSON`, { cause });
  }
  const parsed = jobSchema.safeParse(json);
  if (!parsed.success)
    throw new PlannerError('BAD_INPUT', `${store.describe(jobKey(jobId))}: not a valid job record`, {
      cause: parsed.error,
    });
  return parsed.data;
}

/**
 * Claims a job for one delivery (put-if-absent `jobs/<job_id>.claim`). A second delivery
 * of the same job (Lambda retries, a duplicate event) gets false and must post nothing.
 */
export function claimJob(store: ObjectStore, jobId: string, at: Date): Promise<boolean> {
  return store.putIfAbsent(claimKey(jobId), JSON.stringify({ claimed_at: at.toISOString() }), 'application/json');
}

/** Records how a job ended, for the audit trail and `/retention status`. */
export async function recordJobResult(
  store: ObjectStore,
  jobId: string,
  result: Record<string, unknown>,
): Promise<void> {
  await store.put(resultKey(jobId), JSON.stringify(result, null, 2), 'application/json');
}
