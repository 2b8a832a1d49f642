import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { createHash } from 'node:crypto';
import { PlannerError } from '../domain/errors.ts';
import { columnChunks } from '../io/predictions/parquet/column-chunks.ts';
import type { ObjectInfo, ObjectStore } from './object-store.ts';

/**
 * Parquet objects at least this large, whose used columns are less than half of their bytes,
 * are read by byte ranges (the footer, then each used column chunk) instead of whole: a wide
 * feature table then costs the planner's columns only. Below it, one streaming read is faster.
 */
export const RANGED_PARQUET_MIN_BYTES = 64 * 1024 * 1024;

/** How much of the end of the object the first read takes: the footer usually fits. */
const FOOTER_GUESS_BYTES = 64 * 1024;

async function readRange(
  store: ObjectStore,
  key: string,
  start: number,
  end: number,
): Promise<{ bytes: Buffer; info?: ObjectInfo }> {
  if (end <= start) return { bytes: Buffer.alloc(0) };
  const { body, info } = await store.get(key, { start, end });
  const parts: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) parts.push(chunk);
  const bytes = Buffer.concat(parts);
  if (bytes.length !== end - start)
    throw new PlannerError('STORAGE', `${store.describe(key)}: asked for ${end - start} bytes, got ${bytes.length}`);
  return { bytes, info };
}

/** One range read: where, and the SHA-256 of its bytes. */
export interface RangeRead {
  start: number;
  end: number;
  sha256: string;
}

/**
 * An object of a store as hyparquet's `AsyncBuffer`: each slice one ranged read. `onRead`
 * sees every range read (for the byte budget and the audit hash).
 */
export function rangedObject(
  store: ObjectStore,
  key: string,
  size: number,
  onRead: (start: number, bytes: Buffer, info?: ObjectInfo) => void = () => {},
): AsyncBuffer {
  return {
    byteLength: size,
    slice: async (start, end = size) => {
      const { bytes, info } = await readRange(store, key, start, end);
      onRead(start, bytes, info);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
    },
  };
}

/** The footer of a Parquet object, read by ranges (NOT a full download). */
export async function readParquetFooter(store: ObjectStore, key: string, size: number): Promise<FileMetaData> {
  const { parquetMetadataAsync } = await import('hyparquet/src/metadata.js');
  try {
    return await parquetMetadataAsync(rangedObject(store, key, size), { initialFetchSize: FOOTER_GUESS_BYTES });
  } catch (cause) {
    if (cause instanceof PlannerError) throw cause;
    throw new PlannerError(
      'BAD_INPUT',
      `${store.describe(key)}: not a readable Parquet file (${(cause as Error).message})`,
      {
        cause,
        location: { file: store.describe(key) },
      },
    );
  }
}

/** Bytes of the column chunks of `columns` (by top-level name) in every row group. */
export function columnBytes(metadata: FileMetaData, columns: readonly string[]): number {
  let total = 0;
  for (const meta of columnChunks(metadata, columns)) total += Number(meta.total_compressed_size);
  return total;
}

/** The customers of Parquet objects, from their footers alone: exact, and cheap enough for an acknowledgement. */
export async function countParquetRows(store: ObjectStore, files: readonly ObjectInfo[]): Promise<number> {
  let rows = 0;
  for (const file of files) rows += Number((await readParquetFooter(store, file.key, file.size)).num_rows);
  return rows;
}

/** The record of one range read, for {@link rangesDigest}. */
export function rangeRead(start: number, bytes: Buffer): RangeRead {
  return { start, end: start + bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * The audit hash of an object read by ranges: SHA-256 over one `start:end:sha256` line per
 * range, in offset order (the order hyparquet fetched them in does not matter).
 */
export function rangesDigest(reads: readonly RangeRead[]): string {
  const lines = [...reads]
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((read) => `${read.start}:${read.end}:${read.sha256}\n`);
  return createHash('sha256').update(lines.join('')).digest('hex');
}
