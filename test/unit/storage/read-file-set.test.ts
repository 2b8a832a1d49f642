import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../../src/storage/object-store.ts';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import { readPredictionFiles } from '../../../src/storage/read-file-set.ts';
import { predictionsCsv } from '../../fixtures/storage/predictions-csv.ts';
import { readParquetPredictions } from '../../../src/io/read-predictions.ts';
import { incompressibleTexts, parquetBytes, predictionsParquet } from '../../fixtures/storage/predictions-parquet.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

/** A store serving fixed bodies; `size` is what the store claims, which may be wrong. */
function servingStore(bodies: Record<string, { chunks: () => AsyncIterable<Buffer>; size: number }>): ObjectStore {
  const refuse = () => Promise.reject(new Error('read only'));
  return {
    describe: (key) => `s3://b/${key}`,
    get: async (key) => ({
      body: Readable.from(bodies[key].chunks()),
      info: { key, size: bodies[key].size, etag: `etag-${key}` },
    }),
    list: async () => [],
    put: refuse,
    putIfAbsent: refuse,
    link: refuse,
  };
}

describe('readPredictionFiles', () => {
  it('reports a download that breaks off as STORAGE naming the key, not as bad CSV', async () => {
    // Prepare
    const text = predictionsCsv(50);
    async function* broken(): AsyncGenerator<Buffer> {
      yield Buffer.from(text.slice(0, 400));
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    }
    const store = servingStore({ 'week.csv': { chunks: broken, size: text.length } });
    // Act
    const attempt = readPredictionFiles(store, [{ key: 'week.csv' }], { source: 's3://b/week.csv' });
    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'STORAGE',
      message: 's3://b/week.csv: reading broke off after 400 bytes (socket hang up)',
    });
  });

  it('stops at maxBytes while streaming even when the stored size was understated', async () => {
    // Prepare
    const text = predictionsCsv(500);
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let at = 0; at < text.length; at += 256) yield Buffer.from(text.slice(at, at + 256));
    }
    const store = servingStore({ 'week.csv': { chunks, size: 10 } });
    // Act
    const attempt = readPredictionFiles(store, [{ key: 'week.csv' }], { source: 's3://b/week.csv', maxBytes: 2048 });
    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringMatching(/^s3:\/\/b\/week\.csv: .*limit of 2048 bytes/),
    });
  });

  it('refuses before downloading when the listed sizes already exceed maxBytes', async () => {
    // Prepare
    let reads = 0;
    const store = {
      ...servingStore({}),
      get: async () => ((reads += 1), Promise.reject(new Error('must not read'))),
    } as ObjectStore;
    // Act
    const attempt = readPredictionFiles(
      store,
      [
        { key: 'a.csv', size: 600 },
        { key: 'b.csv', size: 600 },
      ],
      { source: 's3://b/2026-03-09/ (2 files)', maxBytes: 1000 },
    );
    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringContaining('s3://b/2026-03-09/ (2 files): 1200 bytes'),
    });
    expect(reads).toBe(0);
  });

  it('hashes each file and the whole set from the bytes that streamed past', async () => {
    // Prepare
    const a = predictionsCsv(3, { idPrefix: 'A' });
    const b = predictionsCsv(3, { idPrefix: 'B' });
    const once = (text: string) =>
      async function* (): AsyncGenerator<Buffer> {
        yield Buffer.from(text);
      };
    const store = servingStore({
      'a.csv': { chunks: once(a), size: a.length },
      'b.csv': { chunks: once(b), size: b.length },
    });
    // Act
    const read = await readPredictionFiles(store, [{ key: 'a.csv' }, { key: 'b.csv' }], { source: 'set' });
    // Assess
    expect(read.sha256).toBe(
      createHash('sha256')
        .update(a + b)
        .digest('hex'),
    );
    expect(read.files.map((file) => file.etag)).toEqual(['etag-a.csv', 'etag-b.csv']);
    expect(read.predictions.source).toBe('set');
    expect(read.predictions.ids).toHaveLength(6);
  });
});

describe('readPredictionFiles on a store serving reused chunks', () => {
  it('reads a whole Parquet file from chunks of one reused buffer, hashed, whatever size the store claims', async () => {
    // Prepare: the file served 1,000 bytes at a time from one buffer, overwritten for each chunk
    const bytes = Buffer.from(predictionsParquet(2000));
    let served = 0;
    const store = (claimed: number): ObjectStore => ({
      ...servingStore({}),
      describe: (key) => `/data/${key}`,
      getChunks: async (key) => {
        const buffer = Buffer.alloc(1000);
        async function* chunks(): AsyncGenerator<Buffer> {
          for (let at = 0; at < bytes.length; at += buffer.length) {
            served++;
            yield buffer.subarray(0, bytes.copy(buffer, 0, at, at + buffer.length));
            buffer.fill(0x21);
          }
        }
        const body = { destroyed: false, destroy: () => (body.destroyed = true), [Symbol.asyncIterator]: chunks };
        return { body, info: { key, size: claimed } };
      },
    });
    const expected = await readParquetPredictions(bytes, { source: '/data/week.parquet' });
    for (const claimed of [bytes.length, 10, 3 * bytes.length]) {
      // Act
      const read = await readPredictionFiles(store(claimed), [{ key: 'week.parquet' }], { source: 'week' });
      // Assess
      expect([...read.predictions.ids], `claimed size ${claimed}`).toEqual([...expected.ids]);
      expect(Array.from(read.predictions.v)).toEqual(Array.from(expected.v));
      expect(read.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(served).toBe(3 * Math.ceil(bytes.length / 1000));
  });
});

describe('readPredictionFiles on a wide Parquet file', () => {
  it('reads only the footer and the used column chunks by ranges, with a stable audit hash', async () => {
    // Prepare: 3,000 customers beside a 3 MB column of incompressible notes
    const root = await tempDirForTest('ranged-');
    const n = 3000;
    const bytes = parquetBytes([
      { name: 'customer_id', data: Array.from({ length: n }, (_, i) => `C${i}`), type: 'STRING' },
      {
        name: 'notes',
        data: incompressibleTexts(n, 1000),
        type: 'STRING',
      },
      { name: 'p', data: Array.from({ length: n }, (_, i) => (i % 100) / 100), type: 'DOUBLE' },
      { name: 'subscription_type', data: Array.from({ length: n }, () => 'Free'), type: 'STRING' },
    ]);
    const local = createLocalStore(root);
    await local.put('week.parquet', bytes);
    let fetched = 0;
    const store: ObjectStore = {
      ...local,
      get: async (key, range) => {
        const got = await local.get(key, range);
        fetched += range ? range.end - range.start : got.info.size;
        return got;
      },
    };
    const read = (rangedParquetMinBytes: number, hash?: boolean) =>
      readPredictionFiles(store, [{ key: 'week.parquet', size: bytes.byteLength }], {
        source: 'week',
        rangedParquetMinBytes,
        hash,
      });
    // Act
    const ranged = await read(0);
    const rangedBytes = fetched;
    const again = await read(0);
    const whole = await read(Number.POSITIVE_INFINITY);
    const unhashed = await read(0, false);
    // Assess
    expect(rangedBytes).toBeLessThan(bytes.byteLength / 4);
    expect([...ranged.predictions.ids]).toEqual([...whole.predictions.ids]);
    expect(Array.from(ranged.predictions.p)).toEqual(Array.from(whole.predictions.p));
    expect(again.sha256).toBe(ranged.sha256);
    expect(whole.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(ranged.sha256).not.toBe(whole.sha256);
    expect(ranged.files[0]).toMatchObject({ key: 'week.parquet', size: bytes.byteLength, sha256: ranged.sha256 });
    // Asked for no hash (the CLI), the ranged read hashes nothing either.
    expect(Array.from(unhashed.predictions.p)).toEqual(Array.from(ranged.predictions.p));
    expect(unhashed.sha256).toBe('');
    expect(unhashed.files[0].sha256).toBe('');
  });
});

describe('readPredictionFiles on a local Parquet file', () => {
  /** A local store holding `bytes` as week.parquet, its chunks served `extra` bytes longer than listed. */
  async function localWeek(bytes: Uint8Array, extra = 0) {
    const root = await tempDirForTest('streamed-');
    const local = createLocalStore(root);
    await local.put('week.parquet', bytes);
    const ranges: number[][] = [];
    const store: ObjectStore = {
      ...local,
      get: async (key, range) => {
        if (range) ranges.push([range.start, range.end]);
        return local.get(key, range);
      },
      getChunks: async (key) => {
        const { body, info } = await local.get(key);
        async function* chunks(): AsyncGenerator<Buffer> {
          for await (const chunk of body) yield chunk as Buffer;
          if (extra > 0) yield Buffer.alloc(extra);
        }
        return { body: Object.assign(chunks(), { destroyed: false, destroy: () => body.destroy() }), info };
      },
    };
    return { store, ranges };
  }

  it('reads the footer first, then decodes the row groups as the whole file streams past, hashed', async () => {
    // Prepare: 5,000 customers in row groups of 1,000
    const n = 5000;
    const segments = ['Premium', 'Free', 'Family', 'Student'];
    const bytes = parquetBytes(
      [
        { name: 'customer_id', data: Array.from({ length: n }, (_, i) => `C${i}`), type: 'STRING' },
        { name: 'churn_probability', data: Array.from({ length: n }, (_, i) => (i % 100) / 100), type: 'DOUBLE' },
        { name: 'subscription_type', data: Array.from({ length: n }, (_, i) => segments[i % 4]), type: 'STRING' },
      ],
      1000,
    );
    const { store, ranges } = await localWeek(bytes);
    const expected = await readParquetPredictions(bytes, { source: 'week.parquet' });
    // Act
    const read = await readPredictionFiles(store, [{ key: 'week.parquet' }], { source: 'week' });
    // Assess
    expect(ranges).toHaveLength(1);
    expect(ranges[0][1]).toBe(bytes.byteLength);
    expect([...read.predictions.ids]).toEqual([...expected.ids]);
    expect(Array.from(read.predictions.p)).toEqual(Array.from(expected.p));
    expect(Array.from(read.predictions.segmentOf)).toEqual(Array.from(expected.segmentOf));
    expect(read.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('leaves a streamed row group our decoder does not cover to hyparquet, from the same window', async () => {
    // Prepare: the second row group holds an id above 2^53, found only while its chunk is decoded
    const bytes = parquetBytes(
      [
        { name: 'customer_id', data: [1n, 2n, 3n, 9007199254740993n], type: 'INT64' },
        { name: 'churn_probability', data: [0.5, 0.25, 0.75, 0.1], type: 'DOUBLE' },
        { name: 'subscription_type', data: ['Free', 'Duo', 'Free', 'Duo'], type: 'STRING' },
      ],
      2,
    );
    const { store, ranges } = await localWeek(bytes);
    // Act
    const read = await readPredictionFiles(store, [{ key: 'week.parquet' }], { source: 'week' });
    // Assess
    expect(ranges).toHaveLength(1);
    expect([...read.predictions.ids]).toEqual(['1', '2', '3', '9007199254740993']);
    expect(Array.from(read.predictions.p)).toEqual([0.5, 0.25, 0.75, 0.1]);
  });

  it('refuses a file that grew between its footer and the end of its body as STORAGE', async () => {
    // Prepare
    const { store } = await localWeek(predictionsParquet(300), 10);
    // Act
    const attempt = readPredictionFiles(store, [{ key: 'week.parquet' }], { source: 'week' });
    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'STORAGE', message: expect.stringMatching(/changed while/) });
  });
});
