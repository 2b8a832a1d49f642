import { readdir, readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import { tempDirPerTest } from '../../support/temp-dir.ts';

async function allFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function readAll(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

describe('createLocalStore', () => {
  const root = tempDirPerTest('local-store-');

  it('writes, reads back and overwrites an object, leaving no temporary file', async () => {
    // Prepare
    const store = createLocalStore(root());
    // Act
    await store.put('plans/a/plan.csv', 'first');
    const info = await store.put('plans/a/plan.csv', 'second version');
    const { body, info: read } = await store.get('plans/a/plan.csv');
    // Assess
    expect(await readAll(body)).toBe('second version');
    expect(info.size).toBe(14);
    expect(read.etag).toBe(info.etag);
    expect(await allFiles(root())).toEqual([join(root(), 'plans', 'a', 'plan.csv')]);
  });

  it('never shows a reader a partly written object while another writer replaces it', async () => {
    // Prepare
    const store = createLocalStore(root());
    const size = 4 * 1024 * 1024;
    const versions = ['a', 'b'].map((letter) => letter.repeat(size));
    await store.put('big.txt', versions[0]);
    // Act
    const writes = (async () => {
      for (let i = 1; i <= 6; i += 1) await store.put('big.txt', versions[i % 2]);
    })();
    const seen: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const text = await readAll((await store.get('big.txt')).body);
      seen.push(`${text.length}:${text[0]}${text[text.length - 1]}:${new Set(text).size}`);
    }
    await writes;
    // Assess
    for (const entry of seen) expect(['4194304:aa:1', '4194304:bb:1']).toContain(entry);
    expect(await allFiles(root())).toEqual([join(root(), 'big.txt')]);
  });

  it('cleans up its temporary file when the final rename fails', async () => {
    // Prepare: a folder sits where the object should go
    const store = createLocalStore(root());
    await mkdir(join(root(), 'exports', 'clash.csv'), { recursive: true });
    // Act
    const failure = store.put('exports/clash.csv', 'rows');
    // Assess
    await expect(failure).rejects.toMatchObject({
      code: 'STORAGE',
      message: expect.stringContaining(join(root(), 'exports', 'clash.csv')),
    });
    expect(await readdir(join(root(), 'exports'))).toEqual(['clash.csv']);
  });

  it('lets exactly one of twenty concurrent putIfAbsent writers win, and the file is whole', async () => {
    // Prepare
    const store = createLocalStore(root());
    const bodies = Array.from({ length: 20 }, (_, i) => `writer ${i}\n`.repeat(50_000));
    // Act
    const results = await Promise.all(bodies.map((body) => store.putIfAbsent('plans/x/approval.json', body)));
    // Assess
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(await readFile(join(root(), 'plans', 'x', 'approval.json'), 'utf8')).toBe(bodies[winner]);
    expect(await allFiles(root())).toEqual([join(root(), 'plans', 'x', 'approval.json')]);
    expect(await store.putIfAbsent('plans/x/approval.json', 'late')).toBe(false);
  });

  it('lists every object under a prefix, recursively, in key order', async () => {
    // Prepare
    const store = createLocalStore(root());
    for (const key of [
      'predictions/2026-03-09/b.csv',
      'plans/1/run.json',
      'predictions/2026-03-02/z.csv',
      'predictions/2026-03-02/a.csv',
      'predictionsX/c.csv',
      'predictions/2026-03-02/deep/er/d.csv',
    ]) {
      await store.put(key, key);
    }
    // Act
    const under = await store.list('predictions/');
    const partial = await store.list('predictions/2026-03-0');
    const everything = await store.list('');
    // Assess
    expect(under.map((o) => o.key)).toEqual([
      'predictions/2026-03-02/a.csv',
      'predictions/2026-03-02/deep/er/d.csv',
      'predictions/2026-03-02/z.csv',
      'predictions/2026-03-09/b.csv',
    ]);
    expect(partial).toEqual(under);
    expect(everything.map((o) => o.key)).toEqual([...everything.map((o) => o.key)].sort());
    expect(everything).toHaveLength(6);
    expect(under[0].size).toBe('predictions/2026-03-02/a.csv'.length);
  });

  it('lists nothing (rather than failing) under a prefix or root that does not exist', async () => {
    // Prepare
    const store = createLocalStore(join(root(), 'never-created'));
    // Act
    const found = await store.list('predictions/');
    // Assess
    expect(found).toEqual([]);
  });

  it.each(['../outside.csv', 'a/../../outside.csv', '/etc/passwd', 'a//b', './a', 'a\\..\\b', 'C:/x', ''])(
    'refuses the key %j',
    async (key) => {
      // Prepare
      const store = createLocalStore(root());
      // Act
      const attempts = [store.put(key, 'x'), store.get(key), store.putIfAbsent(key, 'x'), store.link(key, 60)];
      // Assess
      for (const attempt of attempts)
        await expect(attempt).rejects.toMatchObject({
          code: 'BAD_INPUT',
          message: expect.stringContaining('refusing storage key'),
        });
      expect(await allFiles(root())).toEqual([]);
    },
  );

  it('refuses a list prefix that climbs out of the folder', async () => {
    // Prepare
    const store = createLocalStore(root());
    // Act
    const attempt = store.list('../');
    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('reports a missing object as NOT_FOUND naming the path', async () => {
    // Prepare
    const store = createLocalStore(root());
    // Act
    const attempt = store.get('plans/nope/run.json');
    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining(join(root(), 'plans', 'nope', 'run.json')),
    });
  });

  it('links to the file by its file:// URL', async () => {
    // Prepare
    const store = createLocalStore(root());
    await store.put('plans/p/plan.csv', 'a,b\n');
    // Act
    const link = await store.link('plans/p/plan.csv', 3600);
    // Assess
    expect(link.startsWith('file://')).toBe(true);
    expect(await readFile(fileURLToPath(link), 'utf8')).toBe('a,b\n');
    expect(store.describe('plans/p/plan.csv')).toBe(join(root(), 'plans', 'p', 'plan.csv'));
  });
});
