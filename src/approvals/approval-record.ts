import { text } from 'node:stream/consumers';
import * as z from 'zod';
import { isPlannerError, PlannerError } from '../domain/errors.ts';
import type { ObjectStore } from '../storage/object-store.ts';

/** Who approved a plan and when. */
export interface ApprovalRecord {
  plan_id: string;
  approved_by: string;
  approved_at: string;
  job_id: string;
  /** The second, distinct approver of a plan that needed two (the one whose click completed it). */
  second_approver?: string;
}

export const approvalSchema = z.object({
  plan_id: z.string().min(1),
  approved_by: z.string().min(1),
  second_approver: z.string().min(1).optional(),
  approved_at: z.iso.datetime({ offset: true }),
  job_id: z.string().min(1),
});

export const approvalKey = (planId: string): string => `plans/${planId}/approval.json`;

/**
 * Writes `plans/<plan_id>/approval.json` once (for a plan that needed two approvers, with
 * `second_approver`). Returns the record that holds: ours when this
 * call won, else the one written first (a second click, a retry, a second approver).
 */
export async function approveOnce(
  store: ObjectStore,
  record: ApprovalRecord,
): Promise<{ won: boolean; approval: ApprovalRecord }> {
  const won = await store.putIfAbsent(approvalKey(record.plan_id), JSON.stringify(record, null, 2), 'application/json');
  if (won) return { won, approval: record };
  const existing = await readApproval(store, record.plan_id);
  if (!existing) throw new PlannerError('CONFLICT', `plan ${record.plan_id}: the approval exists but cannot be read`);
  return { won, approval: existing };
}

/** The approval of a plan, or undefined when nobody approved it yet. */
export async function readApproval(store: ObjectStore, planId: string): Promise<ApprovalRecord | undefined> {
  let raw: string;
  try {
    raw = await text((await store.get(approvalKey(planId))).body);
  } catch (error) {
    if (isPlannerError(error) && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
  const parsed = approvalSchema.safeParse(JSON.parse(raw));
  if (!parsed.success)
    throw new PlannerError('BAD_INPUT', `${store.describe(approvalKey(planId))}: not a valid approval record`, {
      cause: parsed.error,
    });
  return parsed.data;
}
