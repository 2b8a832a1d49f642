import type { S3Client } from '@aws-sdk/client-s3';
import { createLocalStore } from './local-store.ts';
import type { Location } from './location.ts';
import type { ObjectStore } from './object-store.ts';

/**
 * The store at `location`: a local folder, or a bucket and prefix through `s3Client` (by
 * default `createS3ClientFromEnv()`). The AWS SDK is imported only for S3, so a local run
 * never loads it.
 */
export async function openStore(location: Location, s3Client?: S3Client): Promise<ObjectStore> {
  if (location.kind === 'local') return createLocalStore(location.path);
  const [{ createS3Store }, { createS3ClientFromEnv }] = await Promise.all([
    import('./s3-store.ts'),
    import('./s3-client.ts'),
  ]);
  return createS3Store({
    client: s3Client ?? createS3ClientFromEnv(),
    bucket: location.bucket,
    prefix: location.prefix,
  });
}
