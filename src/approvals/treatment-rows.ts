import { parse } from 'csv-parse';
import { PlannerError } from '../domain/errors.ts';
import type { ObjectStore } from '../storage/object-store.ts';

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * The export of SPEC 6 from a stored plan CSV: the header and the `treatment` rows, in the
 * plan's order. Holdout rows never leave. Cells are kept as the plan wrote them (already
 * neutralised against spreadsheet formulas); only CSV quoting is redone.
 */
export async function readTreatmentRows(
  store: ObjectStore,
  planCsvKey: string,
): Promise<{ csv: string; rows: number }> {
  const { body } = await store.get(planCsvKey);
  const parser = parse({ bom: true, relax_column_count: false });
  body.on('error', (error) => parser.destroy(error));
  body.pipe(parser);
  let groupColumn = -1;
  let csv = '';
  let rows = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    if (groupColumn < 0) {
      groupColumn = record.indexOf('group');
      if (groupColumn < 0)
        throw new PlannerError('BAD_INPUT', `${store.describe(planCsvKey)}: no "group" column; not a plan CSV`);
    } else if (record[groupColumn] !== 'treatment') {
      continue;
    } else {
      rows += 1;
    }
    csv += `${record.map(csvCell).join(',')}\r\n`;
  }
  if (groupColumn < 0) throw new PlannerError('BAD_INPUT', `${store.describe(planCsvKey)}: empty; not a plan CSV`);
  return { csv, rows };
}
