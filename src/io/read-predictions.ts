import type { AsyncBuffer } from 'hyparquet';
import type { Readable } from 'node:stream';
import type { Predictions } from '../domain/predictions.ts';
import { PredictionsBuilder } from './predictions/predictions-builder.ts';
import { readCsvInto } from './predictions/read-csv.ts';
import { readParquetInto } from './predictions/read-parquet.ts';

export { PredictionsBuilder } from './predictions/predictions-builder.ts';
export { readCsvInto } from './predictions/read-csv.ts';
export { readParquetInto, usedParquetColumns } from './predictions/read-parquet.ts';
export { SequentialFile } from './predictions/parquet/sequential-file.ts';

/**
 * Default upper bound on a week's predictions: 2 GiB, about 20 million rows of a hundred
 * bytes. Ignored columns cost bytes but no memory; each customer read costs its columns
 * (about 20 bytes, more with churn reductions) and its id's bytes plus four.
 */
export const DEFAULT_MAX_PREDICTION_BYTES = 2 * 1024 * 1024 * 1024;

export interface ReadPredictionsOptions {
  /** The file's name or key, quoted in every error message. */
  source: string;
  /** Refuse input larger than this many bytes. */
  maxBytes?: number;
  /** The file's size when known: the columns are then sized once. */
  expectedBytes?: number;
}

/**
 * Reads one predictions CSV (SPEC 2.1) from a byte stream into columns, validating every row.
 * The whole file is refused on the first bad cell, with file, row (header = row 1) and column
 * named; nothing is returned half-read.
 */
export async function readPredictions(
  input: Readable | AsyncIterable<Uint8Array | string>,
  options: ReadPredictionsOptions,
): Promise<Predictions> {
  const builder = new PredictionsBuilder();
  await readCsvInto(builder, input, { ...options, maxBytes: options.maxBytes ?? DEFAULT_MAX_PREDICTION_BYTES });
  return builder.finish(options.source);
}

/**
 * A Parquet file held in memory, as hyparquet reads it: each slice is a copy of just that range;
 * our decoder reads its column chunks from `bytes` as views.
 */
export function inMemoryFile(bytes: Uint8Array): AsyncBuffer & { bytes: Uint8Array } {
  return {
    bytes,
    byteLength: bytes.byteLength,
    slice: (start, end = bytes.byteLength) =>
      bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + end) as ArrayBuffer,
  };
}

/**
 * Reads one Parquet predictions file (SPEC 2.1: the CSV's columns by name) held in memory or
 * behind an `AsyncBuffer` (byte ranges); the same rules as CSV, rows counted from 1 at the first customer.
 */
export async function readParquetPredictions(
  file: Uint8Array | AsyncBuffer,
  options: { source: string },
): Promise<Predictions> {
  const builder = new PredictionsBuilder();
  await readParquetInto(builder, file instanceof Uint8Array ? inMemoryFile(file) : file, options.source);
  return builder.finish(options.source);
}
