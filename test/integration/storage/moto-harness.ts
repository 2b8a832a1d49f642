import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3ClientFromEnv } from '../../../src/storage/s3-client.ts';
import { MOTO_CREDENTIALS, startMotoServer, type MotoServer } from '../../support/moto-server.ts';
import type { RunningS3rver } from './s3rver-harness.ts';

/** An S3 server the storage tests run against: s3rver, or moto_server, which refuses a second conditional write. */
export type RunningS3 = RunningS3rver & { server: 'S3rver' | 'moto' };

/** A client for `endpoint` built the way production builds it, from AWS_ENDPOINT_URL_S3. */
export function motoS3Client(endpoint: string, maxAttempts = 3): S3Client {
  return createS3ClientFromEnv(
    { AWS_ENDPOINT_URL_S3: endpoint },
    { maxAttempts, config: { credentials: MOTO_CREDENTIALS } },
  );
}

/** Starts moto_server on loopback with the given buckets, in the shape of the s3rver harness. */
export async function startMotoS3(buckets: string[], started?: MotoServer): Promise<RunningS3> {
  const moto = started ?? (await startMotoServer());
  const client = motoS3Client(moto.endpoint);
  for (const bucket of buckets) await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    server: 'moto',
    endpoint: moto.endpoint,
    client,
    clientFor: motoS3Client,
    // moto answers a PUT once the object is stored.
    settled: async () => undefined,
    async stop() {
      client.destroy();
      if (!started) await moto.stop();
    },
  };
}
