import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runPlan } from '../../../src/cli/plan.ts';
import { parquetBytes } from '../../fixtures/storage/predictions-parquet.ts';
import { loadSample } from '../../support/sample.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

/** Runs `npm run plan -- ... --json` in-process and returns the exit code and the JSON answer. */
async function planJson(args: string[]): Promise<{ code: number; answer: Record<string, unknown> }> {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const code = await runPlan([...args, '--json', '--no-marginal', '--no-progress'], {
    stdout,
    stderr: new PassThrough(),
  });
  return { code, answer: JSON.parse(text) as Record<string, unknown> };
}

describe('npm run plan -- --predictions week.parquet', () => {
  it('plans the sample written as Parquet exactly as the sample CSV', async () => {
    // Prepare
    const root = await tempDirForTest('plan-parquet-');
    const sample = await loadSample();
    const path = join(root, 'week.parquet');
    await writeFile(
      path,
      parquetBytes([
        { name: 'customer_id', data: [...sample.ids], type: 'STRING' },
        { name: 'churn_probability', data: Array.from(sample.p), type: 'DOUBLE' },
        { name: 'subscription_type', data: Array.from(sample.segmentOf, (s) => sample.segments[s]), type: 'STRING' },
        { name: 'clv', data: Array.from(sample.v), type: 'DOUBLE' },
      ]),
    );
    // Act
    const fromCsv = await planJson(['--out', join(root, 'csv')]);
    const fromParquet = await planJson(['--predictions', path, '--out', join(root, 'parquet')]);
    // Assess
    expect(fromParquet.code).toBe(0);
    expect(fromParquet.answer.status).toBe('optimal');
    expect(fromParquet.answer.kpis).toEqual(fromCsv.answer.kpis);
    expect(fromParquet.answer.action_mix).toEqual(fromCsv.answer.action_mix);
  });
});
