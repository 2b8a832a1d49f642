import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, onTestFinished } from 'vitest';

/** Makes a fresh directory under the system's temp folder, named `prefix` plus random characters. */
export function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Removes `dir` and everything in it; a directory already gone is not an error. */
export function removeTempDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/**
 * Makes a fresh directory for the running test (call it in the test's body or a `beforeEach`)
 * and removes it when that test finishes, passed or failed, after its `afterEach` hooks.
 */
export async function tempDirForTest(prefix: string): Promise<string> {
  const dir = await makeTempDir(prefix);
  onTestFinished(() => removeTempDir(dir));
  return dir;
}

/**
 * Gives each test of the enclosing `describe` (or file) a fresh directory, made before the hooks
 * registered after this call and removed after them. Read the path with the returned getter.
 */
export function tempDirPerTest(prefix: string): () => string {
  return tempDirBetween(prefix, beforeEach, afterEach);
}

/**
 * Gives the enclosing `describe` (or file) one directory shared by its tests, made before its
 * first test and removed after its last. Read the path with the returned getter.
 */
export function tempDirPerBlock(prefix: string): () => string {
  return tempDirBetween(prefix, beforeAll, afterAll);
}

type Hook = (fn: () => Promise<void>) => void;

/** A directory made in the `before` hook and removed in the `after` one; reading it outside them throws. */
function tempDirBetween(prefix: string, before: Hook, after: Hook): () => string {
  let dir: string | undefined;
  before(async () => {
    dir = await makeTempDir(prefix);
  });
  after(async () => {
    if (dir !== undefined) await removeTempDir(dir);
    dir = undefined;
  });
  return () => {
    if (dir === undefined) throw new Error(`the temporary directory "${prefix}…" is read outside its tests`);
    return dir;
  };
}
