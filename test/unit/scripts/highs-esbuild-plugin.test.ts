import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Highs } from 'highs';
import { describe, expect, it } from 'vitest';
import { bundleHighs, nameHighsElementsLazily } from '../../../scripts/highs-esbuild-plugin.mjs';
import { REPO_ROOT } from '../../support/run-cli.ts';
import { tempDirPerTest } from '../../support/temp-dir.ts';

type HighsLoader = () => Promise<Highs>;

/** A one-row LP whose `change` makes one element of one array wrong. */
function model(change: (lp: Record<string, number[]>) => void): Parameters<Highs['createModel']>[0] {
  const lp = { colCost: [1, 2], colLower: [0, 0], colUpper: [1, 1], starts: [0, 1, 2], indices: [0, 0] };
  change(lp);
  return {
    numCols: 2,
    numRows: 1,
    colCost: lp.colCost,
    colLower: lp.colLower,
    colUpper: lp.colUpper,
    rowLower: [1],
    rowUpper: [2],
    matrix: { format: 'csc', numRows: 1, numCols: 2, starts: lp.starts, indices: lp.indices, values: [1, 1] },
  };
}

/** What HiGHS says to each model: its optimal objective, or its error. */
function answers(highs: Highs): string[] {
  const models = [
    model(() => undefined),
    model((lp) => (lp.colCost[1] = Number.NaN)),
    model((lp) => (lp.indices[1] = 0.5)),
    model((lp) => (lp.indices[0] = -1)),
    model((lp) => (lp.starts[1] = 2 ** 31)),
  ];
  return models.map((lp) => {
    try {
      const created = highs.createModel(lp);
      created.run();
      return `objective ${created.info.get('objective_function_value')}`;
    } catch (error) {
      return (error as Error).message;
    }
  });
}

describe('HiGHS bundled into the commands (scripts/highs-esbuild-plugin.mjs)', () => {
  const dir = tempDirPerTest('highs-bundle-');

  it('changes the installed HiGHS, which then checks models as before and finds its Wasm', async () => {
    // Prepare
    const installed = fileURLToPath(import.meta.resolve('highs'));
    const bundled = await build({
      stdin: { contents: "export { default } from 'highs';", resolveDir: REPO_ROOT, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      plugins: [bundleHighs(dir())],
      write: false,
      logLevel: 'silent',
    });
    const path = join(dir(), 'highs.mjs');
    await writeFile(path, bundled.outputFiles[0].contents);

    // Act
    const original = (await import('highs')) as unknown as { default: HighsLoader };
    const loaded = (await import(pathToFileURL(path).href)) as { default: HighsLoader };
    const [before, after] = await Promise.all([original.default(), loaded.default()]);

    // Assess
    const source = await readFile(installed, 'utf8');
    expect(nameHighsElementsLazily(source)).not.toBe(source);
    expect(answers(after)).toEqual(answers(before));
    expect(answers(after)[0]).toBe('objective 1');
  });
});
