import { PlannerError } from '../domain/errors.ts';
import { isCalendarDate } from '../storage/latest-predictions.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { checkPlanId } from '../storage/run-ids.ts';

function dayOf(date: Date | string): string {
  if (typeof date === 'string') {
    if (!isCalendarDate(date)) throw new PlannerError('BAD_INPUT', `"${date}" is not a date (expected YYYY-MM-DD)`);
    return date;
  }
  if (Number.isNaN(date.getTime())) throw new PlannerError('BAD_INPUT', 'the export date is invalid');
  return date.toISOString().slice(0, 10);
}

/**
 * Writes the rows the campaign system imports to `exports/<YYYY-MM-DD>/<plan_id>.csv`
 * (a `Date` counts by its UTC day). Written once: when the export already exists it is left
 * as it is and `created` is false, so a retried approval does not send a plan twice.
 */
export async function writeExport(
  store: ObjectStore,
  exportFile: { date: Date | string; planId: string; csv: string },
): Promise<{ key: string; created: boolean }> {
  const key = `exports/${dayOf(exportFile.date)}/${checkPlanId(exportFile.planId)}.csv`;
  const created = await store.putIfAbsent(key, exportFile.csv, 'text/csv; charset=utf-8');
  return { key, created };
}
