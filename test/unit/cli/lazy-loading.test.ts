import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { collectingIo } from '../../support/run-cli.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

/** The heavy packages `npm run plan` must load only when a run uses them. */
type Watched = 'highs' | '@resvg/resvg-wasm' | '@aws-sdk/client-s3' | 'node:zlib';

let loaded: string[];
let out: string;

beforeEach(async () => {
  loaded = [];
  out = await tempDirForTest('lazy-loading-');
  vi.resetModules();
});

afterEach(() => {
  vi.doUnmock('highs');
  vi.doUnmock('@resvg/resvg-wasm');
  vi.doUnmock('@aws-sdk/client-s3');
  vi.doUnmock('node:zlib');
  vi.resetModules();
});

/** Records it when a run imports one of `packages` (the stand-in is never usable: a loaded one fails the test anyway). */
function watch(...packages: Watched[]): void {
  for (const name of packages) vi.doMock(name, () => (loaded.push(name), {}));
}

async function plan(args: string[]): Promise<number> {
  const { runPlan } = await import('../../../src/cli/plan.ts');
  return runPlan([...args, '--out', out], collectingIo());
}

describe('what npm run plan loads', () => {
  it('loads none of HiGHS, the chart renderer, its PNG encoder and the AWS SDK for --help or a refused argument', async () => {
    // Prepare: node:zlib is the PNG encoder's (and Zstandard Parquet pages'), loaded once a chart is drawn
    watch('highs', '@resvg/resvg-wasm', '@aws-sdk/client-s3', 'node:zlib');

    // Act
    const codes = [await plan(['--help']), await plan(['budgt=200'])];

    // Assess
    expect(codes).toEqual([0, 1]);
    expect(loaded).toEqual([]);
  });

  it('does not load the AWS SDK to plan a local file (the chart renderer it needs for plan.png)', async () => {
    // Prepare
    watch('@aws-sdk/client-s3');

    // Act
    const code = await plan([]);

    // Assess
    expect(code).toBe(0);
    expect(loaded).toEqual([]);
  });

  it('does not load the multi-week solver for a one-week plan', async () => {
    // Prepare
    let horizonLoaded = false;
    vi.doMock('../../../src/solver/plan-horizon.ts', () => ((horizonLoaded = true), {}));

    // Act
    const code = await plan([]);

    // Assess
    vi.doUnmock('../../../src/solver/plan-horizon.ts');
    expect(code).toBe(0);
    expect(horizonLoaded).toBe(false);
  });

  it('formats no number through Intl for a plan and its summary (its locale data loads on first use)', async () => {
    // Prepare
    const toLocaleString = vi.spyOn(Number.prototype, 'toLocaleString');

    // Act
    const code = await plan([]);

    // Assess
    expect(code).toBe(0);
    expect(toLocaleString).not.toHaveBeenCalled();
    toLocaleString.mockRestore();
  });
});
