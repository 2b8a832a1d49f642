import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../../src/storage/object-store.ts';
import { readPredictionFiles } from '../../../src/storage/read-file-set.ts';
import { predictionsCsv } from '../../fixtures/storage/predictions-csv.ts';

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
