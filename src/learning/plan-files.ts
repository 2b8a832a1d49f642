import * as z from 'zod';
import { inputError } from '../domain/errors.ts';
import { dayNumber } from '../domain/history.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { readCsvRecords } from './csv-records.ts';

/** One approved, sent plan as the exports show it: `exports/<date>/<plan_id>.csv`. */
export interface ExportEntry {
  key: string;
  /** The day the plan was approved and sent. */
  date: string;
  plan_id: string;
}

/** One assigned customer of a stored plan CSV (SPEC 4 columns). */
export interface PlanRow {
  customer_id: string;
  action_id: number;
  group: 'treatment' | 'holdout';
  segment: string;
}

const EXPORT_KEY = /^exports\/(\d{4}-\d{2}-\d{2})\/([^/]+)\.csv$/;

const isDay = (text: string): boolean => {
  try {
    dayNumber(text);
    return true;
  } catch {
    return false;
  }
};

/** Approved exports with a date in [`from`, `to`] (inclusive, `YYYY-MM-DD`, both optional), oldest first. */
export async function listExports(
  store: ObjectStore,
  range: { from?: string; to?: string } = {},
): Promise<ExportEntry[]> {
  return (await store.list('exports/'))
    .map((object) => {
      const match = EXPORT_KEY.exec(object.key);
      return match && isDay(match[1]) ? { key: object.key, date: match[1], plan_id: match[2] } : undefined;
    })
    .filter((entry): entry is ExportEntry => entry !== undefined)
    .filter(
      (entry) =>
        (range.from === undefined || entry.date >= range.from) && (range.to === undefined || entry.date <= range.to),
    );
}

const rowSchema = z.object({
  customer_id: z.string().min(1, 'customer_id is empty'),
  action_id: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, 'action_id must be a whole number')
    .transform(Number),
});

const planRowSchema = rowSchema.extend({
  group: z.enum(['treatment', 'holdout'], { message: 'group must be treatment or holdout' }),
  subscription_type: z.string().optional(),
});

/** Undoes the plan CSV's spreadsheet neutralisation of a text cell (a leading `'` before `=`, `+`, `-`, `@`, tab, CR). */
function unneutralise(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

/** The customers and actions of one export: who was contacted with what. Errors name file, row and column. */
export async function readExportRows(
  store: ObjectStore,
  key: string,
): Promise<{ customer_id: string; action_id: number }[]> {
  const file = store.describe(key);
  const rows: { customer_id: string; action_id: number }[] = [];
  const { body } = await store.get(key);
  for await (const { row, cells } of readCsvRecords(body, { file, required: ['customer_id', 'action_id'] })) {
    const parsed = rowSchema.safeParse(cells);
    if (!parsed.success)
      throw inputError(
        { file, row, column: String(parsed.error.issues[0].path[0] ?? '') },
        parsed.error.issues[0].message,
      );
    rows.push({ customer_id: unneutralise(parsed.data.customer_id), action_id: parsed.data.action_id });
  }
  return rows;
}

/** Every assigned customer of `plans/<plan_id>/plan.csv`, treatment and holdout. */
export async function readPlanRows(store: ObjectStore, planId: string): Promise<PlanRow[]> {
  const key = `plans/${planId}/plan.csv`;
  const file = store.describe(key);
  const rows: PlanRow[] = [];
  const { body } = await store.get(key);
  for await (const { row, cells } of readCsvRecords(body, { file, required: ['customer_id', 'action_id', 'group'] })) {
    const parsed = planRowSchema.safeParse(cells);
    if (!parsed.success)
      throw inputError(
        { file, row, column: String(parsed.error.issues[0].path[0] ?? '') },
        parsed.error.issues[0].message,
      );
    const { customer_id, action_id, group, subscription_type } = parsed.data;
    rows.push({
      customer_id: unneutralise(customer_id),
      action_id,
      group,
      segment: unneutralise(subscription_type ?? ''),
    });
  }
  return rows;
}
