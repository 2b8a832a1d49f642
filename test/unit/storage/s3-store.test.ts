import { PutObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createS3ClientFromEnv } from '../../../src/storage/s3-client.ts';
import { createS3Store } from '../../../src/storage/s3-store.ts';

/**
 * s3rver (the integration tests' server) ignores If-None-Match on PutObject, so the mapping of
 * a lost conditional write can only be shown against a client that answers as S3 does.
 * This stub stands in for `S3Client.send` and records the commands it was given.
 */
function conditionalClient(answer: (input: Record<string, unknown>) => unknown): {
  client: S3Client;
  inputs: Record<string, unknown>[];
} {
  const inputs: Record<string, unknown>[] = [];
  const client = {
    send: async (command: PutObjectCommand) => {
      const input = command.input as unknown as Record<string, unknown>;
      inputs.push(input);
      const result = answer(input);
      if (result instanceof Error) throw result;
      return result;
    },
  } as unknown as S3Client;
  return { client, inputs };
}

const s3Error = (name: string, status: number): S3ServiceException =>
  new S3ServiceException({ name, $fault: 'client', message: name, $metadata: { httpStatusCode: status, attempts: 1 } });

describe('createS3Store putIfAbsent', () => {
  it('sends If-None-Match: * and reports a written object as true', async () => {
    // Prepare
    const { client, inputs } = conditionalClient(() => ({ ETag: '"e1"' }));
    const store = createS3Store({ client, bucket: 'plans-bucket', prefix: 'team-a' });
    // Act
    const written = await store.putIfAbsent('plans/p/approval.json', '{}', 'application/json');
    // Assess
    expect(written).toBe(true);
    expect(inputs[0]).toMatchObject({
      Bucket: 'plans-bucket',
      Key: 'team-a/plans/p/approval.json',
      IfNoneMatch: '*',
      ContentType: 'application/json',
    });
  });

  it.each([
    ['PreconditionFailed', 412],
    ['ConditionalRequestConflict', 409],
  ])('maps %s (%i) to false: another writer got there first', async (name, status) => {
    // Prepare
    const { client } = conditionalClient((input) =>
      input.IfNoneMatch === '*' ? s3Error(name, status) : { ETag: '"x"' },
    );
    const store = createS3Store({ client, bucket: 'plans-bucket' });
    // Act
    const written = await store.putIfAbsent('plans/p/approval.json', '{}');
    // Assess
    expect(written).toBe(false);
  });

  it('turns other failures into STORAGE naming bucket and key', async () => {
    // Prepare
    const { client } = conditionalClient(() => s3Error('AccessDenied', 403));
    const store = createS3Store({ client, bucket: 'plans-bucket', prefix: 'team-a/' });
    // Act
    const attempt = store.putIfAbsent('plans/p/approval.json', '{}');
    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'STORAGE',
      message: expect.stringContaining('s3://plans-bucket/team-a/plans/p/approval.json'),
    });
    await expect(attempt).rejects.toMatchObject({ message: expect.stringContaining('access denied') });
  });
});

/**
 * A request handler under the real S3Client: the SDK's own retry middleware decides what to
 * retry, so this shows that our client configuration retries transient failures.
 */
function scriptedHandler(statuses: number[]): {
  handler: { handle: (request: unknown) => Promise<unknown> };
  calls: () => number;
} {
  let calls = 0;
  const handler = {
    handle: async () => {
      const status = statuses[Math.min(calls, statuses.length - 1)];
      calls += 1;
      const body =
        status === 200
          ? 'hello'
          : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${status === 503 ? 'ServiceUnavailable' : 'AccessDenied'}</Code><Message>no</Message></Error>`;
      return {
        response: {
          statusCode: status,
          reason: undefined,
          headers: status === 200 ? { 'content-length': '5', etag: '"abc"' } : { 'content-type': 'application/xml' },
          body: Readable.from([Buffer.from(body)]),
        },
      };
    },
  };
  return { handler, calls: () => calls };
}

function clientWith(handler: unknown, maxAttempts: number): S3Client {
  return createS3ClientFromEnv(
    { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9' },
    {
      maxAttempts,
      config: { requestHandler: handler as never, credentials: { accessKeyId: 'k', secretAccessKey: 's' } },
    },
  );
}

describe('createS3Store retries', () => {
  it('retries a 503 twice and then reads the object', async () => {
    // Prepare
    const { handler, calls } = scriptedHandler([503, 503, 200]);
    const store = createS3Store({ client: clientWith(handler, 3), bucket: 'b-1' });
    // Act
    const { body, info } = await store.get('predictions/2026-03-09/week.csv');
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    // Assess
    expect(Buffer.concat(chunks).toString()).toBe('hello');
    expect(info.etag).toBe('abc');
    expect(calls()).toBe(3);
  });

  it('gives up after maxAttempts with STORAGE naming bucket, key and attempts', async () => {
    // Prepare
    const { handler, calls } = scriptedHandler([503]);
    const store = createS3Store({ client: clientWith(handler, 2), bucket: 'b-1' });
    // Act
    const attempt = store.get('predictions/2026-03-09/week.csv');
    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'STORAGE',
      message: expect.stringContaining('s3://b-1/predictions/2026-03-09/week.csv'),
    });
    await expect(attempt).rejects.toMatchObject({ message: expect.stringContaining('after 2 attempts') });
    expect(calls()).toBe(2);
  });

  it('does not retry a permanent 403', async () => {
    // Prepare
    const { handler, calls } = scriptedHandler([403, 200]);
    const store = createS3Store({ client: clientWith(handler, 3), bucket: 'b-1' });
    // Act
    const attempt = store.get('k.csv');
    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'STORAGE',
      message: expect.stringContaining('access denied to bucket "b-1"'),
    });
    expect(calls()).toBe(1);
  });
});

describe('createS3Store link', () => {
  it('refuses an expiry beyond the seven days S3 allows', async () => {
    // Prepare
    const store = createS3Store({ client: clientWith(scriptedHandler([200]).handler, 1), bucket: 'b-1' });
    // Act
    const attempt = store.link('plans/p/plan.csv', 8 * 24 * 3600);
    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('7 days') });
  });
});

describe('S3 without configuration (issue 21: "could not list the objects: Error")', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  /** No region, no credentials: an environment with no AWS configuration at all. */
  function unconfigured(region?: string): void {
    for (const name of [
      'AWS_REGION',
      'AWS_DEFAULT_REGION',
      'AWS_PROFILE',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
    ])
      vi.stubEnv(name, undefined);
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/aws-config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/aws-credentials');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    if (region) vi.stubEnv('AWS_REGION', region);
  }

  it('says no region is set and how to set one', async () => {
    // Prepare
    unconfigured();
    const store = createS3Store({ client: createS3ClientFromEnv(process.env), bucket: 'team-bucket' });

    // Act
    const listing = store.list('predictions/');

    // Assess
    await expect(listing).rejects.toMatchObject({ code: 'STORAGE' });
    await expect(listing).rejects.toThrow(
      /s3:\/\/team-bucket\/predictions\/: could not list the objects: no AWS region is set; set AWS_REGION to the bucket's region \(for example AWS_REGION=eu-west-1\)/,
    );
  });

  it('says no credentials were found and where they come from', async () => {
    unconfigured('eu-west-1');
    const store = createS3Store({ client: createS3ClientFromEnv(process.env), bucket: 'team-bucket' });

    await expect(store.list('predictions/')).rejects.toThrow(
      /no AWS credentials were found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE/,
    );
  });

  it('says the bucket is in another region when S3 redirects', async () => {
    const { client } = conditionalClient(() => s3Error('PermanentRedirect', 301));
    const store = createS3Store({ client, bucket: 'team-bucket' });

    await expect(store.list('predictions/')).rejects.toThrow(
      /the bucket "team-bucket" is in another region than the one configured; set AWS_REGION/,
    );
  });
});
