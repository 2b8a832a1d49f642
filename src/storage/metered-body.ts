import type { Hash } from 'node:crypto';
import { PlannerError } from '../domain/errors.ts';
import type { ChunkBody } from './file-chunks.ts';

/** Bytes read so far across a file set, against the limit. */
export interface ByteBudget {
  used: number;
  max: number;
}

export interface MeterOptions {
  /** Where the bytes come from, for messages (`s3://bucket/key` or a path). */
  describe: string;
  /** Updated with every byte, in order: the file's own hash and the file set's. */
  hashes: Hash[];
  budget: ByteBudget;
  /** Called once with the first line (without BOM or line ending) as soon as it is known. */
  onHeader?: (header: string) => void;
}

const HEADER_LIMIT = 64 * 1024;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function headerText(bytes: Buffer): string {
  const body = bytes.subarray(0, BOM.length).equals(BOM) ? bytes.subarray(BOM.length) : bytes;
  return body.toString('utf8').replace(/\r$/, '');
}

function asBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  const view = value as Uint8Array;
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

/**
 * Passes a download through unchanged, one chunk at a time, while hashing it, counting it
 * against the byte budget and noting its first line. Nothing is kept but the header, so
 * memory stays at one chunk whatever the file size; a chunk is passed on before the next is read,
 * so a body may reuse one buffer ({@link ChunkBody}). Over the budget it throws TOO_LARGE
 * naming the object; when the source itself fails (a dropped connection) it throws STORAGE,
 * so a broken download is never reported as bad CSV.
 */
export async function* meterBody(body: ChunkBody, options: MeterOptions): AsyncGenerator<Buffer> {
  const { describe, hashes, budget, onHeader } = options;
  let fileBytes = 0;
  let head: Buffer[] | undefined = onHeader ? [] : undefined;
  let headBytes = 0;
  const iterator = body[Symbol.asyncIterator]();
  try {
    while (true) {
      let next: IteratorResult<unknown>;
      try {
        next = await iterator.next();
      } catch (cause) {
        if (cause instanceof PlannerError) throw cause;
        const detail = cause instanceof Error ? cause.message : String(cause);
        throw new PlannerError('STORAGE', `${describe}: reading broke off after ${fileBytes} bytes (${detail})`, {
          cause,
        });
      }
      if (next.done) break;
      const chunk = asBuffer(next.value);
      fileBytes += chunk.length;
      budget.used += chunk.length;
      if (budget.used > budget.max) {
        throw new PlannerError(
          'TOO_LARGE',
          `${describe}: the predictions are larger than the limit of ${budget.max} bytes; split the week's file or raise the limit`,
        );
      }
      for (const hash of hashes) hash.update(chunk);
      if (head && onHeader) {
        const newline = chunk.indexOf(0x0a);
        // Copied: a body may reuse its buffer for the next chunk.
        head.push(Buffer.from(newline >= 0 ? chunk.subarray(0, newline) : chunk));
        headBytes += newline >= 0 ? newline : chunk.length;
        if (newline >= 0 || headBytes >= HEADER_LIMIT) {
          onHeader(headerText(Buffer.concat(head)));
          head = undefined;
        }
      }
      yield chunk;
    }
    if (head && onHeader && headBytes > 0) onHeader(headerText(Buffer.concat(head)));
  } finally {
    if (!body.destroyed) body.destroy();
  }
}
