import * as z from 'zod';
import { PLAN_ID } from '../storage/run-ids.ts';
import type { PlanToolsValue } from './blocks/plan-files-blocks.ts';

const valueSchema = z.object({ plan: z.string().regex(PLAN_ID), words: z.array(z.string().max(300)).max(40) });

/** Reads the value of a Download CSV or Edit & re-plan button back; undefined when it is not one this app wrote. */
export function parsePlanToolsValue(value: string | undefined): PlanToolsValue | undefined {
  try {
    const parsed = valueSchema.safeParse(JSON.parse(value ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
