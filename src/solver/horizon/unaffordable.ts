import type { LinkingRow } from '../linking-rows.ts';
import { rowTolerance } from './plan-score.ts';

/**
 * True when `row` caps action k below its own coefficient: a ≤ row that every customer counts
 * in, with no negative coefficient, so one customer taking k already breaks it (beyond the
 * plans' row tolerance).
 */
function capsBelow(row: LinkingRow, k: number): boolean {
  if (row.sense !== '<=' || row.members !== null || row.actionCoef.some((a) => a < 0)) return false;
  return row.actionCoef[k] > row.limit + rowTolerance(row.limit);
}

/**
 * Per action, 1 when no plan can take it in any week: each week has a row that caps it below
 * its own coefficient, or a row over all weeks does (an action dearer than every week's budget).
 * Left out of every sequence, it can no longer lift the Lagrangian bound by a fraction of itself.
 */
export function unaffordableActions(
  weeklyRows: readonly (readonly LinkingRow[])[],
  horizonRows: readonly LinkingRow[],
  K: number,
): Uint8Array {
  return Uint8Array.from({ length: K }, (_, k) =>
    horizonRows.some((row) => capsBelow(row, k)) ||
    (weeklyRows.length > 0 && weeklyRows.every((rows) => rows.some((row) => capsBelow(row, k))))
      ? 1
      : 0,
  );
}
