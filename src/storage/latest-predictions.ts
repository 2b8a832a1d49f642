import { PlannerError } from '../domain/errors.ts';
import { compareKeys } from './keys.ts';
import type { ObjectInfo, ObjectStore } from './object-store.ts';

/** One dated partition of predictions: `[predictions/]<YYYY-MM-DD>/` and its CSV or Parquet files in key order. */
export interface PredictionsPartition {
  /** `YYYY-MM-DD`, a real calendar date. */
  date: string;
  /** The partition's key prefix, ending with `/`. */
  prefix: string;
  files: ObjectInfo[];
}

const PARTITION_FILE = /^((?:predictions\/)?(\d{4})-(\d{2})-(\d{2})\/)([^/]+)$/;

/** True for `YYYY-MM-DD` strings that name a real day of the Gregorian calendar (2026-02-29 is not one). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Groups keys into dated partitions. A key counts only when it is a `.csv` or `.parquet` file (any case,
 * not a dot-file) directly inside `<YYYY-MM-DD>/` or `predictions/<YYYY-MM-DD>/` at the top of
 * the store, and the date is a real one. Everything else (other files, deeper folders,
 * 2026-13-01, loose CSV files) is ignored. Newest date first.
 */
export function groupPartitions(objects: readonly ObjectInfo[]): PredictionsPartition[] {
  const byPrefix = new Map<string, PredictionsPartition>();
  for (const object of objects) {
    const match = PARTITION_FILE.exec(object.key);
    if (!match) continue;
    const [, prefix, year, month, day, name] = match;
    const date = `${year}-${month}-${day}`;
    if (!isCalendarDate(date) || name.startsWith('.') || !/\.(csv|parquet)$/i.test(name)) continue;
    const partition = byPrefix.get(prefix) ?? { date, prefix, files: [] };
    partition.files.push(object);
    byPrefix.set(prefix, partition);
  }
  const partitions = [...byPrefix.values()];
  for (const partition of partitions) partition.files.sort((a, b) => compareKeys(a.key, b.key));
  return partitions.sort((a, b) => compareKeys(b.date, a.date) || compareKeys(a.prefix, b.prefix));
}

/**
 * Finds "the latest predictions" (SPEC 6) in a store whose root is either the folder that
 * holds `predictions/` or the `predictions/` folder itself: both `<date>/` and
 * `predictions/<date>/` partitions are considered, and the newest valid date wins.
 * One listing of the whole store is made (S3 pages through it 1,000 keys at a time).
 *
 * @throws PlannerError NOT_FOUND `no predictions under <location>` when no partition exists;
 *   BAD_INPUT when the newest date exists in both layouts (ambiguous).
 */
export async function findLatestPredictions(store: ObjectStore): Promise<PredictionsPartition> {
  const partitions = groupPartitions(await store.list(''));
  const [latest, runnerUp] = partitions;
  if (!latest) {
    throw new PlannerError(
      'NOT_FOUND',
      `no predictions under ${store.describe('')} (expected predictions/<YYYY-MM-DD>/<name>.csv or .parquet, or <YYYY-MM-DD>/<name>.csv)`,
    );
  }
  if (runnerUp && runnerUp.date === latest.date) {
    throw new PlannerError(
      'BAD_INPUT',
      `both ${store.describe(latest.prefix)} and ${store.describe(runnerUp.prefix)} hold predictions for ${latest.date}; keep only one of them`,
    );
  }
  return latest;
}

/** Where predictions live unless configured otherwise (SPEC 6). */
export const DEFAULT_PREDICTIONS_PREFIX = 'predictions/';

/**
 * The latest predictions partition under `prefix` (`<prefix><YYYY-MM-DD>/*.csv|*.parquet`), from one
 * listing of that prefix only (never of plans/ or jobs/, which grow every week).
 */
export async function findLatestPartition(
  store: ObjectStore,
  prefix = DEFAULT_PREDICTIONS_PREFIX,
): Promise<PredictionsPartition | undefined> {
  const folder = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  const objects = await store.list(folder);
  const relative = objects.map((object) => ({ ...object, key: object.key.slice(folder.length) }));
  const latest = groupPartitions(relative).find(
    (partition) => !partition.prefix.startsWith('predictions/') || folder === '',
  );
  if (!latest) return undefined;
  return {
    ...latest,
    prefix: `${folder}${latest.prefix}`,
    files: latest.files.map((file) => ({ ...file, key: `${folder}${file.key}` })),
  };
}
