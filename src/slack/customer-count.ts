import type { Readable } from 'node:stream';
import type { ObjectInfo, ObjectStore } from '../storage/object-store.ts';
import { countParquetRows } from '../storage/parquet-object.ts';
import { isParquetKey } from '../storage/read-file-set.ts';

/** Files up to this many bytes in total are counted line by line on the ack path. */
export const EXACT_COUNT_MAX_BYTES = 1024 * 1024;

/** Bytes read from the first file to estimate the row length of a larger set. */
const SAMPLE_BYTES = 64 * 1024;

const NEWLINE = 0x0a;

/** Counts newlines in a stream, reading at most `limit` bytes; returns the lines and bytes seen. */
async function scanLines(
  body: Readable,
  limit: number,
): Promise<{ newlines: number; bytes: number; lastByte: number | undefined }> {
  let newlines = 0;
  let bytes = 0;
  let lastByte: number | undefined;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      const part = bytes + chunk.length > limit ? chunk.subarray(0, limit - bytes) : chunk;
      for (let i = 0; i < part.length; i++) if (part[i] === NEWLINE) newlines += 1;
      bytes += part.length;
      if (part.length > 0) lastByte = part[part.length - 1];
      if (bytes >= limit) break;
    }
  } finally {
    body.destroy();
  }
  return { newlines, bytes, lastByte };
}

/**
 * How many customers a set of prediction files holds, cheaply enough for Slack's 3-second
 * acknowledgement. Up to {@link EXACT_COUNT_MAX_BYTES} in total, the files' lines are counted
 * (no CSV parsing; one header per file; exact unless a quoted cell holds a newline). Beyond that,
 * only the first 64 KiB of the first file is read and the count is the total size divided by
 * the average line length there: an estimate, reported as such (`exact: false`). Parquet files
 * are counted exactly from their footers (a ranged read of each file's end).
 */
export async function countCustomers(
  store: ObjectStore,
  files: readonly ObjectInfo[],
): Promise<{ count: number; exact: boolean }> {
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (files.length === 0) return { count: 0, exact: true };
  if (files.every((file) => isParquetKey(file.key)))
    return { count: await countParquetRows(store, files), exact: true };
  if (total <= EXACT_COUNT_MAX_BYTES) {
    let count = 0;
    for (const file of files) {
      const { body } = await store.get(file.key);
      const scan = await scanLines(body, Number.POSITIVE_INFINITY);
      const lines = scan.newlines + (scan.lastByte !== undefined && scan.lastByte !== NEWLINE ? 1 : 0);
      count += Math.max(0, lines - 1);
    }
    return { count, exact: true };
  }
  const { body } = await store.get(files[0].key);
  const sample = await scanLines(body, SAMPLE_BYTES);
  const averageLine = sample.newlines > 0 ? sample.bytes / sample.newlines : sample.bytes;
  const estimate = Math.max(0, Math.round(total / Math.max(1, averageLine)) - files.length);
  return { count: estimate, exact: false };
}
