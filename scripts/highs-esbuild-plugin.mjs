/**
 * An esbuild plugin for the command bundles: HiGHS's JavaScript (the `highs` package) is bundled
 * instead of imported from node_modules, with two changes that leave what it does the same.
 *
 * - Its model checks name each element they test (`colCost[17]`) before testing it: a string
 *   built for every number of every model passed, used only in the error when one is wrong.
 *   Here the name is built only for an element that fails, which then meets the same check and
 *   the same error.
 * - `import.meta.url` still names its file in node_modules (relative to the chunk it lands in),
 *   so it finds `highs.wasm` beside it as before.
 *
 * When the package's text no longer holds what a change replaces, its file is bundled as it is.
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Each element check of `validateDoubleArray` and `validateIndexArray`, and the same check with the name built on failure only. */
export const HIGHS_LAZY_NAMES = [
  [
    'validateFiniteOrInfinity(value[index],label+"["+index+"]");',
    '{const item=value[index];if(typeof item!=="number"||item!==item)validateFiniteOrInfinity(item,label+"["+index+"]")}',
  ],
  [
    'requireInteger(item,label+"["+index+"]",0);',
    'if(!Number.isSafeInteger(item)||item<0||item>2147483647)requireInteger(item,label+"["+index+"]",0);',
  ],
];

/** HiGHS's ES module with its element names built lazily, or unchanged when a replaced text is not found exactly once. */
export function nameHighsElementsLazily(source) {
  const found = HIGHS_LAZY_NAMES.every(([from]) => source.split(from).length === 2);
  return found ? HIGHS_LAZY_NAMES.reduce((text, [from, to]) => text.replace(from, () => to), source) : source;
}

/** The plugin; `chunks` is the folder of the bundle's chunks, where HiGHS's code lands. */
export function bundleHighs(chunks) {
  const path = fileURLToPath(import.meta.resolve('highs'));
  const url = relative(chunks, path).split('\\').join('/');
  return {
    name: 'bundle-highs',
    setup(build) {
      build.onResolve({ filter: /^highs$/ }, () => ({ path }));
      build.onLoad({ filter: /[\\/]highs[\\/]build[\\/]highs\.mjs$/ }, async (args) => ({
        contents: nameHighsElementsLazily(await readFile(args.path, 'utf8')).replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(url)}, import.meta.url).href`,
        ),
        loader: 'js',
      }));
    },
  };
}
