import type { Action } from '../domain/catalog.ts';
import { isPlannerError } from '../domain/errors.ts';
import {
  buildContactHistory,
  dateOfDay,
  dayNumber,
  historyWindowDays,
  OUTCOME_HORIZON_DAYS,
  type ContactHistory,
  type ContactRecord,
  type HoldoutRecord,
} from '../domain/history.ts';
import type { Policy } from '../domain/policy.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { listExports, readExportRows, readPlanRows } from './plan-files.ts';

export interface LoadedHistory {
  history: ContactHistory;
  contacts: ContactRecord[];
  holdouts: HoldoutRecord[];
  /** The export keys read. */
  files: string[];
  /** Plans whose holdout could not be read (their plan CSV is missing): their control group is unprotected. */
  missingPlans: string[];
}

/**
 * Contact history as of `asOf` (`YYYY-MM-DD`) from the approved exports: every row of
 * `exports/<date>/<plan_id>.csv` dated within `windowDays` before `asOf` (and on `asOf`) is a
 * contact on that date. The holdout customers of plans sent within {@link OUTCOME_HORIZON_DAYS}
 * are read from `plans/<plan_id>/plan.csv`, so the next plans leave the control group alone
 * until its outcome is measured.
 *
 * `windowDays` defaults to what the policy and catalog look back (see `historyWindowDays`).
 */
export async function loadContactHistory(
  store: ObjectStore,
  asOf: string,
  options: { windowDays?: number; policy?: Policy; catalog?: readonly Action[] } = {},
): Promise<LoadedHistory> {
  const today = dayNumber(asOf);
  const windowDays =
    options.windowDays ??
    (options.policy ? historyWindowDays(options.policy, options.catalog ?? []) : OUTCOME_HORIZON_DAYS);
  const from = dateOfDay(today - Math.max(windowDays, OUTCOME_HORIZON_DAYS) + 1);
  const exports = await listExports(store, { from, to: asOf });
  const contacts: ContactRecord[] = [];
  const holdouts: HoldoutRecord[] = [];
  const missingPlans: string[] = [];
  for (const entry of exports) {
    const daysAgo = today - dayNumber(entry.date);
    if (daysAgo < windowDays) {
      for (const row of await readExportRows(store, entry.key))
        contacts.push({ ...row, date: entry.date, plan_id: entry.plan_id });
    }
    if (daysAgo < OUTCOME_HORIZON_DAYS) {
      try {
        for (const row of await readPlanRows(store, entry.plan_id)) {
          if (row.group === 'holdout')
            holdouts.push({
              customer_id: row.customer_id,
              action_id: row.action_id,
              date: entry.date,
              plan_id: entry.plan_id,
            });
        }
      } catch (error) {
        if (!isPlannerError(error) || error.code !== 'NOT_FOUND') throw error;
        missingPlans.push(entry.plan_id);
      }
    }
  }
  return {
    history: buildContactHistory(contacts, holdouts, asOf, windowDays),
    contacts,
    holdouts,
    files: exports.filter((entry) => today - dayNumber(entry.date) < windowDays).map((entry) => entry.key),
    missingPlans,
  };
}
