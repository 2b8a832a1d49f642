import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { PlannerError } from '../domain/errors.ts';

export interface S3ClientFromEnvOptions {
  /** Attempts per call, the first included, for the SDK's standard retry with backoff. Default 3 (or `AWS_MAX_ATTEMPTS`). */
  maxAttempts?: number;
  /** Anything else to pass to the client (tests use it for a request handler). */
  config?: S3ClientConfig;
}

function readEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  for (const name of ['AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL'] as const) {
    const value = env[name]?.trim();
    if (!value) continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch (cause) {
      throw new PlannerError('CONFIG', `${name} must be an http(s) URL such as http://127.0.0.1:9000; got "${value}"`, { cause });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new PlannerError('CONFIG', `${name} must be an http(s) URL such as http://127.0.0.1:9000; got "${value}"`);
    }
    return value;
  }
  return undefined;
}

/**
 * Builds the S3 client from the standard AWS configuration: region and credentials from the
 * SDK's default chains (`AWS_REGION`, profiles, the Lambda role, ...), and an endpoint from
 * `AWS_ENDPOINT_URL_S3` or else `AWS_ENDPOINT_URL`. With an endpoint (MinIO, s3rver,
 * LocalStack) the client uses path-style URLs, defaults the region to `us-east-1`, and only
 * sends request checksums that S3 requires, since many S3-compatible servers store the
 * newer streaming-checksum framing as content. `AWS_REQUEST_CHECKSUM_CALCULATION` still wins.
 * This is the one place that reads the environment; everything else receives the client.
 */
export function createS3ClientFromEnv(env: NodeJS.ProcessEnv = process.env, options: S3ClientFromEnvOptions = {}): S3Client {
  const endpoint = readEndpoint(env);
  const fromEnvAttempts = env.AWS_MAX_ATTEMPTS === undefined ? undefined : Number(env.AWS_MAX_ATTEMPTS);
  const maxAttempts = options.maxAttempts ?? fromEnvAttempts ?? 3;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) {
    throw new PlannerError('CONFIG', `AWS_MAX_ATTEMPTS (or maxAttempts) must be a whole number from 1 to 20; got "${env.AWS_MAX_ATTEMPTS ?? maxAttempts}"`);
  }
  const config: S3ClientConfig = { maxAttempts, retryMode: 'standard' };
  const region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim();
  if (region) config.region = region;
  if (endpoint) {
    config.endpoint = endpoint;
    config.forcePathStyle = true;
    config.region ??= 'us-east-1';
    if (!env.AWS_REQUEST_CHECKSUM_CALCULATION) config.requestChecksumCalculation = 'WHEN_REQUIRED';
  }
  return new S3Client({ ...config, ...options.config });
}
