import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { inputError, PlannerError } from '../src/domain/errors.ts';
import { estimateClv, type Predictions } from '../src/domain/predictions.ts';
import { Utf8Guard } from '../src/io/utf8-guard.ts';

/**
 * The predictions reader as it was before the byte-level reader (csv-parse, commit 81c2b0f),
 * kept unchanged but for its imports as the reference that `bench/read-speed.ts` measures the
 * new reader against in the same run. Not used by the product.
 */
const DEFAULT_MAX_PREDICTION_BYTES = 4 * 1024 * 1024 * 1024;

/** What the old reader returned: the columns, with the ids as one string each. */
type OldPredictions = Omit<Predictions, 'ids'> & { ids: string[] };

interface ReadPredictionsOptions {
  source: string;
  maxBytes?: number;
}

/** A Float64Array that doubles as it fills. */
class GrowableFloat64 {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

const REDUCTION_COLUMN = /^churn_reduction_(\d+)$/;

interface Columns {
  id: number;
  p: number;
  segment: number;
  clv: number | undefined;
  pName: string;
  clvName: string | undefined;
  reductions: Array<{ actionId: number; index: number; name: string }>;
}

function locateColumns(header: string[], file: string): Columns {
  const names = header.map((name) => name.trim().toLowerCase());
  const find = (...candidates: string[]): number | undefined => {
    for (const candidate of candidates) {
      const index = names.indexOf(candidate);
      if (index >= 0) return index;
    }
    return undefined;
  };
  const require = (label: string, ...candidates: string[]): number => {
    const index = find(...candidates);
    if (index === undefined) {
      const alias = candidates.length > 1 ? ` (or ${candidates.slice(1).join(', ')})` : '';
      throw inputError(
        { file, row: 1, column: label },
        `required column "${label}"${alias} is missing; the header has ${names.join(', ') || 'no columns'}`,
      );
    }
    return index;
  };
  const id = require('customer_id', 'customer_id');
  const p = require('churn_probability', 'churn_probability', 'p');
  const segment = require('subscription_type', 'subscription_type');
  const clv = find('clv', 'v');
  const reductions: Columns['reductions'] = [];
  names.forEach((name, index) => {
    const match = REDUCTION_COLUMN.exec(name);
    if (match) reductions.push({ actionId: Number(match[1]), index, name });
  });
  return { id, p, segment, clv, pName: names[p], clvName: clv === undefined ? undefined : names[clv], reductions };
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number cell; NaN for an empty cell or anything else (hex, Infinity, "1,5"). */
function parseCell(raw: string | undefined): number {
  const text = (raw ?? '').trim();
  return DECIMAL.test(text) ? Number(text) : Number.NaN;
}

/** The old reader: a predictions CSV from a byte stream into columns, validating every row. */
export async function readPredictionsWithCsvParse(
  input: Readable | AsyncIterable<Uint8Array | string>,
  options: ReadPredictionsOptions,
): Promise<OldPredictions> {
  const file = options.source;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_PREDICTION_BYTES;
  const source = input instanceof Readable ? input : Readable.from(input);
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: false });

  let columns: Columns | undefined;
  let row = 1;
  const ids: string[] = [];
  const firstRow = new Map<string, number>();
  const p = new GrowableFloat64();
  const v = new GrowableFloat64();
  const segmentOf: number[] = [];
  const segments: string[] = [];
  const segmentIndex = new Map<string, number>();
  let reductions: GrowableFloat64[] = [];

  const consume = async (): Promise<void> => {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!columns) {
        columns = locateColumns(record, file);
        reductions = columns.reductions.map(() => new GrowableFloat64());
        continue;
      }
      row += 1;
      const cols = columns;
      const at = (column: string) => ({ file, row, column });

      const id = (record[cols.id] ?? '').trim();
      if (id === '') throw inputError(at('customer_id'), 'customer_id is empty');
      const previous = firstRow.get(id);
      if (previous !== undefined)
        throw inputError(at('customer_id'), `customer_id "${id}" already appears in row ${previous}`);
      firstRow.set(id, row);

      const prob = parseCell(record[cols.p]);
      if (Number.isNaN(prob)) throw inputError(at(cols.pName), `"${record[cols.p] ?? ''}" is not a number`);
      if (prob < 0 || prob > 1) throw inputError(at(cols.pName), `churn probability ${prob} is outside [0, 1]`);

      const segment = (record[cols.segment] ?? '').trim();
      if (segment === '') throw inputError(at('subscription_type'), 'subscription_type is empty');
      let seg = segmentIndex.get(segment);
      if (seg === undefined) {
        seg = segments.length;
        if (seg >= 65535) throw inputError(at('subscription_type'), 'more than 65535 distinct segments');
        segments.push(segment);
        segmentIndex.set(segment, seg);
      }

      let clv: number;
      if (cols.clv !== undefined) {
        clv = parseCell(record[cols.clv]);
        const name = cols.clvName ?? 'clv';
        if (Number.isNaN(clv) || !Number.isFinite(clv))
          throw inputError(at(name), `"${record[cols.clv] ?? ''}" is not a number`);
        if (clv < 0) throw inputError(at(name), `clv ${clv} is negative`);
      } else {
        clv = estimateClv(segment, prob);
      }

      cols.reductions.forEach((column, j) => {
        const raw = record[column.index];
        const value = parseCell(raw);
        if ((raw ?? '').trim() !== '' && (Number.isNaN(value) || value < 0 || value > 1)) {
          throw inputError(at(column.name), `"${raw}" is not a churn reduction in [0, 1]`);
        }
        reductions[j].push(value);
      });

      ids.push(id);
      p.push(prob);
      v.push(clv);
      segmentOf.push(seg);
    }
  };

  try {
    await Promise.all([pipeline(source, new Utf8Guard(file, maxBytes), parser), consume()]);
  } catch (error) {
    parser.destroy();
    source.destroy();
    if (error instanceof PlannerError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new PlannerError('BAD_INPUT', `${file}, row ${row + 1}: not valid CSV (${message})`, {
      cause: error,
      location: { file, row: row + 1 },
    });
  }

  if (!columns) throw inputError({ file }, 'the file is empty; expected a header row and one row per customer');
  if (ids.length === 0) throw inputError({ file, row: 2 }, 'the file has a header but no customer rows');

  const map = new Map<number, Float64Array>();
  columns.reductions.forEach((column, j) => map.set(column.actionId, reductions[j].toArray()));
  return {
    source: file,
    ids,
    p: p.toArray(),
    v: v.toArray(),
    segmentOf: Uint16Array.from(segmentOf),
    segments,
    clvEstimated: columns.clv === undefined,
    reductions: map,
  };
}
