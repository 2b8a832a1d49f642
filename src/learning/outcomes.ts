import type { Readable } from 'node:stream';
import * as z from 'zod';
import { inputError } from '../domain/errors.ts';
import { dayNumber } from '../domain/history.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { readCsvRecords } from './csv-records.ts';

/** What became of one customer: churned or not, as observed on `observed_at` (`YYYY-MM-DD`). */
export interface OutcomeRecord {
  customer_id: string;
  churned: boolean;
  observed_at: string;
}

const CHURNED: Record<string, boolean> = { '1': true, '0': false, true: true, false: false, yes: true, no: false };

/** One row of `outcomes/<YYYY-MM-DD>/*.csv`. `observed_at` may be a date or an ISO date-time (its UTC day counts). */
export const outcomeRowSchema = z.object({
  customer_id: z.string().trim().min(1, 'customer_id is empty'),
  churned: z
    .string()
    .trim()
    .toLowerCase()
    .refine((text) => Object.hasOwn(CHURNED, text), 'churned must be 1, 0, true, false, yes or no')
    .transform((text) => CHURNED[text]),
  observed_at: z
    .string()
    .trim()
    .transform((text, context) => {
      const day = /^\d{4}-\d{2}-\d{2}$/.test(text)
        ? text
        : /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text))
          ? new Date(text).toISOString().slice(0, 10)
          : undefined;
      try {
        if (day !== undefined) {
          dayNumber(day);
          return day;
        }
      } catch {
        // reported below
      }
      context.addIssue({
        code: 'custom',
        message: `observed_at must be a date YYYY-MM-DD or an ISO date-time; got "${text}"`,
      });
      return z.NEVER;
    }),
});

export const OUTCOME_COLUMNS = ['customer_id', 'churned', 'observed_at'] as const;

/**
 * Reads one outcome CSV as a stream (`customer_id, churned, observed_at`; other columns are
 * ignored). Each row is validated by {@link outcomeRowSchema}; the first bad cell stops the
 * read with a BAD_INPUT error naming the file, the row and the column.
 */
export async function readOutcomes(
  body: Readable,
  options: { file: string; maxBytes?: number },
): Promise<OutcomeRecord[]> {
  const records: OutcomeRecord[] = [];
  for await (const { row, cells } of readCsvRecords(body, {
    file: options.file,
    required: OUTCOME_COLUMNS,
    maxBytes: options.maxBytes,
  })) {
    const parsed = outcomeRowSchema.safeParse(cells);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw inputError({ file: options.file, row, column: String(issue.path[0] ?? '') }, issue.message);
    }
    records.push(parsed.data);
  }
  return records;
}

const OUTCOME_KEY = /^outcomes\/(\d{4}-\d{2}-\d{2})\/[^/]+\.csv$/i;

/**
 * Every outcome under `outcomes/<YYYY-MM-DD>/*.csv` in the store, partitions from `from` to
 * `to` (inclusive, `YYYY-MM-DD`, both optional), read through the port.
 */
export async function loadOutcomes(
  store: ObjectStore,
  options: { from?: string; to?: string; maxBytes?: number } = {},
): Promise<{ outcomes: OutcomeRecord[]; files: string[] }> {
  const keys = (await store.list('outcomes/'))
    .map((object) => ({ key: object.key, date: OUTCOME_KEY.exec(object.key)?.[1] }))
    .filter((entry): entry is { key: string; date: string } => entry.date !== undefined && isDay(entry.date))
    .filter(
      (entry) =>
        (options.from === undefined || entry.date >= options.from) &&
        (options.to === undefined || entry.date <= options.to),
    );
  const outcomes: OutcomeRecord[] = [];
  for (const { key } of keys) {
    const { body } = await store.get(key);
    for (const record of await readOutcomes(body, { file: store.describe(key), maxBytes: options.maxBytes }))
      outcomes.push(record);
  }
  return { outcomes, files: keys.map((entry) => entry.key) };
}

function isDay(text: string): boolean {
  try {
    dayNumber(text);
    return true;
  } catch {
    return false;
  }
}
