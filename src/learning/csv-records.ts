import { parse } from 'csv-parse';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { inputError, PlannerError } from '../domain/errors.ts';

/** Default upper bound on one outcome, export or plan CSV read by the learning loop: 512 MiB. */
export const DEFAULT_MAX_CSV_BYTES = 512 * 1024 * 1024;

/** Refuses bytes that are not UTF-8 and input beyond the size limit. */
class Utf8Limit extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private bytes = 0;

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      callback(new PlannerError('TOO_LARGE', `${this.file}: larger than the limit of ${this.maxBytes} bytes`));
      return;
    }
    try {
      callback(null, this.decoder.decode(chunk, { stream: true }));
    } catch (cause) {
      callback(new PlannerError('BAD_INPUT', `${this.file}: not UTF-8 text (near byte ${this.bytes - chunk.length}); save it as UTF-8 CSV`, { cause, location: { file: this.file } }));
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      callback(null, this.decoder.decode());
    } catch (cause) {
      callback(new PlannerError('BAD_INPUT', `${this.file}: ends inside a UTF-8 character`, { cause, location: { file: this.file } }));
    }
  }
}

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
export async function* readCsvRecords(body: Readable, options: { file: string; required: readonly string[]; maxBytes?: number }): AsyncGenerator<CsvRecord> {
  const { file, required } = options;
  const parser = parse({ bom: true, relax_column_count: false, skip_empty_lines: true });
  const source = body.pipe(new Utf8Limit(file, options.maxBytes ?? DEFAULT_MAX_CSV_BYTES));
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
          if (!header.includes(column)) throw inputError({ file, row: 1, column }, `required column "${column}" is missing; the header has ${header.join(', ') || 'no columns'}`);
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
