import { decode } from 'fast-png';
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hugePagesEnvironment, LARGE_WEEK_BYTES } from '../../../scripts/huge-pages.mjs';
import { POLICY_KEYS } from '../../../src/domain/policy.ts';
import { PLAN_CSV_COLUMNS } from '../../../src/io/plan-csv.ts';
import { REPO_ROOT, runPlanCli, spawnCli } from '../../support/run-cli.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

const plan = runPlanCli;
const tempDir = () => tempDirForTest('plan-cli-');

function csvRows(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\r\n')
    .map((line) => line.split(','));
}

describe('npm run plan', () => {
  it('rebuilds dist/ after a source change, then plans the embedded sample and prints a summary (smoke test: a fresh process)', async () => {
    // Prepare: dist/ as if built before the last change to src/
    const out = await tempDir();
    const stamp = join(REPO_ROOT, 'dist', '.built');
    if (existsSync(stamp)) utimesSync(stamp, new Date(0), new Date(0));

    // Act
    const result = await spawnCli('plan', ['--out', out]);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(statSync(stamp).mtimeMs).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(result.stdout).toMatch(/Retention plan for 250 customers/);
    expect(result.stdout).toMatch(/Status: proven optimal/);
    expect(result.stdout).toMatch(/Binding rules/);
    expect(result.stdout).toMatch(/Action mix/);
    expect(result.stdout).toContain(`Plan CSV: ${join(out, 'plan.csv')}`);
    const rows = csvRows(join(out, 'plan.csv'));
    expect(rows[0]).toEqual([...PLAN_CSV_COLUMNS]);
    // The compiled CLI draws the chart on its chart thread.
    expect(result.stdout).toContain(`Plan chart: ${join(out, 'plan.png')}`);
    expect(decode(readFileSync(join(out, 'plan.png'))).width).toBe(1200);
  });

  it('prints the SPEC 4 JSON document whose KPIs match the CSV rows', async () => {
    // Prepare
    const out = await tempDir();

    // Act
    const result = await plan(['budget=200', 'min_high_risk=70%', '--json', '--out', out]);

    // Assess
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.status).toBe('optimal');
    expect(doc.plan_csv).toBe(join(out, 'plan.csv'));
    expect(doc.solver.gap).toBeLessThanOrEqual(1e-6);
    expect(doc.constraints.find((c: { name: string }) => c.name === 'budget')).toMatchObject({
      sense: '<=',
      limit: 200,
    });
    const rows = csvRows(doc.plan_csv).slice(1);
    const column = (name: string) => PLAN_CSV_COLUMNS.indexOf(name as (typeof PLAN_CSV_COLUMNS)[number]);
    expect(rows.length).toBe(doc.kpis.customers_treated);
    const spend = rows.reduce((sum, r) => sum + Number(r[column('cost')]), 0);
    const net = rows.reduce((sum, r) => sum + Number(r[column('net_value')]), 0);
    expect(spend).toBeCloseTo(doc.kpis.total_spend, 2);
    expect(net).toBeCloseTo(doc.kpis.net_value, 1);
    expect(doc.kpis.total_spend).toBeLessThanOrEqual(200);
  });

  it('exits 3 with the explanation for an infeasible policy, and writes no plan', async () => {
    const out = await tempDir();
    const result = await plan(['min_high_risk=90%', 'budget=20', '--json', '--no-marginal', '--out', out]);
    expect(result.code).toBe(3);
    const doc = JSON.parse(result.stdout);
    expect(doc.status).toBe('infeasible');
    expect(doc.infeasibility.least_budget).toBeGreaterThan(20);
    expect(doc.infeasibility.reasons[0]).toMatch(/the plan needs at least \$/);
    expect(existsSync(join(out, 'plan.csv'))).toBe(false);
  });

  it('exits 1 naming file, row and column for a bad predictions file, and writes no plan', async () => {
    // Prepare
    const dir = await tempDir();
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'customer_id,churn_probability,subscription_type\nA,0.4,Free\nB,1.7,Free\n');

    // Act
    const result = await plan(['--predictions', file, '--json', '--out', dir]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`${file}, row 3, column "churn_probability": churn probability 1.7 is outside`),
    );
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'error', error: { code: 'BAD_INPUT' } });
    expect(existsSync(join(dir, 'plan.csv'))).toBe(false);
  });

  it('prints the usage with every option and policy key for --help and -h, and exits 0 without planning', async () => {
    // Prepare
    const out = await tempDir();

    // Act
    const long = await plan(['--help', '--out', out]);
    const short = await plan(['-h']);

    // Assess
    expect(long.code).toBe(0);
    expect(long.stdout).toMatch(/^usage: npm run --silent plan -- \[key=value \.\.\.\] \[options\]/);
    for (const option of ['--predictions', '--actions', '--out', '--json', '--time-limit', '--method', '--sweep'])
      expect(long.stdout).toContain(option);
    for (const key of Object.keys(POLICY_KEYS)) expect(long.stdout).toContain(key);
    expect(long.stderr).toBe('');
    expect(existsSync(join(out, 'plan.csv'))).toBe(false);
    expect(short).toEqual(long);
  });

  it('with RETENTION_TRACE set, also writes on stderr when its start-up script and its bundle were loaded (a fresh process)', async () => {
    // Act: --help with a large week named prints the usage in this process, with no relaunch
    const result = await spawnCli('plan', ['--help', '--predictions', 's3://bucket/weekly'], {
      env: { RETENTION_TRACE: '1' },
    });

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^usage: npm run --silent plan/);
    expect(result.stderr).toMatch(/^trace \d+\.\d ms start-up script loaded\ntrace \d+\.\d ms bundle loaded\n$/);
  });

  it.runIf(hugePagesEnvironment('s3://a/b') !== undefined)(
    'plans a large week in a child with huge pages, whose errors and exit code are its own (a fresh process)',
    async () => {
      // Prepare: a file past the size that relaunches, whose second row lacks its values
      const dir = await tempDir();
      const file = join(dir, 'large.csv');
      const row = 'C100001,0.4739,Premium,489.20,24\n';
      const rows = row.repeat(Math.ceil(LARGE_WEEK_BYTES / row.length));
      writeFileSync(file, `customer_id,churn_probability,subscription_type,clv,tenure_months\nC1,0.5\n${rows}`);

      // Act
      const result = await spawnCli('plan', ['--predictions', file, '--out', dir], { env: { RETENTION_TRACE: '1' } });

      // Assess
      expect(result.code).toBe(1);
      expect(result.stderr.match(/relaunching with huge pages/g)).toHaveLength(1);
      expect(result.stderr).toMatch(/large\.csv, row 2: the row has 2 fields but the header has 5/);
      expect(existsSync(join(dir, 'plan.csv'))).toBe(false);
    },
  );

  it('exits 1 for an unknown option, with the usage', async () => {
    const result = await plan(['--budget', '200']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Unknown option '--budget'/);
    expect(result.stderr).toContain('usage: npm run --silent plan');
  });

  it('exits 1 for an unknown policy key, saying what is accepted', async () => {
    const result = await plan(['budgt=200']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unknown key "budgt" \(did you mean budget\?\)/);
  });

  it('uses a catalog from --actions and neutralises spreadsheet formulas in the CSV', async () => {
    // Prepare
    const dir = await tempDir();
    writeFileSync(
      join(dir, 'actions.json'),
      JSON.stringify([{ id: 9, name: '=cmd|calc', channel: 'sms', cost: 1, uplift: 0.2 }]),
    );
    writeFileSync(
      join(dir, 'week.csv'),
      'customer_id,p,subscription_type,clv\n"=HYPERLINK(""http://x"")",0.9,@Free,300\n+B,0.8,Premium,300\n',
    );

    // Act
    const result = await plan([
      '--predictions',
      join(dir, 'week.csv'),
      '--actions',
      join(dir, 'actions.json'),
      '--out',
      dir,
      '--json',
      '--no-marginal',
      'max_action_share=1',
    ]);

    // Assess
    expect(result.code).toBe(0);
    const csv = readFileSync(join(dir, 'plan.csv'), 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")",9,'=cmd|calc,sms`);
    expect(csv).toContain(`'+B,9`);
    expect(csv).toContain(`'@Free`);
    expect(csv).not.toMatch(/(^|,)[=+@]/m);
  });
});
