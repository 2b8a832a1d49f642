import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlannerError } from '../domain/errors.ts';

/** Where predictions (or a whole store) live: an S3 bucket and prefix, or a local path. */
export type Location =
  | { kind: 's3'; bucket: string; /** Without leading `/`; may be empty, a folder or an object key. */ prefix: string }
  | { kind: 'local'; /** Absolute. A file or a folder; which one is decided when it is opened. */ path: string };

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Parses `s3://bucket/prefix`, `file:///abs/path`, or a plain local path (resolved against
 * `cwd`). Other URL schemes are refused, as are invalid bucket names. Pure apart from `cwd`.
 */
export function parseLocation(text: string, cwd: string = process.cwd()): Location {
  const trimmed = text.trim();
  if (trimmed === '')
    throw new PlannerError('BAD_INPUT', 'the location is empty; give a file, a folder or s3://bucket/prefix');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 's3') {
    const rest = trimmed.slice('s3://'.length);
    const slash = rest.indexOf('/');
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    const prefix = slash < 0 ? '' : rest.slice(slash + 1).replace(/^\/+/, '');
    if (!BUCKET.test(bucket) || bucket.includes('..')) {
      throw new PlannerError(
        'BAD_INPUT',
        `"${trimmed}": "${bucket}" is not a valid S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)`,
      );
    }
    if (prefix.split('/').some((segment) => segment === '..' || segment === '.')) {
      throw new PlannerError('BAD_INPUT', `"${trimmed}": "." and ".." are not allowed in an S3 prefix`);
    }
    return { kind: 's3', bucket, prefix };
  }
  if (scheme === 'file') {
    try {
      return { kind: 'local', path: fileURLToPath(trimmed) };
    } catch (cause) {
      throw new PlannerError('BAD_INPUT', `"${trimmed}" is not a valid file URL`, { cause });
    }
  }
  if (scheme !== undefined) {
    throw new PlannerError(
      'BAD_INPUT',
      `"${trimmed}": ${scheme}:// locations are not supported; give a local path or s3://bucket/prefix`,
    );
  }
  return { kind: 'local', path: resolve(cwd, trimmed) };
}

/** The location written back as text: `s3://bucket/prefix` or the absolute path. */
export function formatLocation(location: Location): string {
  return location.kind === 's3'
    ? `s3://${location.bucket}${location.prefix ? `/${location.prefix}` : ''}`
    : location.path;
}
