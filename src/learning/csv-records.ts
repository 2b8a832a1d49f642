import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { Utf8Guard } from '../io/utf8-guard.ts';
import { inputError, PlannerError } from '../domain/errors.ts';

/** Default upper bound on one outcome, export or plan CSV read by the learning loop: 512 MiB. */
export const DEFAULT_MAX_CSV_BYTES = 512 * 1024 * 1024;

/** One data row: its 1-based row number (the header is row 1) and its cells by lower-case column name. */
export interface CsvRecord {
  row: number;
  cells: Record<string, string>;
}

/**
 * Streams the rows of a CSV with a header, checking that `required` columns exist (names are
 * trimmed and lower-cased). Errors name the file, the row and the column: a missing column,
 * a row with the wrong number of cells, bad quoting, non-UTF-8 bytes, a file over `maxBytes`,
 * or an empty file.
 */
export async function* readCsvRecords(
  body: Readable,
  options: { file: string; required: readonly string[]; maxBytes?: number },
): AsyncGenerator<CsvRecord> {
  const { file, required } = options;
  const parser = parse({ bom: true, relax_column_count: false, skip_empty_lines: true });
  const source = body.pipe(new Utf8Guard(file, options.maxBytes ?? DEFAULT_MAX_CSV_BYTES));
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let header: string[] | undefined;
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      if (!header) {
        header = record.map((name) => name.trim().toLowerCase());
        for (const column of required) {
          if (!header.includes(column))
            throw inputError(
              { file, row: 1, column },
              `required column "${column}" is missing; the header has ${header.join(', ') || 'no columns'}`,
            );
        }
        continue;
      }
      const cells: Record<string, string> = {};
      header.forEach((name, index) => {
        cells[name] = record[index];
      });
      yield { row, cells };
    }
  } catch (error) {
    body.destroy();
    if (error instanceof PlannerError) throw error;
    const lines = (error as { lines?: number }).lines;
    throw inputError({ file, row: lines }, `not valid CSV (${(error as Error).message})`);
  }
  if (!header) throw inputError({ file }, 'the file is empty; expected a header row');
}
