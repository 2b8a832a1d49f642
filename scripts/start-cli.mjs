/**
 * `npm run plan` and `npm run slack`: runs a command from its compiled JavaScript in `dist/`,
 * building it first when it is missing or older than `src/` (a fresh checkout built with
 * `npm ci --ignore-scripts`, or sources edited since). `node scripts/start-cli.mjs plan ARGS`.
 */
import { readFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { join } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { buildCli, CHART_THREAD, COMMANDS, DIST, HIGHS_WASM, isStale } from './build-cli.mjs';

/** With RETENTION_TRACE set, the end of each start-up stage is written to stderr, as src/cli/io.ts's traceLine does. */
const trace = process.env.RETENTION_TRACE
  ? (stage) => process.stderr.write(`trace ${globalThis.performance.now().toFixed(1)} ms ${stage}\n`)
  : () => undefined;
trace('start-up script loaded');
const [name, ...argv] = process.argv.slice(2);
const command = COMMANDS[name];
if (!command) {
  process.stderr.write(`usage: node scripts/start-cli.mjs ${Object.keys(COMMANDS).join('|')} [arguments]\n`);
  process.exit(2);
}
const help = argv.some((arg) => arg === '--help' || arg === '-h');
// A large week runs again in a child whose large blocks use huge pages (scripts/huge-pages.mjs,
// loaded only when predictions are named: the sample's start-up does without it).
const week = help ? undefined : command.namedWeek(argv);
if (week !== undefined) {
  const { hugePagesEnvironment, relaunch } = await import('./huge-pages.mjs');
  const hugePages = hugePagesEnvironment(week);
  if (hugePages) {
    trace('relaunching with huge pages');
    process.exit(await relaunch(hugePages));
  }
}
// WebAssembly (HiGHS, resvg) runs on V8's baseline compiler until a function has run for long:
// a command is one short process, where optimizing every warm function in the background costs
// more than it saves, but a solve that spends seconds in HiGHS (a large exact MIP) runs far slower
// unoptimized. A tiering budget far above V8's default makes only those functions tier up.
// Set before any module is compiled.
v8.setFlagsFromString('--wasm-tiering-budget=400000000');
// Each Wasm function is validated when first compiled, as it is compiled lazily anyway: most of
// HiGHS's are never called by a plan, and validating them all up front is work for nothing.
v8.setFlagsFromString('--wasm-lazy-validation');

/**
 * Starts compiling HiGHS's Wasm; rejects when it cannot be read. The file is read synchronously,
 * before anything else starts: a read in promised chunks cost more CPU and left the compile's own
 * work on this thread to interrupt the bundle's loading.
 */
function compileHighs() {
  try {
    return globalThis.WebAssembly.compile(readFileSync(HIGHS_WASM));
  } catch (error) {
    return Promise.reject(error);
  }
}
// A plan solves: HiGHS's Wasm compiles on other threads while the bundle loads, and is handed to
// it (its usage alone needs no solver).
const highsWasm = !help && command.compilesHighs(argv) ? compileHighs() : undefined;
highsWasm?.catch(() => undefined);

/**
 * The chart thread, started before the bundle loads: its own start-up (a Node environment, the
 * renderer's Wasm and font, a first picture) then runs beside the bundle's loading and the
 * solve, not after them. Its failures are the bundle's to report: a thread that has stopped
 * is not taken.
 */
function startChartWorker() {
  const worker = new Worker(join(DIST, `${CHART_THREAD}.js`));
  worker.on('error', () => undefined);
  worker.unref();
  return worker;
}
const chartWorker = !help && command.startsChartThread(argv) ? startChartWorker() : undefined;
// Node 22 and later keep V8's compiled code of the bundles between runs (Node 20 has no such cache).
nodeModule.enableCompileCache?.(join(DIST, '.cache'));
// The bundle loads while src/ is checked; a stale one is rebuilt and loaded afresh (a new URL, as
// Node keeps a module once loaded). Loading a stale or missing bundle fails harmlessly.
const entry = pathToFileURL(join(DIST, `${command.entry}.js`)).href;
const [loaded, stale] = await Promise.all([import(entry).catch((error) => ({ failed: error })), isStale()]);
let bundle = loaded;
if (stale) {
  // The thread runs the script from before the build.
  void chartWorker?.terminate();
  await buildCli();
  bundle = await import(`${entry}?built=${Date.now()}`);
} else if ('failed' in bundle) throw bundle.failed;
trace('bundle loaded');
bundle.useCompiledHighs?.(highsWasm);
bundle.useChartWorker?.(stale ? undefined : chartWorker);
process.exitCode = await bundle[command.run](argv);
