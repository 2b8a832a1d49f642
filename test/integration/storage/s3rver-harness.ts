import type { S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { createS3ClientFromEnv } from '../../../src/storage/s3-client.ts';

export interface RunningS3rver {
  endpoint: string;
  /** A client built the way production builds it, from AWS_ENDPOINT_URL_S3. */
  client: S3Client;
  clientFor(endpoint: string, maxAttempts?: number): S3Client;
  /** s3rver answers a PUT before its file is flushed; wait until the object is whole on disk. */
  settled(bucket: string, key: string, size: number): Promise<void>;
  stop(): Promise<void>;
}

const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** Starts s3rver on 127.0.0.1, a random port and a fresh temp folder, with the given buckets. */
export async function startS3rver(buckets: string[]): Promise<RunningS3rver> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const clientFor = (target: string, maxAttempts = 3): S3Client =>
    createS3ClientFromEnv({ AWS_ENDPOINT_URL_S3: target }, { maxAttempts, config: { credentials: CREDENTIALS } });
  const client = clientFor(endpoint);
  return {
    endpoint,
    client,
    clientFor,
    async settled(bucket, key, size) {
      const path = server.store.getResourcePath(bucket, key, 'object');
      for (let i = 0; i < 200; i += 1) {
        if ((await stat(path).catch(() => undefined))?.size === size) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`s3rver never finished writing ${bucket}/${key}`);
    },
    async stop() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
