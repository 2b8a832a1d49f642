import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTreatmentRows } from '../../../src/approvals/treatment-rows.ts';
import { runPlan } from '../../../src/cli/plan.ts';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../../../src/domain/policy.ts';
import { renderPlanCsv } from '../../../src/io/plan-csv.ts';
import { renderPlanMessage } from '../../../src/slack/blocks/plan-blocks.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import { catalogHash, readRun, writeRun } from '../../../src/storage/run-record.ts';
import { generatePredictions, writePredictionsCsv } from '../../../bench/generate-instance.ts';
import { expectValidHorizon } from '../../support/assert-horizon.ts';
import { tempDirPerBlock } from '../../support/temp-dir.ts';

const dir = tempDirPerBlock('weeks-');
let predictionsPath: string;

beforeAll(async () => {
  predictionsPath = join(dir(), 'predictions.csv');
  // Seed 3: each week gets contacts and planning ahead adds value. (Seed 7's three-week solve is
  // a hard one for HiGHS: that belongs in the benchmark, not in a test of the CLI's output.)
  await writePredictionsCsv(generatePredictions(40, 3), predictionsPath);
});

async function plan(args: string[]): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await runPlan(['--predictions', predictionsPath, '--out', join(dir(), 'out'), ...args], {
    stdout,
    stderr,
  });
  return { code, out };
}

interface KpisJson {
  total_spend: number;
}
interface PlanJson {
  status: string;
  kpis: KpisJson;
  plan_csv: string;
  weeks: { week: number; kpis: KpisJson; constraints: { name: string; limit: number }[] }[];
  horizon: { value_of_planning_ahead: number; myopic_net_value: number; contacts: number; kpis: KpisJson };
}

const POLICY = ['budget=20', 'email_cap=20', 'push_cap=20', 'min_high_risk=0', 'min_premium=0.2'];

describe('npm run plan -- weeks=3', () => {
  it('answers JSON with every week and the value of planning ahead, and a plan CSV with a week column', async () => {
    // Act
    const { code, out } = await plan([...POLICY, 'weeks=3', '--json']);

    // Assess
    expect(code).toBe(0);
    const json = JSON.parse(out) as PlanJson;
    expect(json.status).toBe('optimal');
    expect(json.weeks.map((w) => w.week)).toEqual([1, 2, 3]);
    expect(json.weeks[0].kpis).toEqual(json.kpis);
    expect(json.weeks[1].constraints.find((c) => c.name === 'budget')?.limit).toBe(20);
    expect(json.horizon.value_of_planning_ahead).toBeGreaterThanOrEqual(0);
    expect(json.horizon.myopic_net_value).toEqual(expect.any(Number));
    expect(json.horizon.kpis.total_spend).toBeCloseTo(
      json.weeks.reduce((sum, w) => sum + w.kpis.total_spend, 0),
      6,
    );
    const csv = (await readFile(json.plan_csv, 'utf8')).trim().split('\r\n');
    expect(csv[0].endsWith(',group,week')).toBe(true);
    const rows = csv.slice(1).map((line) => line.split(','));
    expect(rows.length).toBe(json.horizon.contacts);
    expect(new Set(rows.map((row) => row.at(-1)))).toEqual(new Set(['1', '2', '3']));
    for (const row of rows) expect(row.at(-2)).toBe(row.at(-1) === '1' ? 'treatment' : 'planned');
  });

  it('prints week 1 in full, then a line per week and what planning ahead adds', async () => {
    // Act
    const { code, out } = await plan([...POLICY, 'weeks=3']);

    // Assess
    expect(code).toBe(0);
    expect(out).toContain('Over 3 weeks (week 1 above is sent; the rest is the intended continuation)');
    expect(out).toMatch(/\n {2}3 +\d+ +\$[\d,.]+ +\$[\d,.]+ {2}/);
    expect(out).toMatch(/Planning ahead adds \$[\d,.]+ \([\d.]+%\) over planning each week alone/);
  });

  it('refuses weeks=9 naming the key and what it accepts; nothing runs', async () => {
    // Act
    const { code, out } = await plan(['weeks=9', '--json']);

    // Assess
    expect(code).toBe(1);
    expect(JSON.parse(out).error).toEqual({
      code: 'BAD_POLICY',
      message: 'weeks must be a whole number of weeks 1..8; got "9"',
    });
  });
});

describe('a plan over several weeks downstream', () => {
  it('exports week 1 only, records every week, and shows the weeks in Slack with data escaped', async () => {
    // Prepare: a segment name that mrkdwn would read as markup, bound by its coverage floor
    const predictions = generatePredictions(30, 3);
    predictions.segments = predictions.segments.map((s) => (s === 'Free' ? 'Free <&> tier' : s));
    const policy = { ...DEFAULT_POLICY, budget: 15, min_high_risk: 0, min_premium: 0, weeks: 3, holdout: 0.2 };
    const outcome = await planWeek({
      predictions,
      catalog: [...DEFAULT_CATALOG],
      policy,
      planId: '20261116-083000-abc123',
    });
    expectValidHorizon(outcome);
    const store = createLocalStore(join(dir(), 'store'));
    const csv = renderPlanCsv(outcome);

    // Act
    const written = await writeRun(store, {
      planId: '20261116-083000-abc123',
      outcome,
      csv,
      input: { key: 'predictions/2026-11-16/p.csv', etag: 'e', sha256: 'a'.repeat(64) },
      catalogHash: catalogHash(DEFAULT_CATALOG),
      requestedBy: 'U1',
      requestedAt: new Date('2026-11-16T08:30:00Z'),
      version: '0.1.0',
    });
    const exported = await readTreatmentRows(store, written.planCsvKey!);
    const record = await readRun(store, '20261116-083000-abc123');
    const message = JSON.stringify(
      renderPlanMessage(outcome, {
        planId: '20261116-083000-abc123',
        planCsvKey: written.planCsvKey!,
        predictionsKey: 'predictions/2026-11-16/p.csv',
        origin: 'response_url',
      }).blocks,
    );

    // Assess
    const week1 = outcome.horizon!.weeks[0];
    expect(exported.rows).toBe(week1.kpis.customers_treated - week1.kpis.holdout_customers);
    expect(
      exported.csv
        .split('\r\n')
        .slice(1, -1)
        .every((line) => line.endsWith(',treatment,1')),
    ).toBe(true);
    expect(record.weeks?.map((w) => w.week)).toEqual([1, 2, 3]);
    expect(record.horizon).toMatchObject({ weeks: 3, value_of_planning_ahead: expect.any(Number) });
    expect(message).toContain('The next 2 weeks');
    expect(message).toContain('Planning ahead adds');
    expect(message).not.toContain('Free <&> tier');
    if (message.includes('Free')) expect(message).toContain('Free &lt;&amp;&gt; tier');
  });
});
