import { createHash } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { openPredictions } from '../../../src/storage/open-predictions.ts';
import { readPredictionFiles } from '../../../src/storage/read-file-set.ts';
import { catalogHash, linkToPlanCsv, listRuns, readRun, writeRun } from '../../../src/storage/run-record.ts';
import { createS3Store } from '../../../src/storage/s3-store.ts';
import { writeExport } from '../../../src/approvals/write-export.ts';
import { sampleOutcome } from '../../fixtures/storage/outcome.ts';
import { predictionsCsv } from '../../fixtures/storage/predictions-csv.ts';
import { predictionsParquet } from '../../fixtures/storage/predictions-parquet.ts';
import { describeWithMoto } from '../../support/moto-server.ts';
import { startMotoS3 } from './moto-harness.ts';
import { startS3rver, type RunningS3rver } from './s3rver-harness.ts';

const BUCKET = 'retention-data';
const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
const md5 = (data: string): string => createHash('md5').update(data).digest('hex');

/** The storage cases, against whichever S3 server `start` starts (with the bucket BUCKET). */
function storageCases(start: () => Promise<RunningS3rver>): void {
  let s3: RunningS3rver;
  const latest = predictionsCsv(6, { idPrefix: 'NEW' });

  beforeAll(async () => {
    s3 = await start();
    const store = createS3Store({ client: s3.client, bucket: BUCKET, prefix: 'team-a' });
    const objects: Record<string, string> = {
      'predictions/2026-02-23/week.csv': predictionsCsv(3, { idPrefix: 'OLDER' }),
      'predictions/2026-03-02/week.csv': predictionsCsv(3, { idPrefix: 'OLD' }),
      'predictions/2026-03-09/week.csv': latest,
      'predictions/2026-03-16/notes.txt': 'not a csv',
      'predictions/2026-03-23/deeper/week.csv': predictionsCsv(2, { idPrefix: 'DEEP' }),
      'predictions/2026-13-01/week.csv': predictionsCsv(2, { idPrefix: 'BADDATE' }),
      'predictions/2026-02-30/week.csv': predictionsCsv(2, { idPrefix: 'BADDAY' }),
      'predictions/week.csv': predictionsCsv(2, { idPrefix: 'LOOSE' }),
      'week.csv': predictionsCsv(2, { idPrefix: 'ROOT' }),
    };
    for (const [key, text] of Object.entries(objects)) await store.put(key, text, 'text/csv');
    await s3Parquet.put('predictions/2026-03-09/part-1.parquet', parquet);
  });
  const parquet = predictionsParquet(5, { idPrefix: 'PQ' });
  const s3Parquet = {
    put: (key: string, bytes: Uint8Array) =>
      createS3Store({ client: s3.client, bucket: BUCKET, prefix: 'team-parquet' }).put(key, bytes),
  };

  it('reads a Parquet object from S3 by byte ranges, the same customers as a whole read', async () => {
    // Prepare
    const store = createS3Store({ client: s3.client, bucket: BUCKET, prefix: 'team-parquet' });
    const key = 'predictions/2026-03-09/part-1.parquet';
    const head = await store.get(key, { start: 0, end: 4 });
    head.body.destroy();
    // Act
    const ranged = await readPredictionFiles(store, [{ key, size: parquet.byteLength }], {
      source: key,
      rangedParquetMinBytes: 0,
    });
    // Assess
    expect(head.info.size).toBe(parquet.byteLength);
    expect([...ranged.predictions.ids]).toEqual(['PQ1', 'PQ2', 'PQ3', 'PQ4', 'PQ5']);
  });

  it('opens a Parquet partition from S3, hashing the object it read', async () => {
    // Act
    const opened = await openPredictions(`s3://${BUCKET}/team-parquet`, { s3Client: s3.client });
    // Assess
    expect([...opened.predictions.ids]).toEqual(['PQ1', 'PQ2', 'PQ3', 'PQ4', 'PQ5']);
    expect(opened.inputKey).toBe('team-parquet/predictions/2026-03-09/part-1.parquet');
    expect(opened.sha256).toBe(sha256(parquet));
  });
  afterAll(async () => {
    await s3?.stop();
  });

  it('opens the newest valid partition under s3://bucket/prefix, past every decoy', async () => {
    // Act
    const opened = await openPredictions(`s3://${BUCKET}/team-a`, { s3Client: s3.client });
    // Assess
    expect(opened.date).toBe('2026-03-09');
    expect([...opened.predictions.ids]).toEqual(['NEW1', 'NEW2', 'NEW3', 'NEW4', 'NEW5', 'NEW6']);
    expect(opened.inputKey).toBe('team-a/predictions/2026-03-09/week.csv');
    expect(opened.describe).toBe(`s3://${BUCKET}/team-a/predictions/2026-03-09/week.csv`);
    expect(opened.sha256).toBe(sha256(latest));
    expect(opened.etag).toBe(md5(latest));
  });

  it('accepts a prefix pointing straight at predictions/, and a single object key', async () => {
    // Act
    const direct = await openPredictions(`s3://${BUCKET}/team-a/predictions/`, { s3Client: s3.client });
    const single = await openPredictions(`s3://${BUCKET}/team-a/predictions/2026-03-02/week.csv`, {
      s3Client: s3.client,
    });
    // Assess
    expect(direct.inputKey).toBe('team-a/predictions/2026-03-09/week.csv');
    expect([...single.predictions.ids]).toEqual(['OLD1', 'OLD2', 'OLD3']);
    expect(single.inputKey).toBe('team-a/predictions/2026-03-02/week.csv');
  });

  it('refuses predictions over maxBytes as TOO_LARGE naming the S3 key', async () => {
    // Act
    const attempt = openPredictions(`s3://${BUCKET}/team-a`, { s3Client: s3.client, maxBytes: 50 });
    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringContaining(`s3://${BUCKET}/team-a/predictions/2026-03-09/week.csv`),
    });
  });

  it('says "no predictions under s3://bucket/prefix" for an empty prefix', async () => {
    // Act
    const attempt = openPredictions(`s3://${BUCKET}/team-b`, { s3Client: s3.client });
    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining(`no predictions under s3://${BUCKET}/team-b`),
    });
  });

  it('reports a missing key as NOT_FOUND', async () => {
    // Prepare
    const store = createS3Store({ client: s3.client, bucket: BUCKET });
    // Act
    const attempt = store.get('team-a/predictions/2099-01-01/week.csv');
    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining(`s3://${BUCKET}/team-a/predictions/2099-01-01/week.csv`),
    });
  });

  it('hands out a presigned link that downloads the same bytes over HTTP', async () => {
    // Prepare
    const store = createS3Store({ client: s3.client, bucket: BUCKET, prefix: 'team-a' });
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 31) % 256);
    await store.put('plans/20260309-070503-link01/plan.csv', bytes, 'text/csv');
    // Act
    const link = await store.link('plans/20260309-070503-link01/plan.csv', 600);
    const response = await fetch(link);
    const downloaded = new Uint8Array(await response.arrayBuffer());
    // Assess
    expect(link.startsWith(`${s3.endpoint}/${BUCKET}/team-a/plans/`)).toBe(true);
    expect(link).toContain('X-Amz-Expires=600');
    expect(response.status).toBe(200);
    expect(sha256(downloaded)).toBe(sha256(bytes));
  });

  it('round-trips a run record: writeRun, readRun, listRuns, the plan CSV link, an export', async () => {
    // Prepare
    const store = createS3Store({ client: s3.client, bucket: BUCKET, prefix: 'team-a' });
    const planId = '20260309-070503-s3run1';
    const csv = 'customer_id,action_id\nC1,2\nC2,1\n';
    // Act
    const { record } = await writeRun(store, {
      planId,
      outcome: sampleOutcome(),
      csv,
      input: { key: 'team-a/predictions/2026-03-09/week.csv', etag: md5(latest), sha256: sha256(latest) },
      catalogHash: catalogHash(DEFAULT_CATALOG),
      requestedBy: 'U123',
      requestedAt: new Date('2026-03-09T07:05:03Z'),
      version: '0.1.0',
    });
    const read = await readRun(store, planId);
    const runs = await listRuns(store, 5);
    const fromLink = await (await fetch(await linkToPlanCsv(store, planId))).text();
    const exported = await writeExport(store, { date: '2026-03-10', planId, csv });
    // Assess
    expect(read).toEqual(record);
    expect(runs.map((run) => run.plan_id)).toEqual([planId]);
    expect(fromLink).toBe(csv);
    expect((await store.list('exports/')).map((o) => o.key)).toEqual([exported.key]);
  });

  it('turns a bucket that does not exist into STORAGE naming the bucket and the key', async () => {
    // Prepare
    const store = createS3Store({ client: s3.client, bucket: 'no-such-bucket', prefix: 'team-a' });
    // Act
    const [read, write, opened] = await Promise.allSettled([
      store.get('predictions/2026-03-09/week.csv'),
      store.put('plans/p/plan.csv', 'x'),
      openPredictions('s3://no-such-bucket/team-a', { s3Client: s3.client }),
    ]);
    // Assess
    expect(read).toMatchObject({
      status: 'rejected',
      reason: {
        code: 'STORAGE',
        message:
          's3://no-such-bucket/team-a/predictions/2026-03-09/week.csv: could not read the object: the bucket "no-such-bucket" does not exist',
      },
    });
    expect(write).toMatchObject({
      status: 'rejected',
      reason: { code: 'STORAGE', message: expect.stringContaining('s3://no-such-bucket/team-a/plans/p/plan.csv') },
    });
    expect(opened).toMatchObject({
      status: 'rejected',
      reason: { code: 'STORAGE', message: expect.stringContaining('the bucket "no-such-bucket" does not exist') },
    });
  });

  describe('through a loopback proxy that fails first', () => {
    let proxy: Server;
    let seen = 0;
    let failures = 0;
    beforeAll(async () => {
      const upstream = new URL(s3.endpoint);
      proxy = createServer((req, res) => {
        seen += 1;
        if (failures > 0) {
          failures -= 1;
          req.resume();
          if (failures % 2 === 1) {
            res.socket?.destroy();
            return;
          }
          res.writeHead(503, { 'content-type': 'application/xml' });
          res.end(
            '<?xml version="1.0" encoding="UTF-8"?><Error><Code>ServiceUnavailable</Code><Message>try again</Message></Error>',
          );
          return;
        }
        const forward = request(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        req.pipe(forward);
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    });

    it('retries a dropped connection and a 503, then reads the predictions', async () => {
      // Prepare
      const client = s3.clientFor(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, 3);
      seen = 0;
      failures = 2;
      // Act
      const opened = await openPredictions(`s3://${BUCKET}/team-a/predictions/2026-03-09/week.csv`, {
        s3Client: client,
      });
      // Assess
      expect(opened.predictions.ids).toHaveLength(6);
      expect(seen).toBe(3);
      client.destroy();
    });

    it('gives up after maxAttempts with STORAGE naming bucket and key', async () => {
      // Prepare
      const client = s3.clientFor(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, 2);
      seen = 0;
      failures = 4;
      // Act
      const attempt = openPredictions(`s3://${BUCKET}/team-a/predictions/2026-03-09/week.csv`, { s3Client: client });
      // Assess
      await expect(attempt).rejects.toMatchObject({
        code: 'STORAGE',
        message: expect.stringContaining(`s3://${BUCKET}/team-a/predictions/2026-03-09/week.csv`),
      });
      expect(seen).toBe(2);
      client.destroy();
    });
  });
}

describe('S3 storage against s3rver', () => storageCases(() => startS3rver([BUCKET])));
describeWithMoto('S3 storage against moto_server', () => storageCases(() => startMotoS3([BUCKET])));
