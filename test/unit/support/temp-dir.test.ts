import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDirForTest, tempDirPerBlock, tempDirPerTest } from '../../support/temp-dir.ts';

/** Asserts `dir` is a new, empty directory in the system's temp folder named after `prefix`. */
async function expectFreshDir(dir: string, prefix: string): Promise<void> {
  expect(dirname(dir)).toBe(tmpdir());
  expect(basename(dir).startsWith(prefix)).toBe(true);
  expect(await readdir(dir)).toEqual([]);
}

describe('tempDirPerTest', () => {
  const seen: string[] = [];
  let dir: () => string;
  describe('its tests', () => {
    dir = tempDirPerTest('temp-dir-each-');
    it('each get an empty directory in the temp folder', async () => {
      seen.push(dir());
      await expectFreshDir(dir(), 'temp-dir-each-');
      await writeFile(join(dir(), 'a.txt'), 'a');
    });
    it('get another one, the previous test’s removed with its files', async () => {
      seen.push(dir());
      expect(dir()).not.toBe(seen[0]);
      expect(existsSync(seen[0])).toBe(false);
      await expectFreshDir(dir(), 'temp-dir-each-');
    });
  });
  it('removes the last test’s directory and refuses to be read outside a test', () => {
    expect(seen).toHaveLength(2);
    expect(existsSync(seen[1])).toBe(false);
    expect(dir).toThrow('the temporary directory "temp-dir-each-…" is read outside its tests');
  });
});

describe('tempDirPerBlock', () => {
  const seen: string[] = [];
  describe('its tests', () => {
    const dir = tempDirPerBlock('temp-dir-block-');
    it('share one directory in the temp folder', async () => {
      seen.push(dir());
      await expectFreshDir(dir(), 'temp-dir-block-');
      await writeFile(join(dir(), 'a.txt'), 'a');
    });
    it('see what an earlier test left in it', async () => {
      expect(dir()).toBe(seen[0]);
      expect(await readdir(dir())).toEqual(['a.txt']);
    });
  });
  it('removes it after the block’s last test', () => {
    expect(seen).toHaveLength(1);
    expect(existsSync(seen[0])).toBe(false);
  });
});

describe('tempDirForTest', () => {
  const seen: string[] = [];
  let fromHook: string;
  beforeEach(async () => {
    fromHook = await tempDirForTest('temp-dir-hook-');
  });
  it('makes a directory inside a test and another in its beforeEach', async () => {
    const dir = await tempDirForTest('temp-dir-own-');
    seen.push(dir, fromHook);
    await expectFreshDir(dir, 'temp-dir-own-');
    await expectFreshDir(fromHook, 'temp-dir-hook-');
    await writeFile(join(dir, 'a.txt'), 'a');
  });
  it('removes both once that test has finished', () => {
    expect(seen).toHaveLength(2);
    for (const dir of seen) expect(existsSync(dir)).toBe(false);
  });
});
