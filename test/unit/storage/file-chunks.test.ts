import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FileChunks, type ChunkBody } from '../../../src/storage/file-chunks.ts';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import { meterBody } from '../../../src/storage/metered-body.ts';
import { tempDirPerTest } from '../../support/temp-dir.ts';

/** Chunks of `text` from one buffer, overwritten for each chunk. */
function reusedBody(text: string, size: number): ChunkBody {
  const bytes = Buffer.from(text);
  let destroyed = false;
  return {
    get destroyed() {
      return destroyed;
    },
    destroy: () => void (destroyed = true),
    async *[Symbol.asyncIterator]() {
      const buffer = Buffer.alloc(size);
      for (let at = 0; at < bytes.length; at += size) {
        yield buffer.subarray(0, bytes.copy(buffer, 0, at, at + size));
        buffer.fill(0x21);
      }
    },
  };
}

describe('a local file read into two reused buffers', () => {
  const root = tempDirPerTest('file-chunks-');

  it('gives every byte in order, in chunks of at most the buffer, and closes the file at the end', async () => {
    // Prepare
    const text = Array.from({ length: 5000 }, (_, i) => `row ${i}\n`).join('');
    await writeFile(join(root(), 'week.csv'), text);
    const handle = await open(join(root(), 'week.csv'));
    const body = new FileChunks(handle, 4096);
    // Act
    const seen: string[] = [];
    for await (const chunk of body) {
      expect(chunk.length).toBeLessThanOrEqual(4096);
      seen.push(chunk.toString('latin1'));
    }
    // Assess
    expect(seen.join('')).toBe(text);
    expect(seen.length).toBe(Math.ceil(text.length / 4096));
    expect(body.destroyed).toBe(true);
    await new Promise((done) => setTimeout(done, 10));
    await expect(handle.stat()).rejects.toMatchObject({ code: 'EBADF' });
  });

  it('reads the next chunk into the other buffer while the caller still holds this one', async () => {
    // Prepare
    await writeFile(join(root(), 'week.csv'), ['a', 'b', 'c'].map((letter) => letter.repeat(4096)).join(''));
    const handle = await open(join(root(), 'week.csv'));
    const reads = vi.spyOn(handle, 'read');
    const chunks = new FileChunks(handle, 4096)[Symbol.asyncIterator]();
    // Act
    const first = await chunks.next();
    const readsWhenHandedOut = reads.mock.calls.length;
    await reads.mock.results[1]?.value;
    const firstOnceTheNextIsRead = Buffer.from(first.value as Buffer).toString('latin1');
    const second = await chunks.next();
    await chunks.return(undefined);
    // Assess: the read ahead has not touched the chunk the caller holds
    expect(readsWhenHandedOut).toBe(2);
    expect(firstOnceTheNextIsRead).toBe('a'.repeat(4096));
    expect((second.value as Buffer).toString('latin1')).toBe('b'.repeat(4096));
    await new Promise((done) => setTimeout(done, 10));
    await expect(handle.stat()).rejects.toMatchObject({ code: 'EBADF' });
  });

  it('fails with the read error when a read fails, and closes the file', async () => {
    // Prepare: a folder opens, but reading it fails (EISDIR)
    await mkdir(join(root(), 'predictions'));
    const handle = await open(join(root(), 'predictions'));
    const body = new FileChunks(handle, 4096);
    // Act
    const reading = (async () => {
      for await (const chunk of body) expect(chunk).toBeUndefined();
    })();
    // Assess
    await expect(reading).rejects.toMatchObject({ code: 'EISDIR' });
    expect(body.destroyed).toBe(true);
    await new Promise((done) => setTimeout(done, 10));
    await expect(handle.stat()).rejects.toMatchObject({ code: 'EBADF' });
  });

  it('is what the local store serves as chunks, with the same info as get', async () => {
    // Prepare
    await writeFile(join(root(), 'week.csv'), 'a'.repeat(3 * 1024 * 1024 + 5));
    const store = createLocalStore(root());
    // Act
    const chunked = await store.getChunks?.('week.csv');
    const streamed = await store.get('week.csv');
    streamed.body.destroy();
    let bytes = 0;
    for await (const chunk of chunked?.body ?? []) bytes += chunk.length;
    // Assess
    expect(bytes).toBe(3 * 1024 * 1024 + 5);
    expect(chunked?.info).toEqual(streamed.info);
  });

  it('refuses a missing object or a folder as NOT_FOUND, naming the path, as get does', async () => {
    // Prepare
    const store = createLocalStore(root());
    await mkdir(join(root(), 'predictions'));
    // Act / Assess
    await expect(store.getChunks?.('absent.csv')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('absent.csv: no such file'),
    });
    await expect(store.getChunks?.('predictions')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('not a file'),
    });
  });

  it('names the header through the meter even when it spans several reused chunks', async () => {
    // Prepare
    const header = 'customer_id,churn_probability,subscription_type';
    let named: string | undefined;
    const metered = meterBody(reusedBody(`${header}\nA,0.5,Free\n`, 8), {
      describe: 'week.csv',
      hashes: [],
      budget: { used: 0, max: 1000 },
      onHeader: (text) => (named = text),
    });
    // Act
    for await (const chunk of metered) expect(chunk.length).toBeLessThanOrEqual(8);
    // Assess
    expect(named).toBe(header);
  });
});
