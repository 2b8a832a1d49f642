import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  HUGE_PAGES_TUNABLE,
  hugePagesEnvironment,
  LARGE_WEEK_BYTES,
  relaunch,
  type HugePageProbes,
} from '../../../scripts/huge-pages.mjs';
import { REPO_ROOT } from '../../support/run-cli.ts';

/** A Linux machine with huge pages on request and a glibc that reads the tunable, whose files are `sizes`. */
function linux(sizes: Record<string, number | 'folder'>, overrides: HugePageProbes = {}): HugePageProbes {
  return {
    platform: 'linux',
    env: { PATH: '/usr/bin' },
    hugePageMode: () => 'madvise',
    sizeOf: (path) => sizes[path],
    tunable: () => true,
    ...overrides,
  };
}

describe('which commands run again with huge pages (scripts/huge-pages.mjs)', () => {
  it('relaunches a large file, a folder or an S3 prefix, with the tunable added to the environment', () => {
    // Prepare
    const probes = linux({ 'big.csv': LARGE_WEEK_BYTES, weeks: 'folder' });

    // Act
    const environments = ['big.csv', 'weeks', 's3://bucket/weekly'].map((source) =>
      hugePagesEnvironment(source, probes),
    );

    // Assess
    for (const env of environments) expect(env).toEqual({ PATH: '/usr/bin', GLIBC_TUNABLES: HUGE_PAGES_TUNABLE });
  });

  it('runs a small, missing or empty-named file in this process', () => {
    // Prepare
    const probes = linux({ 'small.csv': LARGE_WEEK_BYTES - 1, 'big.csv': 10 * LARGE_WEEK_BYTES });

    // Act
    const environments = ['small.csv', 'missing.csv', ''].map((source) => hugePagesEnvironment(source, probes));

    // Assess
    expect(environments).toEqual(environments.map(() => undefined));
  });

  it('leaves a large week alone where huge pages cannot be had or GLIBC_TUNABLES is already set', () => {
    // Prepare
    const sizes = { 'big.csv': 10 * LARGE_WEEK_BYTES };
    const machines: HugePageProbes[] = [
      linux(sizes, { platform: 'darwin' }),
      linux(sizes, { hugePageMode: () => 'never' }),
      linux(sizes, { hugePageMode: () => undefined }),
      linux(sizes, { tunable: () => false }),
      // the relaunched child, or a user who set (or emptied) the variable
      linux(sizes, { env: { GLIBC_TUNABLES: HUGE_PAGES_TUNABLE } }),
      linux(sizes, { env: { GLIBC_TUNABLES: '' } }),
    ];

    // Act
    const environments = machines.map((probes) => hugePagesEnvironment('big.csv', probes));

    // Assess
    expect(environments).toEqual(machines.map(() => undefined));
    expect(hugePagesEnvironment('big.csv', linux(sizes, { hugePageMode: () => 'always' }))).toBeDefined();
  });

  it('relaunches with the environment given and leaves with the child’s exit code, or 128 + the signal that stopped it', async () => {
    // Act
    const codes = await Promise.all([
      relaunch({ ...process.env, GLIBC_TUNABLES: 'x' }, [
        '-e',
        'process.exit(process.env.GLIBC_TUNABLES === "x" ? 7 : 5)',
      ]),
      relaunch(process.env, ['-e', 'process.kill(process.pid, "SIGTERM"); setTimeout(() => {}, 5000)']),
    ]);

    // Assess
    expect(codes).toEqual([7, 143]);
  });

  it('passes a SIGTERM on to the relaunched command instead of leaving it running (a fresh process)', async () => {
    // Prepare: a process that relaunches a command which says it is ready, then waits
    const parent = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { relaunch } from './scripts/huge-pages.mjs';
         process.exitCode = await relaunch(process.env, ['-e', 'console.log("ready"); setInterval(() => {}, 1000)']);`,
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await once(parent.stdout, 'data');

    // Act
    parent.kill('SIGTERM');
    const [code, signal] = await once(parent, 'exit');

    // Assess: the parent outlived the signal and left with the child's end
    expect({ code, signal }).toEqual({ code: 143, signal: null });
  });
});
