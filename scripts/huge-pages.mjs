/**
 * A large week runs in a process whose large blocks of memory are backed by transparent huge
 * pages. Planning a million customers fills hundreds of MB of fresh typed arrays (columns, the
 * value of every customer-action pair, the dual's buffers), and where each 4 KB page's first
 * touch is dear (virtual machines), that is a large share of the run. glibc (2.35 and later)
 * asks the kernel for huge pages for its large blocks when GLIBC_TUNABLES says so (and keeps
 * freed blocks for reuse, see {@link HUGE_PAGES_TUNABLE}), and reads that variable only when a
 * process starts: so `scripts/start-cli.mjs` starts the command again,
 * in a child with it set. A small week (the sample) is not worth a second start.
 */
import { readFileSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import process from 'node:process';

/**
 * The glibc settings: malloc's large blocks are advised to use huge pages; blocks up to 32 MiB
 * (glibc's most) come from its heap instead of a mapping of their own each, and freed memory is
 * kept instead of handed back. The solve's many short-lived arrays of one number per customer
 * then reuse pages already touched, where each fresh mapping would be touched anew.
 */
export const HUGE_PAGES_TUNABLE = [
  'glibc.malloc.hugetlb=1',
  'glibc.malloc.mmap_threshold=33554432',
  'glibc.malloc.trim_threshold=4294967295',
].join(':');

/** Predictions files from this size on are planned with huge pages (about 300k customers as CSV). */
export const LARGE_WEEK_BYTES = 8 * 2 ** 20;

const GLIBC_WITH_TUNABLE = [2, 35];

/**
 * True when the predictions `source` (a command's `--predictions`) make a large week: an S3
 * prefix or a local folder (a pipeline's dated weeks), or a file of at least {@link LARGE_WEEK_BYTES}.
 */
export function namesLargeWeek(source, sizeOf) {
  if (source === '') return false;
  if (source.startsWith('s3://')) return true;
  const size = sizeOf(source);
  return size === 'folder' || (typeof size === 'number' && size >= LARGE_WEEK_BYTES);
}

/** A path's size in bytes, 'folder' for a directory, undefined when it cannot be read. */
function localSize(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return undefined;
  return stat.isDirectory() ? 'folder' : stat.size;
}

/** The kernel's transparent huge page mode (`always`, `madvise` or `never`), undefined when unknown. */
function transparentHugePages() {
  try {
    return /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/** Whether the C library is a glibc that knows the tunable (false for musl, or an older glibc). */
function glibcHasTunable() {
  const version = process.report?.getReport().header.glibcVersionRuntime;
  if (typeof version !== 'string') return false;
  const [major, minor] = version.split('.').map(Number);
  return major > GLIBC_WITH_TUNABLE[0] || (major === GLIBC_WITH_TUNABLE[0] && minor >= GLIBC_WITH_TUNABLE[1]);
}

/**
 * The environment to run a command on the predictions `source` again in, with huge pages, or
 * undefined to run it here: on Linux with transparent huge pages available, a glibc that reads
 * the tunable, a large week, and GLIBC_TUNABLES not already set (by the user, who then decides;
 * or by this relaunch). The probes are injectable for tests.
 */
export function hugePagesEnvironment(source, probes = {}) {
  const {
    platform = process.platform,
    env = process.env,
    hugePageMode = transparentHugePages,
    sizeOf = localSize,
    tunable = glibcHasTunable,
  } = probes;
  if (platform !== 'linux' || env.GLIBC_TUNABLES !== undefined) return undefined;
  if (!namesLargeWeek(source, sizeOf)) return undefined;
  const mode = hugePageMode();
  if (mode !== 'always' && mode !== 'madvise') return undefined;
  if (!tunable()) return undefined;
  return { ...env, GLIBC_TUNABLES: HUGE_PAGES_TUNABLE };
}

/** Signals passed on to the relaunched command, so that stopping this process stops it. */
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs `node ...args` (by default this script again, with its arguments) with `env`, its output
 * and input shared, and resolves to the exit code to leave with: the child's own, or for a
 * child stopped by a signal 128 + its number, as a shell says.
 */
export async function relaunch(env, args = [...process.execArgv, ...process.argv.slice(1)]) {
  // Loaded here: a command that runs in this process never needs them.
  const [{ spawn }, { once }] = await Promise.all([import('node:child_process'), import('node:events')]);
  const child = spawn(process.execPath, args, { stdio: 'inherit', env });
  const forward = (signal) => child.kill(signal);
  for (const signal of FORWARDED) process.on(signal, forward);
  try {
    const [code, signal] = await once(child, 'exit');
    return signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1);
  } finally {
    for (const signal of FORWARDED) process.off(signal, forward);
  }
}
