import { describe, expect, it } from 'vitest';
import { readPredictions } from '../../../src/io/read-predictions.ts';
import type { Predictions } from '../../../src/domain/predictions.ts';

/** A week with what a chunk boundary can cut: quoted ids with commas and quotes, segments, empty cells, UTF-8. */
const WEEK = [
  'customer_id,churn_probability,subscription_type,clv,churn_reduction_2',
  ...Array.from({ length: 60 }, (_, i) => {
    const id = i % 7 === 0 ? `"ACME, ""${i}"""` : i % 5 === 0 ? `Zoë-${i}` : `CUST-${String(i).padStart(6, '0')}`;
    const segment = ['Free', 'Premium', '"Duo, family"', 'Student'][i % 4];
    return `${id},0.${(i * 37) % 1000},${segment},${i % 3 === 0 ? '' : 100 + i},${i % 2 === 0 ? '' : 0.001 * (i % 9)}`;
  }),
].join('\n');

/** `text` in chunks of `size` bytes of one buffer, overwritten for each chunk, as a file read into one buffer is. */
async function* reusedChunks(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  const buffer = Buffer.alloc(size);
  for (let at = 0; at < bytes.length; at += size) {
    const length = bytes.copy(buffer, 0, at, at + size);
    yield buffer.subarray(0, length);
    buffer.fill(0x21);
  }
}

async function* freshChunks(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) yield Buffer.from(bytes.subarray(at, at + size));
}

const columns = (predictions: Predictions) => ({
  ids: [...predictions.ids],
  p: [...predictions.p],
  v: [...predictions.v],
  segments: [...predictions.segmentOf].map((s) => predictions.segments[s]),
  reductions: [...(predictions.reductions.get(2) ?? [])],
});

describe('reading predictions from one reused buffer', () => {
  it('reads the same week as from fresh chunks, whatever the chunk size, keeping nothing of a chunk once past it', async () => {
    // Prepare
    const expected = columns(await readPredictions(freshChunks(WEEK, 1 << 16), { source: 'week.csv' }));
    for (const size of [3, 7, 16, 61, 256, 1000]) {
      // Act
      const read = columns(await readPredictions(reusedChunks(WEEK, size), { source: 'week.csv' }));
      // Assess
      expect(read, `chunks of ${size} bytes`).toEqual(expected);
    }
    expect(expected.ids).toHaveLength(60);
    expect(expected.ids[7]).toBe('ACME, "7"');
  });
});
