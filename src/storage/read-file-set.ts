import { createHash } from 'node:crypto';
import { PlannerError } from '../domain/errors.ts';
import type { Predictions } from '../domain/predictions.ts';
import { DEFAULT_MAX_PREDICTION_BYTES, readPredictions } from '../io/read-predictions.ts';
import { mergePredictions, type PredictionsPart } from './merge-predictions.ts';
import { meterBody, type ByteBudget } from './metered-body.ts';
import type { ObjectStore } from './object-store.ts';

/** One file that was read, for the audit trail. */
export interface InputFile {
  key: string;
  describe: string;
  etag: string | undefined;
  size: number;
  /** Hex SHA-256 of the file's bytes, computed while they streamed past. */
  sha256: string;
}

export interface FileSetRead {
  predictions: Predictions;
  /** Hex SHA-256 of every file's bytes, in key order, as one stream (one file: that file's hash). */
  sha256: string;
  files: InputFile[];
}

function refuseTooLarge(describe: string, size: number, max: number): never {
  throw new PlannerError(
    'TOO_LARGE',
    `${describe}: ${size} bytes of predictions are larger than the limit of ${max} bytes; split the week's file or raise the limit`,
  );
}

/**
 * Reads one or several prediction CSV files from a store, in the given (key) order, as one
 * logical file set. Each file streams once through a meter (hashes, byte budget, header) into
 * `readPredictions`, so neither the file nor a second copy of it is ever held in memory.
 *
 * The multi-file rule: every file must have exactly the same header line as the first (BOM
 * and line ending aside), else BAD_INPUT naming both files; each file is parsed on its own,
 * so an error names the real file and its own row; then the rows are joined in key order and
 * a customer id found in two files is refused naming both. `maxBytes` bounds the whole set.
 */
export async function readPredictionFiles(
  store: ObjectStore,
  keys: readonly { key: string; size?: number }[],
  options: { maxBytes?: number; source: string },
): Promise<FileSetRead> {
  const max = options.maxBytes ?? DEFAULT_MAX_PREDICTION_BYTES;
  const listed = keys.reduce((sum, item) => sum + (item.size ?? 0), 0);
  if (listed > max) refuseTooLarge(keys.length === 1 ? store.describe(keys[0].key) : options.source, listed, max);

  const budget: ByteBudget = { used: 0, max };
  const setHash = createHash('sha256');
  const parts: PredictionsPart[] = [];
  const files: InputFile[] = [];
  let firstHeader: { text: string; describe: string } | undefined;

  for (const { key } of keys) {
    const describe = store.describe(key);
    const { body, info } = await store.get(key);
    if (budget.used + info.size > max) {
      body.destroy();
      refuseTooLarge(describe, budget.used + info.size, max);
    }
    const fileHash = createHash('sha256');
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
    const stream = meterBody(body, { describe, hashes: [fileHash, setHash], budget, onHeader });
    const predictions = await readPredictions(stream, { source: describe, maxBytes: max });
    parts.push({ describe, predictions });
    files.push({ key, describe, etag: info.etag, size: info.size, sha256: fileHash.digest('hex') });
  }
  if (parts.length === 0) throw new PlannerError('NOT_FOUND', `no predictions under ${options.source}`);
  return { predictions: mergePredictions(parts, options.source), sha256: setHash.digest('hex'), files };
}
