import { text } from 'node:stream/consumers';
import * as z from 'zod';
import { PlannerError } from '../domain/errors.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { checkPlanId } from '../storage/run-ids.ts';

/** A Slack user id, safe as one segment of a key. */
const USER_ID = /^[UW][A-Z0-9]{1,30}$/;

const recordSchema = z.object({
  plan_id: z.string(),
  approved_by: z.string().regex(USER_ID),
  approved_at: z.iso.datetime({ offset: true }),
});

/** One approver's approval of a plan that needs several: who and when. */
export type ApproverRecord = z.infer<typeof recordSchema>;

const approversPrefix = (planId: string): string => `plans/${checkPlanId(planId)}/approvals/`;

/** `plans/<plan_id>/approvals/<user_id>.json`: one per approver, written once. */
export function approverKey(planId: string, userId: string): string {
  if (!USER_ID.test(userId)) throw new PlannerError('BAD_INPUT', `"${userId}" is not a Slack user id`);
  return `${approversPrefix(planId)}${userId}.json`;
}

/**
 * Records one approver's approval once (put-if-absent per approver). Returns false when this
 * approver had already approved: the same person clicking twice never counts twice.
 */
export function recordApprover(store: ObjectStore, record: ApproverRecord): Promise<boolean> {
  return store.putIfAbsent(
    approverKey(record.plan_id, record.approved_by),
    JSON.stringify(record, null, 2),
    'application/json',
  );
}

/** Every distinct approver of a plan so far, earliest first (ties by user id). */
export async function listApprovers(store: ObjectStore, planId: string): Promise<ApproverRecord[]> {
  const keys = (await store.list(approversPrefix(planId)))
    .map((object) => object.key)
    .filter((key) => key.endsWith('.json'));
  const records = await Promise.all(
    keys.map(async (key) => {
      const parsed = recordSchema.safeParse(JSON.parse(await text((await store.get(key)).body)));
      if (!parsed.success || approverKey(planId, parsed.data.approved_by) !== key) {
        throw new PlannerError(
          'STORAGE',
          `${store.describe(key)}: not a valid approver record`,
          parsed.success ? {} : { cause: parsed.error },
        );
      }
      return parsed.data;
    }),
  );
  return records.sort(
    (a, b) => a.approved_at.localeCompare(b.approved_at) || a.approved_by.localeCompare(b.approved_by),
  );
}
