import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPredictions } from '../../../src/storage/open-predictions.ts';
import { HEADER, predictionsCsv } from '../../fixtures/storage/predictions-csv.ts';
import { predictionsParquet } from '../../fixtures/storage/predictions-parquet.ts';
import { tempDirPerTest } from '../../support/temp-dir.ts';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('openPredictions (local)', () => {
  const root = tempDirPerTest('open-predictions-');
  const put = async (relative: string, text: string | Uint8Array): Promise<string> => {
    const path = join(root(), relative);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    return path;
  };

  it('reads a local CSV file and hashes exactly its bytes', async () => {
    // Prepare
    const text = predictionsCsv(5);
    const path = await put('week.csv', text);
    // Act
    const opened = await openPredictions(path);
    // Assess
    expect([...opened.predictions.ids]).toEqual(['C1', 'C2', 'C3', 'C4', 'C5']);
    expect(opened.sha256).toBe(sha256(text));
    expect(opened.inputKey).toBe(path);
    expect(opened.describe).toBe(path);
    expect(opened.etag).not.toBe('');
  });

  it('resolves a relative path against cwd', async () => {
    // Prepare
    await put('data/week.csv', predictionsCsv(2));
    // Act
    const opened = await openPredictions('data/week.csv', { cwd: root() });
    // Assess
    expect(opened.inputKey).toBe(join(root(), 'data', 'week.csv'));
    expect(opened.predictions.ids).toHaveLength(2);
  });

  it('reads the latest date partition of a folder, ignoring older ones and decoys', async () => {
    // Prepare
    await put('predictions/2026-03-02/week.csv', predictionsCsv(3, { idPrefix: 'OLD' }));
    await put('predictions/2026-03-09/week.csv', predictionsCsv(4, { idPrefix: 'NEW' }));
    await put('predictions/2026-13-01/week.csv', predictionsCsv(1, { idPrefix: 'BAD' }));
    await put('predictions/2026-03-16/notes.txt', 'not predictions');
    // Act
    const opened = await openPredictions(root());
    // Assess
    expect(opened.date).toBe('2026-03-09');
    expect([...opened.predictions.ids]).toEqual(['NEW1', 'NEW2', 'NEW3', 'NEW4']);
    expect(opened.inputKey).toBe(join(root(), 'predictions', '2026-03-09', 'week.csv'));
  });

  it('reads several CSV files of one partition as one set, in key order, hashing their concatenation', async () => {
    // Prepare
    const a = predictionsCsv(3, { idPrefix: 'A' });
    const b = `\uFEFF${predictionsCsv(2, { idPrefix: 'B' }).replaceAll('\n', '\r\n')}`;
    await put('2026-03-09/part-2.csv', b);
    await put('2026-03-09/part-1.csv', a);
    // Act
    const opened = await openPredictions(root());
    // Assess
    expect([...opened.predictions.ids]).toEqual(['A1', 'A2', 'A3', 'B1', 'B2']);
    expect(opened.predictions.segments.length).toBeGreaterThan(0);
    expect(Array.from(opened.predictions.segmentOf).map((s) => opened.predictions.segments[s])).toEqual([
      'Free',
      'Family',
      'Student',
      'Free',
      'Family',
    ]);
    expect(opened.predictions.v[3]).toBeCloseTo(101, 9);
    expect(opened.sha256).toBe(sha256(a + b));
    expect(opened.files.map((f) => f.sha256)).toEqual([sha256(a), sha256(b)]);
    expect(opened.inputKey).toBe(`${join(root(), '2026-03-09')}/`);
    expect(opened.describe).toContain('(2 files)');
    expect(opened.etag.split(',')).toHaveLength(2);
  });

  it('reads the same week without hashing it when asked for no hash (the CLI keeps no run record)', async () => {
    // Prepare
    await put('2026-03-09/part-1.csv', predictionsCsv(3, { idPrefix: 'A' }));
    await put('2026-03-09/part-2.csv', predictionsCsv(2, { idPrefix: 'B' }));
    const hashed = await openPredictions(root());
    // Act
    const opened = await openPredictions(root(), { hash: false });
    // Assess
    expect([...opened.predictions.ids]).toEqual([...hashed.predictions.ids]);
    expect(Array.from(opened.predictions.p)).toEqual(Array.from(hashed.predictions.p));
    expect(Array.from(opened.predictions.v)).toEqual(Array.from(hashed.predictions.v));
    expect(opened.sha256).toBe('');
    expect(opened.files.map((f) => f.sha256)).toEqual(['', '']);
    expect(hashed.sha256).not.toBe('');
  });

  it('refuses files of one partition whose headers differ, naming both files', async () => {
    // Prepare
    await put('2026-03-09/a.csv', predictionsCsv(2, { idPrefix: 'A' }));
    await put('2026-03-09/b.csv', predictionsCsv(2, { idPrefix: 'B', header: 'customer_id,p,subscription_type,clv' }));
    // Act
    const attempt = openPredictions(root());
    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/b\.csv: its header .* differs from the header of .*a\.csv/),
    });
  });

  it('refuses a customer id that appears in two files of a partition, naming both files and rows', async () => {
    // Prepare
    await put('2026-03-09/a.csv', predictionsCsv(3, { idPrefix: 'X' }));
    await put('2026-03-09/b.csv', predictionsCsv(2, { idPrefix: 'X', start: 3 }));
    // Act
    const attempt = openPredictions(root());
    // Assess
    const error = await attempt.catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'BAD_INPUT',
      location: { file: join(root(), '2026-03-09', 'b.csv'), row: 2, column: 'customer_id' },
    });
    expect(error).toMatchObject({
      message: expect.stringContaining(
        `customer_id "X3" also appears in ${join(root(), '2026-03-09', 'a.csv')} (row 4)`,
      ),
    });
  });

  it('names the real file and its own row when a later file of the set has a bad cell', async () => {
    // Prepare
    await put('2026-03-09/a.csv', predictionsCsv(3, { idPrefix: 'A' }));
    await put('2026-03-09/b.csv', `${HEADER}\nB1,0.5,Free,10\nB2,1.7,Free,10\n`);
    // Act
    const attempt = openPredictions(root());
    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'BAD_INPUT',
      location: { file: join(root(), '2026-03-09', 'b.csv'), row: 3, column: 'churn_probability' },
    });
  });

  it('refuses input over maxBytes as TOO_LARGE naming the file', async () => {
    // Prepare
    const path = await put('predictions/2026-03-09/week.csv', predictionsCsv(200));
    // Act
    const attempt = openPredictions(root(), { maxBytes: 1000 });
    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'TOO_LARGE', message: expect.stringContaining(path) });
  });

  it('counts maxBytes over the whole set of a partition', async () => {
    // Prepare: each file fits, the two together do not
    const text = predictionsCsv(20);
    await put('2026-03-09/a.csv', text);
    await put('2026-03-09/b.csv', predictionsCsv(20, { idPrefix: 'D' }));
    // Act
    const attempt = openPredictions(root(), { maxBytes: Buffer.byteLength(text) + 100 });
    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringContaining(join(root(), '2026-03-09')),
    });
  });

  it('says "no predictions under <folder>" for a folder without partitions', async () => {
    // Prepare
    await put('loose.csv', predictionsCsv(2));
    // Act
    const attempt = openPredictions(root());
    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining(`no predictions under ${root()}`),
    });
  });

  it('reports a path that does not exist as NOT_FOUND', async () => {
    // Prepare
    const missing = join(root(), 'nope.csv');
    // Act
    const attempt = openPredictions(missing);
    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `no predictions at ${missing}: no such file or folder`,
    });
  });

  it('reads a Parquet file given as --predictions x.parquet, hashing its bytes', async () => {
    // Prepare
    const bytes = predictionsParquet(4);
    const path = await put('week.parquet', bytes);
    // Act
    const opened = await openPredictions(path);
    // Assess
    expect([...opened.predictions.ids]).toEqual(['C1', 'C2', 'C3', 'C4']);
    expect(opened.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('reads the Parquet files of the latest partition as one set, naming both files for an id in two', async () => {
    // Prepare
    await put('predictions/2026-03-09/part-1.parquet', predictionsParquet(3, { idPrefix: 'A' }));
    await put('predictions/2026-03-09/part-2.PARQUET', predictionsParquet(2, { idPrefix: 'B' }));
    await put('predictions/2026-03-16/part-1.parquet', predictionsParquet(3, { idPrefix: 'X' }));
    await put('predictions/2026-03-16/part-2.parquet', predictionsParquet(2, { idPrefix: 'X', start: 3 }));
    // Act
    const attempt = openPredictions(root());
    // Assess
    await expect(attempt).rejects.toMatchObject({
      location: { file: join(root(), 'predictions', '2026-03-16', 'part-2.parquet'), row: 1, column: 'customer_id' },
      message: expect.stringContaining(
        `"X3" also appears in ${join(root(), 'predictions', '2026-03-16', 'part-1.parquet')} (row 3)`,
      ),
    });
    await rm(join(root(), 'predictions', '2026-03-16'), { recursive: true });
    expect([...(await openPredictions(root())).predictions.ids]).toEqual(['A1', 'A2', 'A3', 'B1', 'B2']);
  });

  it('refuses a partition holding both CSV and Parquet files (one week written twice?)', async () => {
    // Prepare
    await put('2026-03-09/a.csv', predictionsCsv(2, { idPrefix: 'A' }));
    await put('2026-03-09/b.parquet', predictionsParquet(2, { idPrefix: 'B' }));
    // Act
    const attempt = openPredictions(root());
    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('holds both CSV and Parquet files (2026-03-09/a.csv and 2026-03-09/b.parquet)'),
    });
  });

  it('refuses a location scheme it cannot read', async () => {
    // Act
    const attempt = openPredictions('gs://bucket/predictions');
    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('gs:// locations are not supported'),
    });
  });
});
