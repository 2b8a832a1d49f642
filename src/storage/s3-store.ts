import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable } from 'node:stream';
import { PlannerError } from '../domain/errors.ts';
import { asFolderPrefix, checkKey, compareKeys } from './keys.ts';
import type { ObjectInfo, ObjectStore } from './object-store.ts';
import { isConditionLost, isMissingKey, toStorageError } from './s3-errors.ts';

export interface S3StoreOptions {
  /** Built by the caller (see `createS3ClientFromEnv`): region, credentials, endpoint, retries. */
  client: S3Client;
  bucket: string;
  /** Keys of this store live under `prefix/` in the bucket (e.g. `team-a`). */
  prefix?: string;
}

/** SigV4 presigned URLs live at most seven days. */
export const MAX_LINK_SECONDS = 7 * 24 * 3600;

const unquote = (etag: string | undefined): string | undefined => etag?.replace(/^(W\/)?"(.*)"$/, '$2');

/**
 * The S3 adapter of the storage port, through `@aws-sdk/client-s3` v3.
 *
 * Transient failures (5xx, throttling, dropped connections) are retried by the client's
 * standard retry with backoff (`maxAttempts` on the client). What is left after that, and
 * every permanent failure (NoSuchBucket, AccessDenied, 403), becomes
 * `PlannerError('STORAGE', 's3://bucket/key: ...')`; a missing key on `get` is `NOT_FOUND`.
 * `putIfAbsent` sends `If-None-Match: *`; 412 and 409 mean another writer got there first.
 */
export function createS3Store(options: S3StoreOptions): ObjectStore {
  const { client, bucket } = options;
  const root = asFolderPrefix(options.prefix);
  const fullKey = (key: string): string => `${root}${checkKey(key)}`;
  const describe = (key: string): string =>
    key === '' ? `s3://${bucket}/${root}`.replace(/\/$/, '') : `s3://${bucket}/${root}${key}`;

  const send = async (
    key: string,
    body: string | Uint8Array,
    contentType: string | undefined,
    extra: Partial<PutObjectCommandInput>,
  ) => {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const output = await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: fullKey(key),
        Body: bytes,
        ContentLength: bytes.byteLength,
        ContentType: contentType,
        ...extra,
      }),
    );
    return { key, size: bytes.byteLength, etag: unquote(output.ETag) } satisfies ObjectInfo;
  };

  return {
    describe,

    async get(key, range) {
      try {
        const output = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: fullKey(key),
            ...(range ? { Range: `bytes=${range.start}-${range.end - 1}` } : {}),
          }),
        );
        const whole = range ? Number(/\/(\d+)$/.exec(output.ContentRange ?? '')?.[1]) : Number.NaN;
        const body = output.Body;
        if (!body) throw new PlannerError('STORAGE', `${describe(key)}: the object has no body`);
        const stream = body instanceof Readable ? body : Readable.from(body as AsyncIterable<Uint8Array>);
        return {
          body: stream,
          info: {
            key,
            size: Number.isFinite(whole) ? whole : (output.ContentLength ?? 0),
            etag: unquote(output.ETag),
            lastModified: output.LastModified,
          },
        };
      } catch (error) {
        if (error instanceof PlannerError) throw error;
        if (isMissingKey(error))
          throw new PlannerError('NOT_FOUND', `${describe(key)}: no such object`, { cause: error });
        throw toStorageError(error, describe(key), 'read the object');
      }
    },

    async put(key, body, contentType) {
      try {
        return await send(key, body, contentType, {});
      } catch (error) {
        if (error instanceof PlannerError) throw error;
        throw toStorageError(error, describe(key), 'write the object');
      }
    },

    async putIfAbsent(key, body, contentType) {
      try {
        await send(key, body, contentType, { IfNoneMatch: '*' });
        return true;
      } catch (error) {
        if (error instanceof PlannerError) throw error;
        if (isConditionLost(error)) return false;
        throw toStorageError(error, describe(key), 'create the object');
      }
    },

    async list(prefix) {
      checkKey(prefix, { prefix: true });
      const found: ObjectInfo[] = [];
      let token: string | undefined;
      try {
        do {
          const page = await client.send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: `${root}${prefix}`, ContinuationToken: token }),
          );
          for (const item of page.Contents ?? []) {
            if (!item.Key?.startsWith(root)) continue;
            found.push({
              key: item.Key.slice(root.length),
              size: item.Size ?? 0,
              etag: unquote(item.ETag),
              lastModified: item.LastModified,
            });
          }
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
      } catch (error) {
        throw toStorageError(error, describe(prefix), 'list the objects');
      }
      return found.sort((a, b) => compareKeys(a.key, b.key));
    },

    async link(key, expiresInSeconds) {
      if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_LINK_SECONDS) {
        throw new PlannerError(
          'BAD_INPUT',
          `link expiry must be a whole number of seconds from 1 to ${MAX_LINK_SECONDS} (7 days); got ${expiresInSeconds}`,
        );
      }
      try {
        return await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: fullKey(key) }), {
          expiresIn: expiresInSeconds,
        });
      } catch (error) {
        throw toStorageError(error, describe(key), 'sign a download link');
      }
    },
  };
}
