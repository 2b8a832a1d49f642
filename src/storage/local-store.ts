import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { link, mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PlannerError } from '../domain/errors.ts';
import { FileChunks } from './file-chunks.ts';
import { checkKey, compareKeys } from './keys.ts';
import type { ObjectInfo, ObjectStore } from './object-store.ts';

/** Files being written are named `.tmp-<random>` in the target's folder; `list` never shows them. */
const TEMP_PREFIX = '.tmp-';

/** Bytes per chunk a file is read in: each chunk costs a round of stream machinery, so large ones read faster. */
const READ_CHUNK_BYTES = 1024 * 1024;

function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/** A weak version tag from size and modification time; the content hash is `sha256` in the run record. */
function localEtag(info: Stats): string {
  return `${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}`;
}

function storageError(path: string, action: string, cause: unknown): PlannerError {
  const detail = errnoCode(cause) ?? (cause instanceof Error ? cause.message : String(cause));
  return new PlannerError('STORAGE', `${path}: could not ${action} (${detail})`, { cause });
}

/** Opens a file to read it; NOT_FOUND when it is absent or not a file. */
async function openFile(path: string): Promise<{ handle: FileHandle; info: Stats }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new PlannerError('NOT_FOUND', `${path}: no such file`, { cause: error });
    throw storageError(path, 'open the file', error);
  }
  const info = await handle.stat();
  if (!info.isFile()) {
    await handle.close();
    throw new PlannerError('NOT_FOUND', `${path}: not a file`);
  }
  return { handle, info };
}

const infoOf = (key: string, info: Stats): ObjectInfo => ({
  key,
  size: info.size,
  etag: localEtag(info),
  lastModified: info.mtime,
});

/**
 * The embedded default store: a local folder holding the SPEC 6 layout.
 *
 * - `put` writes a temporary file in the target's folder, syncs it, then renames it over the
 *   key, so a reader sees the old object or the new one, never a part.
 * - `putIfAbsent` writes the temporary file whole, then hard-links it to the key; `link()`
 *   fails with EEXIST when the key exists, so of several concurrent writers exactly one wins
 *   and the file appears complete. (Needs a file system with hard links.)
 * - `list` walks folders recursively and returns keys in `<` order; temporary files are skipped,
 *   symbolic links to files are listed, links to folders are not followed (no cycles).
 * - `link` is the `file://` URL of the absolute path (the expiry does not apply).
 * - Keys with `..`, `.`, a leading `/` or a backslash are refused, so nothing escapes `rootDir`.
 * - ETags are `<size hex>-<mtime ms hex>`: they change when the file changes, but are not a
 *   content hash.
 */
export function createLocalStore(rootDir: string): ObjectStore {
  const root = resolve(rootDir);
  const pathOf = (key: string): string => join(root, ...checkKey(key).split('/'));
  const keyOf = (path: string): string =>
    path
      .slice(root.length + 1)
      .split(sep)
      .join('/');

  const writeTemp = async (path: string, body: string | Uint8Array): Promise<string> => {
    await mkdir(dirname(path), { recursive: true });
    const temp = join(dirname(path), `${TEMP_PREFIX}${randomBytes(12).toString('hex')}`);
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(body);
      await handle.datasync();
    } catch (error) {
      await handle.close();
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await handle.close();
    return temp;
  };

  const walk = async (folder: string, prefix: string, found: ObjectInfo[]): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return;
      throw storageError(folder, 'list the folder', error);
    }
    for (const entry of entries) {
      if (entry.name.startsWith(TEMP_PREFIX)) continue;
      const path = join(folder, entry.name);
      const key = keyOf(path);
      if (entry.isDirectory()) {
        if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) await walk(path, prefix, found);
        continue;
      }
      if (!key.startsWith(prefix)) continue;
      const info = await stat(path).catch(() => undefined);
      if (info?.isFile()) found.push({ key, size: info.size, etag: localEtag(info), lastModified: info.mtime });
    }
  };

  return {
    describe: (key) => (key === '' ? root : join(root, ...key.split('/'))),

    async get(key, range) {
      const { handle, info } = await openFile(pathOf(key));
      return {
        body: handle.createReadStream({
          highWaterMark: READ_CHUNK_BYTES,
          ...(range ? { start: range.start, end: range.end - 1 } : {}),
        }),
        info: infoOf(key, info),
      };
    },

    async getChunks(key) {
      const { handle, info } = await openFile(pathOf(key));
      return { body: new FileChunks(handle, READ_CHUNK_BYTES), info: infoOf(key, info) };
    },

    async put(key, body) {
      const path = pathOf(key);
      let temp: string | undefined;
      try {
        temp = await writeTemp(path, body);
        await rename(temp, path);
        const info = await stat(path);
        return { key, size: info.size, etag: localEtag(info), lastModified: info.mtime };
      } catch (error) {
        if (temp) await unlink(temp).catch(() => undefined);
        throw storageError(path, 'write the file', error);
      }
    },

    async putIfAbsent(key, body) {
      const path = pathOf(key);
      let temp: string | undefined;
      try {
        temp = await writeTemp(path, body);
        await link(temp, path);
        return true;
      } catch (error) {
        if (errnoCode(error) === 'EEXIST') return false;
        throw storageError(path, 'create the file', error);
      } finally {
        if (temp) await unlink(temp).catch(() => undefined);
      }
    },

    async list(prefix) {
      checkKey(prefix, { prefix: true });
      const found: ObjectInfo[] = [];
      await walk(root, prefix, found);
      return found.sort((a, b) => compareKeys(a.key, b.key));
    },

    async link(key) {
      return pathToFileURL(pathOf(key)).href;
    },
  };
}
