import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { PlannerError } from '../domain/errors.ts';

export interface S3ClientFromEnvOptions {
  /** Attempts per call, the first included, for the SDK's standard retry with backoff. Default 3 (or `AWS_MAX_ATTEMPTS`). */
  maxAttempts?: number;
  /** How long one attempt may wait; see {@link DEFAULT_S3_TIMEOUTS}. */
  timeouts?: Partial<S3Timeouts>;
  /** Anything else to pass to the client (tests use it for a request handler). */
  config?: S3ClientConfig;
}

/** Milliseconds one S3 attempt may spend: connecting, waiting for the answer's headers, and idle while the body streams. */
export interface S3Timeouts {
  connectMs: number;
  requestMs: number;
  idleMs: number;
}

/**
 * Without these the SDK waits forever on an S3 endpoint that accepts a connection and never
 * answers (its request timeout only logs a warning unless told to throw), and a Lambda then
 * dies silently at its own timeout. With them a silent attempt fails as a TimeoutError, which
 * the standard retry retries; a body that stops streaming fails the read as STORAGE.
 */
export const DEFAULT_S3_TIMEOUTS: S3Timeouts = { connectMs: 3_000, requestMs: 10_000, idleMs: 15_000 };

function readEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  for (const name of ['AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL'] as const) {
    const value = env[name]?.trim();
    if (!value) continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch (cause) {
      throw new PlannerError('CONFIG', `${name} must be an http(s) URL such as http://127.0.0.1:9000; got "${value}"`, {
        cause,
      });
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
export function createS3ClientFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  options: S3ClientFromEnvOptions = {},
): S3Client {
  const endpoint = readEndpoint(env);
  const fromEnvAttempts = env.AWS_MAX_ATTEMPTS === undefined ? undefined : Number(env.AWS_MAX_ATTEMPTS);
  const maxAttempts = options.maxAttempts ?? fromEnvAttempts ?? 3;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) {
    throw new PlannerError(
      'CONFIG',
      `AWS_MAX_ATTEMPTS (or maxAttempts) must be a whole number from 1 to 20; got "${env.AWS_MAX_ATTEMPTS ?? maxAttempts}"`,
    );
  }
  const timeouts = { ...DEFAULT_S3_TIMEOUTS, ...options.timeouts };
  const config: S3ClientConfig = {
    maxAttempts,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: timeouts.connectMs,
      requestTimeout: timeouts.requestMs,
      socketTimeout: timeouts.idleMs,
      throwOnRequestTimeout: true,
    },
  };
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
