/**
 * Compiles `npm run plan` and `npm run slack` to JavaScript in `dist/` (git-ignored), so they
 * start without compiling TypeScript. Run by `npm ci` (the `prepare` script) and, when `src/`
 * has changed since, by `scripts/start-cli.mjs` before it starts a command.
 *
 * Each command is one esbuild bundle with its dependencies, split into chunks so that what a
 * run does not use (sweeps and charts, S3, the Slack app's modules) is never read. resvg stays
 * in node_modules and HiGHS's `.wasm` too: each is found beside its package's JavaScript (HiGHS's
 * JavaScript is bundled, see scripts/highs-esbuild-plugin.mjs). Entries and
 * chunks sit two folders deep, like the sources, so paths built from `import.meta.url`
 * (`../../data/sample/...`) resolve the same from `dist/` as from `src/`.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist');

/** Whether `npm run slack` arguments plan a week (a plan or a sweep command, or a submitted form). */
const plansInSlack = (argv) =>
  argv.some((arg) => /^\/retention\s+(plan|sweep)\b/.test(arg)) || argv.includes('--submit');

/** The predictions `argv` names (`--predictions X` or `--predictions=X`), if any. */
const namedPredictions = (argv) => {
  for (const [index, arg] of argv.entries()) {
    if (arg === '--predictions') return argv[index + 1];
    if (arg.startsWith('--predictions=')) return arg.slice('--predictions='.length);
  }
  return undefined;
};

/**
 * Command name -> its source, the bundle that runs it, and for which arguments the start-up
 * compiles HiGHS ahead (the bundle then exports `useCompiledHighs`) and starts the chart thread
 * (the bundle then exports `useChartWorker`), and the predictions it is given, which the start-up
 * runs with huge pages when large (scripts/huge-pages.mjs).
 */
export const COMMANDS = {
  plan: {
    source: 'src/cli/plan.ts',
    entry: 'cli/plan',
    run: 'runPlan',
    compilesHighs: () => true,
    namedWeek: namedPredictions,
    startsChartThread: (argv) => !argv.some((arg) => arg === '--compare' || arg.startsWith('--compare=')),
  },
  slack: {
    source: 'src/dev/slack-cli.ts',
    entry: 'dev/slack-cli',
    run: 'runSlackCli',
    compilesHighs: plansInSlack,
    namedWeek: () => undefined,
    startsChartThread: plansInSlack,
  },
};

/**
 * HiGHS's Wasm, where npm installs it: the start-up reads it from here without resolving the
 * package. Were it elsewhere, the read fails and the bundled loader finds the file itself.
 */
export const HIGHS_WASM = join(ROOT, 'node_modules', 'highs', 'build', 'highs.wasm');

/** The chart thread's script in dist/ (without `.js`). */
export const CHART_THREAD = 'analytics/chart-thread-main';

/** Worker-thread scripts the commands start (name in dist/ -> source), bundled beside them. */
const THREADS = { [CHART_THREAD]: 'src/analytics/chart-thread-main.ts' };

/** Written last by a build: its time is the build's. */
const STAMP = join(DIST, '.built');

const CHUNKS = join(DIST, 'chunks');

/** A chunk a command started before a rebuild may still load; it is removed only once this old. */
const OLD_CHUNK_MS = 60 * 60_000;

/** Files whose change makes the bundles stale, besides everything under `src/`. */
const INPUTS = [
  'package.json',
  'package-lock.json',
  'scripts/build-cli.mjs',
  'scripts/package-esbuild-plugins.mjs',
  'scripts/highs-esbuild-plugin.mjs',
];

/** The modification time (ms) of `path`, 0 when it is missing. */
function mtimeOf(path) {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
}

/**
 * Whether a file under `dir` (walked depth first) was modified after `time` (ms). Paths are
 * joined by hand: `path.join` normalizes each one, and at every start that cost more than the stats.
 */
export function changedSince(dir, time) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}${sep}${entry.name}`;
    if (entry.isDirectory() ? changedSince(path, time) : mtimeOf(path) > time) return true;
  }
  return false;
}

/**
 * True when `dist/` is missing or older than a source. A synchronous walk of its own: it costs a
 * fraction of the CPU of promised stats or of Node 20's recursive `readdirSync`.
 */
export function isStale() {
  const built = mtimeOf(STAMP);
  return (
    built === 0 || INPUTS.some((name) => mtimeOf(join(ROOT, name)) > built) || changedSince(join(ROOT, 'src'), built)
  );
}

/**
 * Bundles every command into `dist/`. Each file is written beside its place and renamed into
 * it, so a command started while another build runs never reads half a file.
 */
export async function buildCli() {
  const [{ build }, { default: packagePlugins }, { bundleHighs }] = await Promise.all([
    import('esbuild'),
    import('./package-esbuild-plugins.mjs'),
    import('./highs-esbuild-plugin.mjs'),
  ]);
  // One build per command and one for the threads: a chunk shared between commands would hold
  // what either needs (all of zod's namespace for one command's `import { z }`), and each start
  // would read it whole.
  const groups = [...Object.values(COMMANDS).map((command) => ({ [command.entry]: command.source })), THREADS];
  const results = await Promise.all(
    groups.map((entryPoints) =>
      build({
        absWorkingDir: ROOT,
        entryPoints,
        outdir: DIST,
        chunkNames: 'chunks/[name]-[hash]',
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        mainFields: ['module', 'main'],
        external: ['@resvg/resvg-wasm'],
        // V8 scans each module's whole text at every start; without indentation and line breaks
        // there is less of it. Names are kept, for stacks and profiles.
        minifyWhitespace: true,
        // CommonJS dependencies (Bolt, the AWS SDK) call require() on Node built-ins.
        banner: {
          js: "import { createRequire as __cliCreateRequire } from 'node:module'; const require = __cliCreateRequire(import.meta.url);",
        },
        plugins: [...packagePlugins, bundleHighs(CHUNKS)],
        write: false,
        logLevel: 'warning',
      }),
    ),
  );
  const outputFiles = results.flatMap((result) => result.outputFiles);
  const temp = `.${process.pid}.tmp`;
  for (const file of outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path + temp, file.contents);
    renameSync(file.path + temp, file.path);
  }
  const written = new Set(outputFiles.map((file) => file.path));
  for (const name of readdirSync(CHUNKS)) {
    const path = join(CHUNKS, name);
    if (!written.has(path) && Date.now() - statSync(path).mtimeMs > OLD_CHUNK_MS) rmSync(path, { force: true });
  }
  // Replaced, not written in place: a dist/ hard-linked from another checkout keeps its own stamp.
  writeFileSync(STAMP + temp, `${new Date().toISOString()}\n`);
  renameSync(STAMP + temp, STAMP);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await buildCli();
  } catch (error) {
    // `npm ci --omit=dev` runs `prepare` too, without esbuild; the commands are development tools.
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes("'esbuild'")) throw error;
    process.stderr.write(
      'build-cli: esbuild is not installed (--omit=dev?); npm run plan and npm run slack are not built\n',
    );
  }
}
