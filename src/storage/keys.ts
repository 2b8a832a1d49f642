import { PlannerError } from '../domain/errors.ts';

/**
 * Checks an object key (or a list prefix when `prefix` is true) before any adapter uses it.
 * Keys are `/`-separated and relative: no leading `/`, no `\`, no NUL, no empty, `.` or `..`
 * segment. A prefix may be empty or end with `/`. Refusing these keeps a key from ever
 * naming a file outside a local store's folder.
 */
export function checkKey(key: string, options: { prefix?: boolean } = {}): string {
  if (options.prefix && key === '') return key;
  const refuse = (why: string): never => {
    throw new PlannerError('BAD_INPUT', `refusing storage key "${key}": ${why}`);
  };
  if (key === '') refuse('the key is empty');
  if (key.startsWith('/')) refuse('absolute keys are not allowed');
  if (key.includes('\\')) refuse('backslashes are not allowed');
  if (key.includes('\0')) refuse('NUL characters are not allowed');
  if (/^[A-Za-z]:/.test(key)) refuse('drive letters are not allowed');
  const body = options.prefix && key.endsWith('/') ? key.slice(0, -1) : key;
  for (const segment of body.split('/')) {
    if (segment === '') refuse('empty path segments are not allowed');
    if (segment === '.' || segment === '..') refuse('"." and ".." segments are not allowed');
  }
  return key;
}

/** Compares keys the way `list` orders them: by UTF-16 code units, as `<` does. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A prefix normalised to end with `/` (or empty). */
export function asFolderPrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+/, '');
  if (trimmed === '') return '';
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}
