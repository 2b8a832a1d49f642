import { open, rename, rm } from 'node:fs/promises';

/** Characters gathered before each write: a 10M-row plan is a few hundred writes. */
const CHUNK_CHARS = 1 << 20;

/**
 * Writes `lines` to `path` whole or not at all: into a temp file beside it, a chunk at a time
 * (the text is never one string, so a plan of any size fits; V8 refuses strings past about
 * 512 MB), then renamed over `path`. On failure the temp file is removed and `path` is left as
 * it was.
 */
export async function writeLinesAtomically(path: string, lines: Iterable<string>): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  const file = await open(temp, 'w');
  try {
    let chunk = '';
    for (const line of lines) {
      chunk += line;
      if (chunk.length < CHUNK_CHARS) continue;
      await file.write(chunk);
      chunk = '';
    }
    await file.write(chunk);
    await file.close();
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await rename(temp, path);
}
