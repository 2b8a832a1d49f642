import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onlyEnglishZodLocale } from '../../../scripts/package-esbuild-plugins.mjs';
import { REPO_ROOT } from '../../support/run-cli.ts';

/** A module that validates a wrong policy with zod the way the app imports it, and exports what zod said. */
const ENTRY = `
import * as z from 'zod';
const result = z.object({ budget: z.number() }).safeParse({ budget: 'lots' });
export const message = result.success ? '' : result.error.issues[0].message;
export const locales = Object.keys(z.locales);
`;

describe('the bundles keep only English of zod (scripts/package-esbuild-plugins.mjs)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zod-locale-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves every other language out and still explains a bad value in English', async () => {
    // Prepare
    const bundle = (plugins: Plugin[]) =>
      build({
        stdin: { contents: ENTRY, resolveDir: REPO_ROOT, loader: 'ts' },
        bundle: true,
        format: 'esm',
        platform: 'node',
        mainFields: ['module', 'main'],
        plugins,
        write: false,
        logLevel: 'silent',
      });
    // Act
    const [whole, english] = await Promise.all([bundle([]), bundle([onlyEnglishZodLocale])]);
    const path = join(dir, 'english.mjs');
    await writeFile(path, english.outputFiles[0].contents);
    const loaded = (await import(pathToFileURL(path).href)) as { message: string; locales: string[] };
    // Assess
    expect(loaded.message).toBe('Invalid input: expected number, received string');
    expect(loaded.locales).toEqual(['en']);
    expect(whole.outputFiles[0].text).toContain('zod/v4/locales/de.js');
    expect(english.outputFiles[0].text).not.toContain('zod/v4/locales/de.js');
    expect(english.outputFiles[0].contents.length).toBeLessThan(whole.outputFiles[0].contents.length / 2);
  });
});
