import type { S3Client } from '@aws-sdk/client-s3';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { PlannerError } from '../domain/errors.ts';
import type { Predictions } from '../domain/predictions.ts';
import { asFolderPrefix } from './keys.ts';
import { findLatestPredictions } from './latest-predictions.ts';
import { parseLocation, type Location } from './location.ts';
import type { ObjectStore } from './object-store.ts';
import { openStore } from './open-store.ts';
import { readPredictionFiles, type InputFile } from './read-file-set.ts';

export interface OpenPredictionsOptions {
  /** Refuse a file (or a partition's files together) larger than this; default 512 MiB. */
  maxBytes?: number;
  /** The client for `s3://` locations; default `createS3ClientFromEnv()`, built only when needed. */
  s3Client?: S3Client;
  /** Builds the store for a location (a folder or a bucket and prefix); overrides the defaults. */
  openStore?: (location: Location) => ObjectStore;
  /** Resolves relative local paths; default `process.cwd()`. */
  cwd?: string;
  /** Whether to compute `sha256` (default true); a caller that records no audit trail skips it. */
  hash?: boolean;
}

export interface OpenedPredictions {
  predictions: Predictions;
  /**
   * What was read: the object key in the bucket (prefix included) or the absolute local path;
   * for several files, the partition's key or folder ending with `/`.
   */
  inputKey: string;
  /** The object's ETag (several files: their ETags joined with `,`); empty when unknown. */
  etag: string;
  /** Hex SHA-256 of the bytes read (several files: of their concatenation in key order); empty with `hash: false`. */
  sha256: string;
  /** The input for people: `s3://bucket/key` or the absolute path, with the file count for several. */
  describe: string;
  /** The partition date when the input was found by date, e.g. `2026-03-02`. */
  date?: string;
  files: InputFile[];
}

async function localKind(path: string): Promise<'file' | 'folder'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'file';
  } catch (cause) {
    throw new PlannerError('NOT_FOUND', `no predictions at ${path}: no such file or folder`, { cause });
  }
}

/**
 * Opens the week's predictions from `location` (SPEC 5, 6): a local CSV or Parquet file, a local
 * folder holding `[predictions/]<YYYY-MM-DD>/<name>.csv` (or `.parquet`), `s3://bucket/prefix`
 * (same layout under the prefix; the newest valid date wins), or `s3://bucket/key.csv` or
 * `.parquet` (that one object).
 *
 * Several files in the latest partition are read as one file set: same header required,
 * rows joined in key order, a customer id in two files refused naming both (see
 * `readPredictionFiles`). Everything streams once; the SHA-256 is computed on the way.
 *
 * @throws PlannerError NOT_FOUND (`no predictions under ...`), TOO_LARGE (naming the key),
 *   BAD_INPUT (naming file, row and column), STORAGE (naming bucket and key).
 */
export async function openPredictions(
  location: string,
  options: OpenPredictionsOptions = {},
): Promise<OpenedPredictions> {
  const parsed = parseLocation(location, options.cwd);
  const open = async (target: Location): Promise<ObjectStore> =>
    options.openStore?.(target) ?? openStore(target, options.s3Client);

  let store: ObjectStore;
  let keys: { key: string; size?: number }[];
  let date: string | undefined;
  let partition: string | undefined;
  let keyPrefix = '';
  if (parsed.kind === 'local' && (await localKind(parsed.path)) === 'file') {
    store = await open({ kind: 'local', path: dirname(parsed.path) });
    keys = [{ key: basename(parsed.path) }];
  } else if (parsed.kind === 's3' && /\.(csv|parquet)$/i.test(parsed.prefix)) {
    store = await open({ kind: 's3', bucket: parsed.bucket, prefix: '' });
    keys = [{ key: parsed.prefix }];
  } else {
    store = await open(parsed);
    if (parsed.kind === 's3') keyPrefix = asFolderPrefix(parsed.prefix);
    const latest = await findLatestPredictions(store);
    keys = latest.files;
    date = latest.date;
    partition = latest.prefix;
  }

  const several = keys.length > 1 && partition !== undefined;
  const source = several ? `${store.describe(partition ?? '')} (${keys.length} files)` : store.describe(keys[0].key);
  const read = await readPredictionFiles(store, keys, { maxBytes: options.maxBytes, source, hash: options.hash });
  const keyOf = (key: string): string => (parsed.kind === 's3' ? `${keyPrefix}${key}` : store.describe(key));
  const inputKey = several
    ? parsed.kind === 's3'
      ? `${keyPrefix}${partition}`
      : `${store.describe(partition ?? '')}/`
    : keyOf(keys[0].key);
  return {
    predictions: read.predictions,
    inputKey,
    etag: read.files.map((file) => file.etag ?? '').join(','),
    sha256: read.sha256,
    describe: source,
    date,
    files: read.files,
  };
}
