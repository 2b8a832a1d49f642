import { createHash } from 'node:crypto';
import { PlannerError } from '../domain/errors.ts';
import type { Predictions } from '../domain/predictions.ts';
import {
  DEFAULT_MAX_PREDICTION_BYTES,
  inMemoryFile,
  PredictionsBuilder,
  readCsvInto,
  readParquetInto,
  SequentialFile,
  usedParquetColumns,
} from '../io/read-predictions.ts';
import type { FileMetaData } from 'hyparquet';
import { chunkSpan } from '../io/predictions/parquet/column-chunks.ts';
import { meterBody, type ByteBudget } from './metered-body.ts';
import type { ObjectStore } from './object-store.ts';
import {
  columnBytes,
  RANGED_PARQUET_MIN_BYTES,
  rangedObject,
  rangeRead,
  rangesDigest,
  readParquetFooter,
  type RangeRead,
} from './parquet-object.ts';

/** One file that was read, for the audit trail. */
export interface InputFile {
  key: string;
  describe: string;
  etag: string | undefined;
  size: number;
  /**
   * Hex SHA-256 of the file's bytes, computed while they streamed past; for a Parquet file read
   * by ranges, of its ranges (see `rangesDigest`). Empty when the read was asked for no hash.
   */
  sha256: string;
}

export interface FileSetRead {
  predictions: Predictions;
  /**
   * Hex SHA-256 of every file's bytes, in key order, as one stream (one file: that file's hash).
   * Empty when the read was asked for no hash.
   */
  sha256: string;
  files: InputFile[];
}

/** `.parquet` keys (any case) are Parquet; everything else is read as CSV. */
export const isParquetKey = (key: string): boolean => /\.parquet$/i.test(key);

function refuseTooLarge(describe: string, size: number, max: number): never {
  throw new PlannerError(
    'TOO_LARGE',
    `${describe}: ${size} bytes of predictions are larger than the limit of ${max} bytes; split the week's file or raise the limit`,
  );
}

/** A partition written half in CSV and half in Parquet is most likely one week twice: refuse it. */
function refuseMixedFormats(keys: readonly { key: string }[], source: string): void {
  const parquet = keys.filter(({ key }) => isParquetKey(key));
  if (parquet.length === 0 || parquet.length === keys.length) return;
  const csv = keys.find(({ key }) => !isParquetKey(key));
  throw new PlannerError(
    'BAD_INPUT',
    `${source} holds both CSV and Parquet files (${csv?.key} and ${parquet[0].key}); keep one format per partition`,
  );
}

/**
 * The whole of a body in one buffer sized once from the listed `size` (grown should the body be
 * longer): no chunk is kept, so a body may reuse its buffer, and the file is not copied twice.
 */
async function collect(chunks: AsyncIterable<Buffer>, size: number): Promise<Buffer> {
  let bytes = Buffer.allocUnsafe(size);
  let used = 0;
  for await (const chunk of chunks) {
    if (used + chunk.length > bytes.length) {
      const next = Buffer.allocUnsafe(Math.max(used + chunk.length, 2 * bytes.length));
      bytes.copy(next, 0, 0, used);
      bytes = next;
    }
    used += chunk.copy(bytes, used);
  }
  return bytes.subarray(0, used);
}

/** Room for one chunk of a body past a row group's bytes: the local store's chunks are 1 MiB. */
const STREAM_CHUNK_BYTES = 1024 * 1024;

/**
 * The most bytes one row group's column chunks span, when each group's chunks start at or after
 * the previous group's (a file one pass can read); undefined when they do not.
 */
function rowGroupSpan(footer: FileMetaData): number | undefined {
  let previous = 0;
  let widest = 0;
  for (const group of footer.row_groups) {
    let [first, last] = [Number.POSITIVE_INFINITY, 0];
    for (const { meta_data: meta } of group.columns) {
      if (!meta) continue;
      const [start, end] = chunkSpan(meta);
      [first, last] = [Math.min(first, start), Math.max(last, end)];
    }
    if (first === Number.POSITIVE_INFINITY) continue;
    if (first < previous) return undefined;
    [previous, widest] = [first, Math.max(widest, last - first)];
  }
  return widest;
}

/**
 * Reads a Parquet file of `size` bytes into `builder`. A local file's footer is read first (a
 * small ranged read), then its row groups are decoded as the body streams past, one row group
 * held at a time. An object elsewhere (where a footer read is one more request), or one whose
 * footer is not where its size says, is held whole.
 */
async function readParquetBody(
  store: ObjectStore,
  key: string,
  body: AsyncIterable<Buffer>,
  size: number,
  builder: PredictionsBuilder,
  describe: string,
): Promise<void> {
  const footer =
    store.getChunks && size > 0 ? await readParquetFooter(store, key, size).catch(() => undefined) : undefined;
  const span = footer && rowGroupSpan(footer);
  if (!footer || span === undefined) {
    await readParquetInto(builder, inMemoryFile(await collect(body, size)), describe);
    return;
  }
  const file = new SequentialFile(body, size, span + STREAM_CHUNK_BYTES);
  try {
    await readParquetInto(builder, file, describe, footer);
    const length = await file.drain();
    if (length !== size)
      throw new PlannerError(
        'STORAGE',
        `${describe}: the file changed while it was read (${size} bytes, then ${length})`,
      );
  } finally {
    await file.close();
  }
}

/**
 * Reads one or several prediction files (all CSV or all Parquet) from a store, in the given
 * (key) order, as one logical file set, straight into one set of columns. Each file streams once
 * through a meter (hashes, byte budget, header); a CSV file is never held in memory, a Parquet
 * file is (its footer is at the end) and only its used columns are decoded. A large Parquet
 * file whose used columns are under half its bytes is read by ranges instead: its footer, then
 * only the used column chunks (`RANGED_PARQUET_MIN_BYTES`).
 *
 * The multi-file rule: every CSV file must have exactly the same header line as the first (BOM
 * and line ending aside), every Parquet file the same used columns, else BAD_INPUT naming both
 * files; an error names the real file and its own row; a customer id found in two files is
 * refused naming both. `maxBytes` bounds the whole set. `hash: false` skips the SHA-256 of
 * streamed bytes (a caller that keeps no audit record, such as the CLI): `sha256` is then empty.
 */
export async function readPredictionFiles(
  store: ObjectStore,
  keys: readonly { key: string; size?: number }[],
  options: { maxBytes?: number; source: string; rangedParquetMinBytes?: number; hash?: boolean },
): Promise<FileSetRead> {
  const hashing = options.hash ?? true;
  const max = options.maxBytes ?? DEFAULT_MAX_PREDICTION_BYTES;
  const listed = keys.reduce((sum, item) => sum + (item.size ?? 0), 0);
  if (listed > max) refuseTooLarge(keys.length === 1 ? store.describe(keys[0].key) : options.source, listed, max);
  refuseMixedFormats(keys, options.source);

  const budget: ByteBudget = { used: 0, max };
  const setHash = createHash('sha256');
  const builder = new PredictionsBuilder();
  const files: InputFile[] = [];
  let firstHeader: { text: string; describe: string } | undefined;

  let rangedDigest: string | undefined;
  const refuseOverBudget = (describe: string, more: number): void => {
    budget.used += more;
    if (budget.used > max) refuseTooLarge(describe, budget.used, max);
  };
  for (const { key, size } of keys) {
    const describe = store.describe(key);
    if (
      isParquetKey(key) &&
      size !== undefined &&
      size >= (options.rangedParquetMinBytes ?? RANGED_PARQUET_MIN_BYTES)
    ) {
      const footer = await readParquetFooter(store, key, size);
      if (columnBytes(footer, await usedParquetColumns(footer, describe)) < size / 2) {
        const reads: RangeRead[] = [];
        let etag: string | undefined;
        const file = rangedObject(store, key, size, (start, bytes, info) => {
          refuseOverBudget(describe, bytes.length);
          if (hashing) reads.push(rangeRead(start, bytes));
          etag ??= info?.etag;
        });
        await readParquetInto(builder, file, describe, footer);
        const sha256 = hashing ? rangesDigest(reads) : '';
        setHash.update(sha256);
        rangedDigest = sha256;
        files.push({ key, describe, etag, size, sha256 });
        continue;
      }
    }
    // Chunks are scanned or copied and let go one by one: a store may serve them from one buffer.
    const { body, info } = store.getChunks ? await store.getChunks(key) : await store.get(key);
    if (budget.used + info.size > max) {
      body.destroy();
      refuseTooLarge(describe, budget.used + info.size, max);
    }
    const fileHash = keys.length === 1 ? setHash : createHash('sha256');
    // One file: its hash is the set's, computed once.
    const hashes = !hashing ? [] : fileHash === setHash ? [setHash] : [fileHash, setHash];
    const onHeader = (text: string): void => {
      if (!firstHeader) {
        firstHeader = { text, describe };
      } else if (text !== firstHeader.text) {
        throw new PlannerError(
          'BAD_INPUT',
          `${describe}: its header "${text.slice(0, 200)}" differs from the header of ${firstHeader.describe} ("${firstHeader.text.slice(0, 200)}"); every CSV file of a partition must have the same header`,
          { location: { file: describe, row: 1 } },
        );
      }
    };
    if (isParquetKey(key)) {
      try {
        await readParquetBody(store, key, meterBody(body, { describe, hashes, budget }), info.size, builder, describe);
      } finally {
        body.destroy();
      }
    } else {
      const stream = meterBody(body, { describe, hashes, budget, onHeader });
      await readCsvInto(builder, stream, { source: describe, maxBytes: max, expectedBytes: info.size });
    }
    const sha256 = hashing ? fileHash.copy().digest('hex') : '';
    files.push({ key, describe, etag: info.etag, size: info.size, sha256 });
  }
  if (files.length === 0) throw new PlannerError('NOT_FOUND', `no predictions under ${options.source}`);
  const sha256 = keys.length === 1 && rangedDigest ? rangedDigest : hashing ? setHash.digest('hex') : '';
  return { predictions: builder.finish(options.source), sha256, files };
}
