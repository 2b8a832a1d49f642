import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import { runPlanCli } from '../../support/run-cli.ts';
import { loadSample } from '../../support/sample.ts';
import { tempDirPerBlock } from '../../support/temp-dir.ts';

describe('npm run plan with --history, --as-of and --plan-id', () => {
  const dir = tempDirPerBlock('cli-history-');
  let contacted: string[];
  beforeAll(async () => {
    // Prepare: a store where the first 100 sample customers got the email on 2026-03-01
    const predictions = await loadSample();
    contacted = [...predictions.ids].slice(0, 100);
    await createLocalStore(join(dir(), 'store')).put(
      'exports/2026-03-01/20260301-090000-aaaaaa.csv',
      `customer_id,action_id\n${contacted.map((id) => `${id},1`).join('\n')}\n`,
    );
  });

  it('leaves contacted customers out, reports the exclusions, and draws the holdout from the plan id', async () => {
    // Act
    const args = [
      'min_high_risk=0',
      'min_premium=0',
      'min_segment_coverage=0',
      'holdout=10%',
      '--history',
      join(dir(), 'store'),
      '--as-of',
      '2026-03-02',
      '--plan-id',
      '20260302-090000-bbbbbb',
      '--json',
      '--no-marginal',
    ];
    const first = await runPlanCli([...args, '--out', join(dir(), 'a')]);
    const second = await runPlanCli([...args, '--out', join(dir(), 'b')]);
    // Assess
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    const json = JSON.parse(first.stdout) as {
      plan_id: string;
      history_exclusions: { rule: string; customers: number }[];
      kpis: { holdout_customers: number; customers_treated: number };
    };
    expect(json.plan_id).toBe('20260302-090000-bbbbbb');
    expect(json.history_exclusions).toEqual([
      { rule: 'cooldown_weeks', label: 'Contacted within 2 weeks', customers: 100 },
    ]);
    expect(json.kpis.holdout_customers).toBe(Math.round(0.1 * json.kpis.customers_treated));
    const csv = await readFile(join(dir(), 'a', 'plan.csv'), 'utf8');
    for (const id of contacted) expect(csv).not.toContain(`\n${id},`);
    expect(await readFile(join(dir(), 'b', 'plan.csv'), 'utf8')).toBe(csv);
  });

  it('prints the holdout and exclusion lines in the summary, and refuses a bad --as-of or --plan-id', async () => {
    const summary = await runPlanCli([
      'holdout=10%',
      'min_high_risk=0',
      'min_premium=0',
      'min_segment_coverage=0',
      '--history',
      join(dir(), 'store'),
      '--as-of',
      '2026-03-02',
      '--out',
      join(dir(), 'c'),
      '--no-marginal',
    ]);
    expect(summary.code, summary.stderr).toBe(0);
    expect(summary.stdout).toContain('Contacted within 2 weeks');
    expect(summary.stdout).toMatch(
      /Holdout: \d+ held out as control, \d+ treated \(drawn for plan \d{8}-\d{6}-[0-9a-z]{6}\)/,
    );
    const badDate = await runPlanCli(['--as-of', '2026-02-30']);
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toContain('"2026-02-30" is not a calendar date');
    const badId = await runPlanCli(['--plan-id', 'x']);
    expect(badId.code).toBe(1);
    expect(badId.stderr).toContain('"x" is not a plan id');
  });
});
