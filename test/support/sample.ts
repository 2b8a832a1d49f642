import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Predictions } from '../../src/domain/predictions.ts';
import { readPredictions } from '../../src/io/read-predictions.ts';

export const SAMPLE_CSV = fileURLToPath(new URL('../../data/sample/predictions.csv', import.meta.url));

/** The embedded 250-customer sample, read through the real CSV reader. */
export function loadSample(): Promise<Predictions> {
  return readPredictions(createReadStream(SAMPLE_CSV), { source: SAMPLE_CSV });
}
