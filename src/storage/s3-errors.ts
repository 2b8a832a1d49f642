import { PlannerError } from '../domain/errors.ts';

interface AwsErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

function shape(error: unknown): AwsErrorShape {
  return typeof error === 'object' && error !== null ? error : {};
}

/** The HTTP status of a failed S3 call, when the service answered at all. */
export function s3Status(error: unknown): number | undefined {
  return shape(error).$metadata?.httpStatusCode;
}

/**
 * True when a conditional write lost: 412 PreconditionFailed (the key exists) or
 * 409 ConditionalRequestConflict (another conditional write to the key is in flight).
 */
export function isConditionLost(error: unknown): boolean {
  const { name } = shape(error);
  const status = s3Status(error);
  return status === 412 || status === 409 || name === 'PreconditionFailed' || name === 'ConditionalRequestConflict';
}

/** True when S3 says the key does not exist (and the bucket does). */
export function isMissingKey(error: unknown): boolean {
  const { name } = shape(error);
  if (name === 'NoSuchBucket') return false;
  return name === 'NoSuchKey' || name === 'NotFound' || (name === undefined && s3Status(error) === 404);
}

/**
 * Turns an S3 failure into `PlannerError('STORAGE')` naming the bucket and key
 * (`s3://bucket/key`). Called after the SDK's own retries are spent, so the message says how
 * many attempts were made when the failure looks transient. A missing region or credentials
 * (which the SDK reports as a bare `Error`) and a bucket in another region say what to set.
 */
export function toStorageError(error: unknown, location: string, action: string): PlannerError {
  const { name, code, message } = shape(error);
  const status = s3Status(error);
  const bucket = /^s3:\/\/([^/]+)/.exec(location)?.[1] ?? location;
  const attempts = shape(error).$metadata?.attempts;
  let why: string;
  if (message === 'Region is missing') {
    why =
      "no AWS region is set; set AWS_REGION to the bucket's region (for example AWS_REGION=eu-west-1), or give the profile in AWS_PROFILE a region";
  } else if (name === 'CredentialsProviderError') {
    why =
      'no AWS credentials were found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run where a role provides them';
  } else if (name === 'PermanentRedirect' || status === 301) {
    why = `the bucket "${bucket}" is in another region than the one configured; set AWS_REGION to the bucket's region`;
  } else if (name === 'NoSuchBucket') {
    why = `the bucket "${bucket}" does not exist`;
  } else if (name === 'AccessDenied' || status === 403) {
    why = `access denied to bucket "${bucket}"; check the credentials, region and bucket policy`;
  } else if (name === 'TimeoutError' && status === undefined) {
    why = `S3 did not answer in time (TimeoutError${attempts && attempts > 1 ? `, after ${attempts} attempts` : ''})`;
  } else if (status === 404) {
    why = `not found (${name ?? 'HTTP 404'})`;
  } else {
    const label = name !== undefined && name !== 'Error' ? name : (code ?? name);
    const parts = [
      label,
      status === undefined ? undefined : `HTTP ${status}`,
      attempts && attempts > 1 ? `after ${attempts} attempts` : undefined,
    ];
    why = `${parts.filter((part) => part !== undefined).join(', ') || (message ?? 'unknown error')}`;
  }
  return new PlannerError('STORAGE', `${location}: could not ${action}: ${why}`, { cause: error });
}
