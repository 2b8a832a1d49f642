import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { onlyEnglishZodLocale } from '../../../scripts/package-esbuild-plugins.mjs';
import { REPO_ROOT } from '../../support/run-cli.ts';
import { tempDirPerTest } from '../../support/temp-dir.ts';

/** A module that validates a wrong policy with zod the way the app imports it, and exports what zod said. */
const ENTRY = `
import * as z from 'zod';
const result = z.object({ budget: z.number() }).safeParse({ budget: 'lots' });
export const message = result.success ? '' : result.error.issues[0].message;
export const locales = Object.keys(z.locales);
`;

describe('the bundles keep only English of zod (scripts/package-esbuild-plugins.mjs)', () => {
  const dir = tempDirPerTest('zod-locale-');

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
    const path = join(dir(), 'english.mjs');
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
