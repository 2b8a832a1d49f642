import { open, rename, rm } from 'node:fs/promises';

/** Characters of text gathered before each write: a 10M-row plan is a few hundred writes. */
const CHUNK_CHARS = 1 << 20;

/**
 * Writes `chunks` (text, or bytes such as the plan CSV's chunks) to `path` whole or not
 * at all: into a temp file beside it, a chunk at a time (the content is never one string, so
 * a plan of any size fits past V8's cap on a string's length), then renamed over `path`.
 * The next chunk is made while the previous one is written. On failure the temp file is
 * removed and `path` is left as it was.
 */
export async function writeAtomically(path: string, chunks: Iterable<string | Uint8Array>): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  const file = await open(temp, 'w');
  let writing: Promise<unknown> = Promise.resolve();
  const write = async (chunk: string | Uint8Array) => {
    await writing;
    // writeFile writes all of it at the current position (write may stop short).
    writing = file.writeFile(chunk);
  };
  try {
    let text = '';
    for (const chunk of chunks) {
      if (typeof chunk === 'string') {
        text += chunk;
        if (text.length < CHUNK_CHARS) continue;
        await write(text);
        text = '';
      } else {
        if (text.length > 0) await write(text);
        text = '';
        await write(chunk);
      }
    }
    await write(text);
    await writing;
    await file.close();
  } catch (error) {
    await writing.catch(() => undefined);
    await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await rename(temp, path);
}
