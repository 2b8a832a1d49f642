import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import type { ObjectStore } from '../../../src/storage/object-store.ts';
import {
  catalogHash,
  linkToPlanCsv,
  listRuns,
  readRun,
  writeRun,
  type WriteRunInput,
} from '../../../src/storage/run-record.ts';
import { writeExport } from '../../../src/approvals/write-export.ts';
import { sampleOutcome } from '../../fixtures/storage/outcome.ts';
import { tempDirPerTest } from '../../support/temp-dir.ts';

const SHA = 'a'.repeat(64);

function runInput(planId: string, overrides: Partial<WriteRunInput> = {}): WriteRunInput {
  return {
    planId,
    outcome: sampleOutcome(),
    csv: 'customer_id,action_id\nC1,2\nC2,1\n',
    input: {
      key: 'team-a/predictions/2026-03-09/week.csv',
      etag: 'e-1',
      sha256: SHA,
      location: 's3://b/team-a/predictions/2026-03-09/week.csv',
    },
    catalogHash: catalogHash(DEFAULT_CATALOG),
    requestedBy: 'U123',
    requestedAt: new Date('2026-03-09T07:05:03Z'),
    version: '0.1.0',
    ...overrides,
  };
}

/** Wraps a store to record the order in which keys are written. */
function recording(store: ObjectStore): { store: ObjectStore; writes: string[] } {
  const writes: string[] = [];
  return {
    writes,
    store: {
      ...store,
      put: (key, body, type) => (writes.push(key), store.put(key, body, type)),
      putIfAbsent: (key, body, type) => (writes.push(key), store.putIfAbsent(key, body, type)),
    },
  };
}

describe('run records', () => {
  const root = tempDirPerTest('run-record-');

  it('writes plan.csv then run.json, and reads back what was written', async () => {
    // Prepare
    const { store, writes } = recording(createLocalStore(root()));
    const planId = '20260309-070503-abc123';
    // Act
    const { record } = await writeRun(store, runInput(planId));
    const read = await readRun(store, planId);
    // Assess
    expect(writes).toEqual([`plans/${planId}/plan.csv`, `plans/${planId}/run.json`]);
    expect(read).toEqual(record);
    expect(read).toMatchObject({
      plan_id: planId,
      status: 'optimal',
      product_version: '0.1.0',
      requested_by: 'U123',
      requested_at: '2026-03-09T07:05:03.000Z',
      input: {
        key: 'team-a/predictions/2026-03-09/week.csv',
        etag: 'e-1',
        sha256: SHA,
        customers: 3,
        clv_estimated: false,
      },
      catalog_hash: catalogHash(DEFAULT_CATALOG),
      policy: { budget: 200, email_cap: 120 },
      warnings: ['a warning for the audit trail'],
      plan_csv: { key: `plans/${planId}/plan.csv`, bytes: 32 },
    });
    expect(read.kpis.net_value).toBeCloseTo(7.76, 9);
    expect(read.solver).toMatchObject({ method: 'mip', gap: 0 });
  });

  it('records an infeasible run without a plan file, with non-finite figures as null', async () => {
    // Prepare
    const store = createLocalStore(root());
    const outcome = sampleOutcome({
      status: 'infeasible',
      assignment: undefined,
      solver: {
        objective: Number.NaN,
        bound: Number.POSITIVE_INFINITY,
        gap: Number.POSITIVE_INFINITY,
        seconds: 0.2,
        method: 'mip',
      },
      infeasibility: { conflicting_rules: ['budget', 'min_high_risk'], reasons: ['needs $412'], least_budget: 412 },
    });
    // Act
    await writeRun(store, runInput('20260309-070503-inf001', { outcome, csv: undefined }));
    const read = await readRun(store, '20260309-070503-inf001');
    // Assess
    expect(await readdir(join(root(), 'plans', '20260309-070503-inf001'))).toEqual(['run.json']);
    expect(read.plan_csv).toBeNull();
    expect(read.solver).toMatchObject({ objective: null, bound: null, gap: null });
    expect(read.infeasibility).toMatchObject({ least_budget: 412 });
  });

  it('refuses to write the same plan id twice', async () => {
    // Prepare
    const store = createLocalStore(root());
    await writeRun(store, runInput('20260309-070503-abc123'));
    // Act
    const again = writeRun(store, runInput('20260309-070503-abc123'));
    // Assess
    await expect(again).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('treats a plan folder without run.json as no plan, and a damaged run.json as a STORAGE error', async () => {
    // Prepare
    const store = createLocalStore(root());
    await store.put('plans/20260309-070503-half00/plan.csv', 'customer_id\n');
    await store.put('plans/20260309-070503-bad000/run.json', '{"schema_version":1}');
    // Act
    const missing = readRun(store, '20260309-070503-half00');
    const damaged = readRun(store, '20260309-070503-bad000');
    // Assess
    await expect(missing).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(damaged).rejects.toMatchObject({
      code: 'STORAGE',
      message: expect.stringContaining('not a valid run record'),
    });
  });

  it('lists committed runs newest first, up to the limit, skipping damaged ones', async () => {
    // Prepare
    const store = createLocalStore(root());
    const ids = [
      '20260302-090000-aaaaaa',
      '20260309-070503-bbbbbb',
      '20260301-100000-cccccc',
      '20260309-080000-dddddd',
    ];
    for (const id of ids) await writeRun(store, runInput(id));
    await store.put('plans/20260310-000000-broken/run.json', 'not json');
    await store.put('plans/20260311-000000-nojson/plan.csv', 'customer_id\n');
    const skipped: string[] = [];
    // Act
    const runs = await listRuns(store, 3, { onSkip: (id) => skipped.push(id) });
    // Assess
    expect(runs.map((run) => run.plan_id)).toEqual([
      '20260309-080000-dddddd',
      '20260309-070503-bbbbbb',
      '20260302-090000-aaaaaa',
    ]);
    expect(skipped).toEqual(['20260310-000000-broken']);
  });

  it('links to a plan CSV and writes an export under its date', async () => {
    // Prepare
    const store = createLocalStore(root());
    await writeRun(store, runInput('20260309-070503-abc123'));
    // Act
    const link = await linkToPlanCsv(store, '20260309-070503-abc123');
    const first = await writeExport(store, {
      date: new Date('2026-03-10T23:30:00Z'),
      planId: '20260309-070503-abc123',
      csv: 'customer_id\nC1\n',
    });
    const second = await writeExport(store, { date: '2026-03-10', planId: '20260309-070503-abc123', csv: 'other' });
    // Assess
    expect(link).toBe(`file://${join(root(), 'plans', '20260309-070503-abc123', 'plan.csv')}`);
    expect(first).toEqual({ key: 'exports/2026-03-10/20260309-070503-abc123.csv', created: true });
    expect(second.created).toBe(false);
    await expect(
      writeExport(store, { date: '2026-02-30', planId: '20260309-070503-abc123', csv: '' }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('refuses a plan id that is not one', async () => {
    // Prepare
    const store = createLocalStore(root());
    await writeFile(join(root(), 'x'), 'x');
    // Act
    const attempt = readRun(store, '../x');
    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
