import { GetObjectCommand, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeExport } from '../../../src/approvals/write-export.ts';
import { createS3Store } from '../../../src/storage/s3-store.ts';
import { describeWithMoto } from '../../support/moto-server.ts';
import { startMotoS3, type RunningS3 } from './moto-harness.ts';

const BUCKET = 'retention-conditional';

/**
 * Exactly-once approvals and exports rest on S3's conditional write: `If-None-Match: *` fails
 * with 412 when the key exists. s3rver ignores the header; moto_server enforces it.
 */
describeWithMoto('conditional writes against moto_server', () => {
  let s3: RunningS3;
  beforeAll(async () => {
    s3 = await startMotoS3([BUCKET]);
  }, 90_000);
  afterAll(async () => {
    await s3?.stop();
  });

  it('refuses a second If-None-Match: * write with 412 PreconditionFailed and keeps the first body', async () => {
    // Prepare
    const put = (body: string) =>
      s3.client.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: 'plans/p1/approval.json', Body: body, IfNoneMatch: '*' }),
      );
    await put('first');

    // Act
    const second = await put('second').catch((error: unknown) => error);

    // Assess
    expect(second).toBeInstanceOf(S3ServiceException);
    expect(second).toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
    const stored = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'plans/p1/approval.json' }));
    expect(await stored.Body?.transformToString()).toBe('first');
  });

  // moto checks for the key and writes it in two steps, so writers racing to create the same key
  // can both win there (S3 itself is atomic); the race is therefore run against an existing export.
  it('lets the first writer create an export and refuses seven concurrent writers after it', async () => {
    // Prepare
    const store = createS3Store({ client: s3.client, bucket: BUCKET, prefix: 'team-a' });
    const csvs = Array.from({ length: 8 }, (_, i) => `customer_id,action_id\r\nC${i},1\r\n`);
    const write = (csv: string) => writeExport(store, { date: '2026-11-16', planId: '20261116-083000-race01', csv });
    const first = await write(csvs[0]);

    // Act
    const later = await Promise.all(csvs.slice(1).map(write));

    // Assess
    expect(first.created).toBe(true);
    expect(later.map((result) => result.created)).toEqual(Array.from({ length: 7 }, () => false));
    const { body } = await store.get(first.key);
    expect(await text(body)).toBe(csvs[0]);
  });
});
