import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { generateManySegments, writePredictionsCsv } from '../../../bench/generate-instance.ts';
import { runPlan } from '../../../src/cli/plan.ts';
import { tempDirPerBlock } from '../../support/temp-dir.ts';

/** `npm run plan` in this process: the exit code and everything written to stdout and stderr. */
async function plan(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const streams = { stdout: new PassThrough(), stderr: new PassThrough() };
  const text = { stdout: '', stderr: '' };
  streams.stdout.on('data', (chunk: Buffer) => (text.stdout += chunk.toString()));
  streams.stderr.on('data', (chunk: Buffer) => (text.stderr += chunk.toString()));
  const code = await runPlan(argv, streams);
  return { code, ...text };
}

const dir = tempDirPerBlock('plan-run-');

describe('npm run plan with many segments (issue 21)', () => {
  it('refuses 600 customers in 300 segments at once, asking whether subscription_type is the right column', async () => {
    // Prepare
    const file = join(dir(), 'cities.csv');
    await writePredictionsCsv(generateManySegments(600, 300), file);

    // Act
    const result = await plan(['--predictions', file, '--out', join(dir(), 'out-300'), '--time-limit', '10']);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}, column "subscription_type": 300 different segments`);
    expect(result.stderr).toContain('Is subscription_type the right column?');
    expect(existsSync(join(dir(), 'out-300'))).toBe(false);
  });

  it('keeps the summary of a 90-segment week to a screen or two: each long list ends in "…and N more" (it was one line per segment, twice)', async () => {
    // Prepare
    const file = join(dir(), 'regions.csv');
    await writePredictionsCsv(generateManySegments(270, 90), file);

    // Act
    const result = await plan([
      ...['budget=2000', 'email_cap=1000', 'push_cap=1000'],
      ...['--predictions', file, '--out', join(dir(), 'out-90'), '--no-marginal', '--no-progress'],
    ]);

    // Assess
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.length).toBeLessThan(100);
    expect(result.stdout).toMatch(/…and 78 more segments \(all in --json\)/);
    expect(result.stdout).toMatch(/Binding rules\n(.*\n){12} {2}…and \d+ more rules \(all in --json\)/);
    const tableLines = lines.filter((line) => !line.startsWith('Warning: '));
    expect(Math.max(...tableLines.map((line) => line.length))).toBeLessThan(200);
  });
});

describe('npm run plan --out (issue 21: an existing file failed only after the whole solve)', () => {
  it('refuses a file named as the output folder before reading the predictions', async () => {
    // Prepare: a file where the folder should be, and predictions that do not exist
    const file = join(dir(), 'taken.txt');
    await writeFile(file, 'not a folder');

    // Act
    const result = await plan(['--out', file, '--predictions', join(dir(), 'missing.csv'), '--json']);

    // Assess
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      status: 'error',
      error: {
        code: 'BAD_INPUT',
        message: `--out ${file}: that is a file; give a folder (plan.csv is written inside it). Nothing was planned`,
      },
    });
  });

  it('refuses an output folder below a file', async () => {
    const file = join(dir(), 'also-taken.txt');
    await writeFile(file, 'not a folder');

    const result = await plan(['--out', join(file, 'plans'), '--no-marginal']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file} is a file, so the folder cannot be made there`);
  });
});
