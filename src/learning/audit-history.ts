import { text } from 'node:stream/consumers';
import * as z from 'zod';
import { isPlannerError, PlannerError } from '../domain/errors.ts';
import type { Policy } from '../domain/policy.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { listRuns, type RunRecord } from '../storage/run-record.ts';

/** `plans/<plan_id>/approval.json` as written by the approver (extra members allowed, e.g. a second approver). */
const approvalSchema = z
  .object({
    plan_id: z.string().min(1),
    approved_by: z.string().min(1),
    approved_at: z.iso.datetime({ offset: true }),
    second_approver: z.string().min(1).optional(),
  })
  .loose();

export type ApprovalSummary = z.infer<typeof approvalSchema>;

/** One run of the audit trail: who asked, when, with what policy, what it promised, and who approved it. */
export interface HistoryEntry {
  plan_id: string;
  status: RunRecord['status'];
  requested_by: string;
  requested_at: string;
  policy: Partial<Policy>;
  kpis: RunRecord['kpis'];
  catalog_version?: string;
  approval?: ApprovalSummary;
}

/** The approval of a plan, or undefined when none was written. STORAGE when it exists but is not valid. */
export async function readApprovalSummary(store: ObjectStore, planId: string): Promise<ApprovalSummary | undefined> {
  const key = `plans/${planId}/approval.json`;
  let raw: string;
  try {
    raw = await text((await store.get(key)).body);
  } catch (error) {
    if (isPlannerError(error) && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new PlannerError('STORAGE', `${store.describe(key)}: not valid JSON`, { cause });
  }
  const parsed = approvalSchema.safeParse(json);
  if (!parsed.success)
    throw new PlannerError('STORAGE', `${store.describe(key)}: not a valid approval record`, { cause: parsed.error });
  return parsed.data;
}

/**
 * The newest runs of the audit trail (newest first, at most `limit`, 1..100), each with its
 * approval when there is one. Reads run records through the storage helper's `listRuns`; a
 * damaged run or approval is skipped and reported to `onSkip` rather than hiding the rest.
 */
export async function listHistory(
  store: ObjectStore,
  limit = 10,
  options: { onSkip?: (planId: string, error: unknown) => void } = {},
): Promise<HistoryEntry[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new PlannerError('BAD_INPUT', `the history limit must be a whole number 1..100; got ${limit}`);
  const runs = await listRuns(store, limit, options);
  return Promise.all(
    runs.map(async (run) => {
      let approval: ApprovalSummary | undefined;
      try {
        approval = await readApprovalSummary(store, run.plan_id);
      } catch (error) {
        options.onSkip?.(run.plan_id, error);
      }
      const version = (run as { catalog_version?: unknown }).catalog_version;
      return {
        plan_id: run.plan_id,
        status: run.status,
        requested_by: run.requested_by,
        requested_at: run.requested_at,
        policy: run.policy,
        kpis: run.kpis,
        ...(typeof version === 'string' ? { catalog_version: version } : {}),
        ...(approval ? { approval } : {}),
      };
    }),
  );
}

/** The policy of the newest approved plan among the last `lookback` runs, for the second-approver rule; undefined when none. */
export async function findLastApprovedPolicy(
  store: ObjectStore,
  lookback = 50,
): Promise<{ planId: string; policy: Partial<Policy> } | undefined> {
  const runs = await listRuns(store, lookback);
  for (const run of runs) {
    const approval = await readApprovalSummary(store, run.plan_id).catch(() => undefined);
    if (approval) return { planId: run.plan_id, policy: run.policy };
  }
  return undefined;
}
