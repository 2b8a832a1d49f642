import { text } from 'node:stream/consumers';
import * as z from 'zod';
import { isPlannerError } from '../domain/errors.ts';
import type { ObjectStore } from './object-store.ts';
import { checkPlanId } from './run-ids.ts';

const fileRefSchema = z.object({
  id: z.string().regex(/^F[A-Z0-9]{8,}$/),
  filename: z.string().min(1).max(200),
  title: z.string().max(250),
  permalink: z.url({ protocol: /^https?$/ }).optional(),
});

/**
 * `plans/<plan_id>/slack-files.json`: where the plan's CSV and chart live in Slack (file ids
 * and permalinks), the channel they were shared in, and why a file is missing when one is.
 * Written by the worker after the upload; read to keep the files in the approved message and
 * to link them from the Home tab.
 */
export const planAttachmentsSchema = z.object({
  channel_id: z.string().min(1).optional(),
  csv: fileRefSchema.optional(),
  chart: fileRefSchema.optional(),
  problems: z.array(z.string().max(1000)).max(10),
});

export type PlanAttachments = z.infer<typeof planAttachmentsSchema>;

export const planAttachmentsKey = (planId: string): string => `plans/${checkPlanId(planId)}/slack-files.json`;
/** The plan chart kept beside the plan CSV, whatever became of its upload to Slack. */
export const planChartKey = (planId: string): string => `plans/${checkPlanId(planId)}/plan.png`;

/** Records where the plan's files went (written once per plan). */
export async function writePlanAttachments(
  store: ObjectStore,
  planId: string,
  attachments: PlanAttachments,
): Promise<void> {
  await store.putIfAbsent(planAttachmentsKey(planId), JSON.stringify(attachments, null, 2), 'application/json');
}

/** The plan's attachments record; undefined when there is none or it does not parse (the files are an extra). */
export async function readPlanAttachments(store: ObjectStore, planId: string): Promise<PlanAttachments | undefined> {
  try {
    const raw = await text((await store.get(planAttachmentsKey(planId))).body);
    const parsed = planAttachmentsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch (error) {
    if (isPlannerError(error) && error.code === 'NOT_FOUND') return undefined;
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}
