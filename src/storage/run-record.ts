import { createHash } from 'node:crypto';
import { PlannerError } from '../domain/errors.ts';
import type { PlanOutcome } from '../domain/plan.ts';
import { horizonJson } from '../io/horizon-json.ts';
import type { ObjectStore } from './object-store.ts';
import { checkPlanId, PLAN_ID } from './run-ids.ts';
import { runRecordSchema, type RunRecord } from './run-schema.ts';

export { catalogHash, newPlanId } from './run-ids.ts';
export type { RunRecord } from './run-schema.ts';

/**
 * The longest a plan CSV download link lives: 15 minutes. A link is a bearer token to
 * customer-level data, so it is made fresh for each person who asks and expires soon.
 */
export const PLAN_LINK_MAX_SECONDS = 15 * 60;
const RUN_JSON_LIMIT = 4 * 1024 * 1024;
/**
 * Most segment names a run record lists (`input.segments`): the policy form offers them as
 * the choices of `premium_segment` without reading the predictions (a Slack select holds 100).
 */
export const RECORDED_SEGMENTS_MAX = 100;

export const planCsvKey = (planId: string): string => `plans/${checkPlanId(planId)}/plan.csv`;
export const runJsonKey = (planId: string): string => `plans/${checkPlanId(planId)}/run.json`;

export interface WriteRunInput {
  planId: string;
  outcome: PlanOutcome;
  /**
   * The plan CSV (SPEC 4), as UTF-8 bytes (a large plan's text is past V8's longest string) or
   * text. Absent when the run produced no plan (infeasible, error): only run.json is written.
   */
  csv?: string | Uint8Array;
  /** What was planned from: key (or path), ETag and SHA-256 as `openPredictions` returned them. */
  input: { key: string; etag: string; sha256: string; location?: string };
  catalogHash: string;
  /** Who asked: a Slack user id, or `cli:<user>`. */
  requestedBy: string;
  requestedAt: Date;
  /** The product version (package.json `version`). */
  version: string;
  /** Which catalog version was planned with (`default`, or `YYYY-MM-DD-xxxxxxxx` once one was accepted). */
  catalogVersion?: string;
  /** How many distinct approvers the plan needs (2 when its policy moved far from the last approved one), and why. */
  approvals?: { required: number; reasons: string[] };
}

function buildRecord(run: WriteRunInput, planCsv: RunRecord['plan_csv']): RunRecord {
  const { outcome } = run;
  const record = {
    schema_version: 1,
    plan_id: run.planId,
    status: outcome.status,
    product_version: run.version,
    requested_by: run.requestedBy,
    requested_at: run.requestedAt.toISOString(),
    input: {
      key: run.input.key,
      ...(run.input.location !== undefined ? { location: run.input.location } : {}),
      etag: run.input.etag,
      sha256: run.input.sha256,
      customers: outcome.predictions.ids.length,
      clv_estimated: outcome.clv_estimated,
      ...(outcome.predictions.segments.length <= RECORDED_SEGMENTS_MAX
        ? { segments: [...outcome.predictions.segments] }
        : {}),
    },
    catalog_hash: run.catalogHash,
    ...(run.catalogVersion !== undefined ? { catalog_version: run.catalogVersion } : {}),
    ...(run.approvals !== undefined
      ? { approvals_required: run.approvals.required, approval_reasons: run.approvals.reasons }
      : {}),
    policy: outcome.policy,
    kpis: outcome.kpis,
    constraints: outcome.constraints.map(({ name, rule, sense, limit, used, binding }) => ({
      name,
      rule,
      sense,
      limit,
      used,
      binding,
    })),
    solver: outcome.solver,
    warnings: outcome.warnings,
    ...(outcome.infeasibility ? { infeasibility: outcome.infeasibility } : {}),
    // A plan over several weeks: every week and the value of planning ahead; week 1 is the one sent.
    ...horizonJson(outcome),
    plan_csv: planCsv,
  };
  // JSON turns NaN and infinities into null; validate what will actually be read back.
  const parsed = runRecordSchema.safeParse(JSON.parse(JSON.stringify(record)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PlannerError(
      'BAD_INPUT',
      `run record for ${run.planId} is not valid at ${issue.path.join('.') || 'top'}: ${issue.message}`,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

/**
 * Records one planning run: `plans/<plan_id>/plan.csv` first, then `plans/<plan_id>/run.json`
 * (policy, input key, ETag and SHA-256, catalog hash, KPIs, constraints, solver figures,
 * status, warnings, who asked, when, product version).
 *
 * run.json is the commit marker: it is written last, so a plan folder without run.json is an
 * interrupted write and not a plan; every reader (`readRun`, `listRuns`) goes through run.json.
 * Both objects are created only if absent; an existing one is a CONFLICT (plan ids are unique).
 */
export async function writeRun(
  store: ObjectStore,
  run: WriteRunInput,
): Promise<{ record: RunRecord; runKey: string; planCsvKey?: string }> {
  const csvKey = planCsvKey(run.planId);
  const runKey = runJsonKey(run.planId);
  let planCsv: RunRecord['plan_csv'] = null;
  const bytes = typeof run.csv === 'string' ? Buffer.from(run.csv, 'utf8') : run.csv;
  if (bytes !== undefined)
    planCsv = { key: csvKey, bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
  const record = buildRecord(run, planCsv);
  if (bytes !== undefined && !(await store.putIfAbsent(csvKey, bytes, 'text/csv; charset=utf-8'))) {
    throw new PlannerError(
      'CONFLICT',
      `${store.describe(csvKey)} already exists; plan ${run.planId} was already written`,
    );
  }
  if (!(await store.putIfAbsent(runKey, `${JSON.stringify(record, null, 2)}\n`, 'application/json'))) {
    throw new PlannerError(
      'CONFLICT',
      `${store.describe(runKey)} already exists; plan ${run.planId} was already written`,
    );
  }
  return { record, runKey, ...(planCsv ? { planCsvKey: csvKey } : {}) };
}

/** Reads and validates `plans/<plan_id>/run.json`. NOT_FOUND when absent; STORAGE when it is not a valid record. */
export async function readRun(store: ObjectStore, planId: string): Promise<RunRecord> {
  const key = runJsonKey(planId);
  const { body } = await store.get(key);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > RUN_JSON_LIMIT) {
      body.destroy();
      throw new PlannerError(
        'STORAGE',
        `${store.describe(key)}: larger than ${RUN_JSON_LIMIT} bytes; not a run record`,
      );
    }
    chunks.push(chunk);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (cause) {
    throw new PlannerError('STORAGE', `${store.describe(key)}: not valid JSON`, { cause });
  }
  const parsed = runRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PlannerError(
      'STORAGE',
      `${store.describe(key)}: not a valid run record at ${issue.path.join('.') || 'top'}: ${issue.message}`,
      { cause: parsed.error },
    );
  }
  if (parsed.data.plan_id !== planId)
    throw new PlannerError('STORAGE', `${store.describe(key)}: records plan ${parsed.data.plan_id}, not ${planId}`);
  return parsed.data;
}

/**
 * The newest committed runs (those with a run.json), newest first, at most `limit`.
 * A run.json that cannot be read or validated is skipped and reported to `onSkip`, so one
 * damaged record does not hide the others.
 */
export async function listRuns(
  store: ObjectStore,
  limit = 20,
  options: { onSkip?: (planId: string, error: unknown) => void } = {},
): Promise<RunRecord[]> {
  const ids = (await store.list('plans/'))
    .map((object) => /^plans\/([^/]+)\/run\.json$/.exec(object.key)?.[1])
    .filter((id): id is string => id !== undefined && PLAN_ID.test(id))
    .sort()
    .reverse();
  const runs: RunRecord[] = [];
  for (let at = 0; at < ids.length && runs.length < limit; at += 8) {
    const batch = ids.slice(at, at + 8);
    const results = await Promise.allSettled(batch.map((id) => readRun(store, id)));
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') runs.push(result.value);
      else options.onSkip?.(batch[i], result.reason);
    });
  }
  return runs.slice(0, limit);
}

/** A download link for a plan's CSV (presigned on S3, `file://` locally), valid at most {@link PLAN_LINK_MAX_SECONDS}. */
export async function linkToPlanCsv(
  store: ObjectStore,
  planId: string,
  expiresInSeconds = PLAN_LINK_MAX_SECONDS,
): Promise<string> {
  if (expiresInSeconds > PLAN_LINK_MAX_SECONDS)
    throw new PlannerError(
      'BAD_INPUT',
      `a plan CSV link lives at most ${PLAN_LINK_MAX_SECONDS} s; asked for ${expiresInSeconds} s`,
    );
  return store.link(planCsvKey(planId), expiresInSeconds);
}
