import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPredictions } from '../../../src/storage/open-predictions.ts';
import { BIG_HEADER, bigRows } from '../../fixtures/storage/predictions-csv.ts';
import { startS3rver, type RunningS3rver } from './s3rver-harness.ts';

const ROWS = 1_000_000;
const BATCH = 5_000;
const MiB = 1024 * 1024;
const KEY = 'team-a/predictions/2026-03-09/week.csv';

function* fileChunks(): Generator<string> {
  yield BIG_HEADER;
  for (let from = 0; from < ROWS; from += BATCH) yield bigRows(from, Math.min(ROWS, from + BATCH));
}

/** Lets the test ask for a full collection before it measures, without a command-line flag. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * The slow one: a million-row, ~100 MB predictions file
 * is generated as a stream, uploaded to s3rver, and opened through the S3 adapter while
 * memory is sampled. It proves the file streams: the bytes held at any time stay far below
 * one copy of the file, and the whole parse stays under 400 MB of heap and buffers.
 */
describe('a million-row predictions file from s3rver', () => {
  let s3: RunningS3rver;
  let size = 0;
  let digest = '';

  beforeAll(async () => {
    s3 = await startS3rver(['big-bucket']);
    const hash = createHash('sha256');
    for (const chunk of fileChunks()) {
      size += chunk.length;
      hash.update(chunk);
    }
    digest = hash.digest('hex');
    await s3.client.send(
      new PutObjectCommand({
        Bucket: 'big-bucket',
        Key: KEY,
        Body: Readable.from(fileChunks()),
        ContentLength: size,
        ContentType: 'text/csv',
      }),
    );
    await s3.settled('big-bucket', KEY, size);
  }, 90_000);
  afterAll(async () => {
    await s3?.stop();
  });

  it('parses it within a memory bound, hashing the same bytes that were uploaded', async () => {
    // Prepare
    const gc = collector();
    gc();
    const before = process.memoryUsage();
    const peak = { heap: 0, buffers: 0 };
    const sample = (): void => {
      const now = process.memoryUsage();
      peak.heap = Math.max(peak.heap, now.heapUsed + now.arrayBuffers - before.heapUsed - before.arrayBuffers);
      peak.buffers = Math.max(peak.buffers, now.arrayBuffers - before.arrayBuffers);
    };
    const timer = setInterval(sample, 10);
    // Act
    const opened = await openPredictions(`s3://big-bucket/team-a`, { s3Client: s3.client });
    clearInterval(timer);
    sample();
    // Assess
    const { predictions } = opened;
    console.log(
      `million rows: file ${(size / MiB).toFixed(1)} MiB; peak growth of heap+buffers ${(peak.heap / MiB).toFixed(1)} MiB, of buffers ${(peak.buffers / MiB).toFixed(1)} MiB`,
    );
    expect(predictions.ids).toHaveLength(ROWS);
    expect(predictions.ids[ROWS - 1]).toBe('CUST-00999999');
    expect(predictions.p[123_456]).toBeCloseTo(((123_456 * 7919) % 1000) / 1000, 12);
    expect(predictions.v[ROWS - 1]).toBeCloseTo(((ROWS - 1) % 500) + 20.5, 9);
    expect(predictions.segments.sort()).toEqual(['Family', 'Free', 'Premium', 'Student']);
    expect(opened.sha256).toBe(digest);
    expect(peak.heap).toBeLessThan(400 * MiB);
    // The columns are typed arrays (p and v grow by doubling, then are copied to size): about
    // 32-48 MiB of buffers for a million rows. One whole copy of the file as bytes would add 85 MiB.
    expect(peak.buffers).toBeLessThan(size * 0.8);
  }, 90_000);
});
