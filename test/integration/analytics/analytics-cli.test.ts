import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import type { Policy } from '../../../src/domain/policy.ts';
import { checkPlan } from '../../support/check-plan.ts';
import { runPlanCli } from '../../support/run-cli.ts';
import { loadSample } from '../../support/sample.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

const plan = runPlanCli;
const tempDir = () => tempDirForTest('analytics-cli-');

interface SweepLevel {
  value: number;
  status: string;
  kpis: { net_value: number; total_spend: number; roi_pct: number; customers_treated: number } | null;
}

describe('npm run plan -- --sweep', () => {
  it('prints a sweep array of {value, status, kpis} and writes the chart and table next to where the plan goes', async () => {
    // Prepare
    const out = await tempDir();

    // Act
    const result = await plan(['--sweep', 'budget=150..450:4', '--json', '--out', out]);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as {
      status: string;
      sweep: SweepLevel[];
      key: string;
      chart_png: string;
      sweep_csv: string;
      knee: unknown;
    };
    expect(doc.status).toBe('optimal');
    expect(doc.key).toBe('budget');
    expect(doc.sweep.map((l) => l.value)).toEqual([150, 250, 350, 450]);
    for (const level of doc.sweep) {
      expect(level.status).toBe('optimal');
      expect(level.kpis!.total_spend).toBeLessThanOrEqual(level.value + 0.005);
    }
    for (let j = 1; j < doc.sweep.length; j++)
      expect(doc.sweep[j].kpis!.net_value).toBeGreaterThanOrEqual(doc.sweep[j - 1].kpis!.net_value - 0.01);
    expect(doc.chart_png).toBe(join(out, 'sweep.png'));
    const png = decode(readFileSync(doc.chart_png));
    expect(png.width).toBeGreaterThanOrEqual(600);
    expect(png.height).toBeGreaterThanOrEqual(400);
    const csv = readFileSync(doc.sweep_csv, 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe(
      'value,status,customers_treated,total_spend,expected_retained_clv,net_value,roi_pct,expected_churn_reduction,marginal_net_value',
    );
    expect(csv).toHaveLength(5);
    expect(existsSync(join(out, 'plan.csv'))).toBe(false);
  });

  it('prints the table and the knee for people, with progress on stderr', async () => {
    const out = await tempDir();
    const result = await plan(['--sweep', 'email_cap=10..40:3', 'budget=400', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Sweep of email_cap \(3 levels, linear spacing/);
    expect(result.stdout).toMatch(/knee|No knee/i);
    expect(result.stdout).toContain(`Chart: ${join(out, 'sweep.png')}`);
    expect(result.stderr).toMatch(/level 3\/3: email_cap=40 optimal/);
  });

  it('refuses a bad sweep with exit 1 and says what is accepted, writing nothing', async () => {
    const out = await tempDir();
    const result = await plan(['--sweep', 'objective=1..2', '--json', '--out', out]);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout);
    expect(doc.status).toBe('error');
    expect(doc.error.code).toBe('BAD_POLICY');
    expect(doc.error.message).toMatch(/expected key=FROM\.\.TO/);
    expect(existsSync(join(out, 'sweep.png'))).toBe(false);
  });

  it('refuses --sweep together with --compare', async () => {
    const result = await plan(['--sweep', 'budget=1..2', '--compare', 'budget=1 | budget=2']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/give --sweep or --compare, not both/);
  });
});

describe('npm run plan -- --compare', () => {
  it('plans both scenarios and gives the compare object with differences', async () => {
    // Prepare
    const out = await tempDir();

    // Act
    const result = await plan(['--compare', 'budget=150 | budget=250 min_high_risk=70%', '--json', '--out', out]);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.status).toBe('optimal');
    const [a, b] = doc.scenarios;
    expect(a.policy.budget).toBe(150);
    expect(b.policy.min_high_risk).toBe(0.7);
    const net = doc.compare.kpis.find((d: { kpi: string }) => d.kpi === 'net_value');
    expect(net.difference).toBeCloseTo(b.kpis.net_value - a.kpis.net_value, 1);
    expect(doc.compare.a.label).toBe('A (budget=150)');
    expect(doc.compare.action_mix.length).toBeGreaterThan(0);
    expect(readFileSync(a.plan_csv, 'utf8').trim().split('\r\n')).toHaveLength(a.kpis.customers_treated + 1);
    expect(b.plan_csv).toBe(join(out, 'compare-b.csv'));
    const predictions = await loadSample();
    for (const scenario of [a, b] as { plan_csv: string; policy: Policy; kpis: { net_value: number } }[]) {
      const rows = readFileSync(scenario.plan_csv, 'utf8')
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(','));
      const assigned = new Map(rows.map((r) => [[...predictions.ids].indexOf(r[0]), Number(r[1])]));
      const checked = checkPlan(predictions, [...DEFAULT_CATALOG], scenario.policy, assigned);
      expect(checked.violations).toEqual([]);
      expect(checked.kpis.net).toBeCloseTo(scenario.kpis.net_value, 1);
    }
  });

  it('prints both scenarios and the differences, and exits 3 when one has no plan', async () => {
    const result = await plan(['--compare', 'budget=150 | budget=20 min_high_risk=90%', '--out', await tempDir()]);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/Scenario A \(budget=150\): optimal/);
    expect(result.stdout).toMatch(/Scenario B \(budget=20 min_high_risk=90%\): infeasible/);
    expect(result.stdout).toMatch(/Net value\s+\$1,971\.25\s+-\s+-/);
  });

  it('refuses a compare without two scenarios', async () => {
    const result = await plan(['--compare', 'budget=150', '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error.message).toMatch(/two scenarios separated by "\|"/);
  });
});

describe('npm run plan (marginal values and plan detail)', () => {
  it('adds marginal_values and the plan detail to the JSON result and one line per binding rule to the summary', async () => {
    // Act
    const json = await plan(['--json', '--out', await tempDir()]);
    const text = await plan(['--out', await tempDir()]);

    // Assess
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    const budget = doc.marginal_values.find((m: { constraint: string }) => m.constraint === 'budget');
    expect(budget).toMatchObject({ valid_from: 150, direction: 'raise', unit: 'dollar' });
    expect(budget.per_unit).toBeGreaterThan(0);
    expect(budget.valid_to).toBeGreaterThan(150);
    expect(doc.detail.top_assignments).toHaveLength(10);
    expect(doc.detail.risk_value.cells).toHaveLength(6);
    expect(text.stdout).toMatch(/\+\$1 of budget is worth \$\d+\.\d\d of net value, from \$150 to \$\d+/);
    expect(text.stdout).toMatch(/Top assignments by net value/);
    expect(text.stdout).toMatch(/Treated by risk and CLV/);
  });

  it('leaves marginal values out with --no-marginal', async () => {
    const result = await plan(['--json', '--no-marginal', '--out', await tempDir()]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).marginal_values).toBeUndefined();
  });
});
