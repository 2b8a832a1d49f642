import { inputError } from '../domain/errors.ts';
import type { Predictions } from '../domain/predictions.ts';

/** One file's rows and the name to quote for it. */
export interface PredictionsPart {
  describe: string;
  predictions: Predictions;
}

function concatFloat(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((sum, array) => sum + array.length, 0));
  let at = 0;
  for (const array of arrays) {
    out.set(array, at);
    at += array.length;
  }
  return out;
}

/**
 * Joins the files of one partition, in the given order, into one `Predictions`, as if they were
 * one file. The headers were already checked to be identical, so every part has the same
 * columns. A customer id in two files is refused naming both files and rows (row 1 is each
 * file's header, as `readPredictions` counts). Segments are renumbered in order of first
 * appearance. Memory: the columns are copied once, so briefly two copies of the columns
 * (never of the file text).
 */
export function mergePredictions(parts: readonly PredictionsPart[], source: string): Predictions {
  if (parts.length === 1) return { ...parts[0].predictions, source };
  const seen = new Map<string, number>();
  parts.forEach((part, fileIndex) => {
    part.predictions.ids.forEach((id, index) => {
      const first = seen.get(id);
      if (first !== undefined) {
        const earlier = parts[first];
        const earlierRow = earlier.predictions.ids.indexOf(id) + 2;
        throw inputError(
          { file: part.describe, row: index + 2, column: 'customer_id' },
          `customer_id "${id}" also appears in ${earlier.describe} (row ${earlierRow}); each customer must appear once across the files of a partition`,
        );
      }
      seen.set(id, fileIndex);
    });
  });
  seen.clear();

  const segments: string[] = [];
  const segmentIndex = new Map<string, number>();
  const total = parts.reduce((sum, part) => sum + part.predictions.ids.length, 0);
  const segmentOf = new Uint16Array(total);
  const ids: string[] = [];
  let at = 0;
  for (const { predictions } of parts) {
    const remap = predictions.segments.map((name) => {
      let index = segmentIndex.get(name);
      if (index === undefined) {
        index = segments.length;
        segments.push(name);
        segmentIndex.set(name, index);
      }
      return index;
    });
    if (segments.length > 65535)
      throw inputError(
        { file: source, column: 'subscription_type' },
        'more than 65535 distinct segments across the files',
      );
    predictions.segmentOf.forEach((segment, i) => {
      segmentOf[at + i] = remap[segment];
    });
    for (const id of predictions.ids) ids.push(id);
    at += predictions.ids.length;
  }

  const reductions = new Map<number, Float64Array>();
  for (const actionId of parts[0].predictions.reductions.keys()) {
    reductions.set(
      actionId,
      concatFloat(
        parts.map(
          (part) =>
            part.predictions.reductions.get(actionId) ?? new Float64Array(part.predictions.ids.length).fill(Number.NaN),
        ),
      ),
    );
  }
  return {
    source,
    ids,
    p: concatFloat(parts.map((part) => part.predictions.p)),
    v: concatFloat(parts.map((part) => part.predictions.v)),
    segmentOf,
    segments,
    clvEstimated: parts.some((part) => part.predictions.clvEstimated),
    reductions,
  };
}
