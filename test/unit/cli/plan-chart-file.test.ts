import { decode } from 'fast-png';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runPlan } from '../../../src/cli/plan.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

/** Runs `npm run plan` in-process and returns its exit code, stdout and stderr. */
async function plan(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runPlan(argv, { stdout, stderr });
  return { code, stdout: out, stderr: err };
}

describe('npm run plan writes the plan chart', () => {
  it('as plan.png beside plan.csv, named in the summary and in the JSON', async () => {
    // Prepare
    const out = await tempDirForTest('plan-chart-');

    // Act
    const text = await plan(['--out', out, '--no-marginal']);
    const json = await plan(['--out', join(out, 'json'), '--json', '--no-marginal']);

    // Assess
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Plan chart: ${join(out, 'plan.png')}`);
    expect(decode(readFileSync(join(out, 'plan.png'))).width).toBe(1200);
    expect(JSON.parse(json.stdout)).toMatchObject({ plan_chart: join(out, 'json', 'plan.png') });
  });

  it('writes no chart when the policy has no plan', async () => {
    // Prepare
    const out = await tempDirForTest('plan-chart-');

    // Act
    const result = await plan(['budget=1', 'min_high_risk=100%', '--out', out, '--no-marginal']);

    // Assess
    expect(result.code).toBe(3);
    expect(existsSync(join(out, 'plan.png'))).toBe(false);
  });
});
