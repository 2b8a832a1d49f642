import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PREDICTIONS } from '../../../src/cli/plan.ts';
import { DEFAULT_POLICY } from '../../../src/domain/policy.ts';
import { renderPlanCsv } from '../../../src/io/plan-csv.ts';
import { planAndRecord } from '../../../src/jobs/plan-run.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import type { ObjectStore } from '../../../src/storage/object-store.ts';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import { readRun } from '../../../src/storage/run-record.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

const KEY = 'predictions/2026-03-09/predictions.csv';

describe('planAndRecord (the worker) records the plan CSV', () => {
  it('as bytes, never one string (a 10M-customer plan passed V8\u2019s longest string): the CLI\u2019s CSV byte for byte, its size and SHA-256 in run.json', async () => {
    // Prepare: the sample as the week's predictions, and a store that notes what each object was written as
    const root = await tempDirForTest('plan-run-');
    const local = createLocalStore(root);
    const sample = readFileSync(SAMPLE_PREDICTIONS);
    await local.put(KEY, sample, 'text/csv');
    const bodies = new Map<string, string>();
    const store: ObjectStore = {
      ...local,
      putIfAbsent: (key, body, type) => {
        bodies.set(key, typeof body === 'string' ? 'string' : 'bytes');
        return local.putIfAbsent(key, body, type);
      },
    };

    // Act
    const asked: (boolean | undefined)[] = [];
    const recorded = await planAndRecord(
      {
        store,
        planWeek: (input) => {
          asked.push(input.manySolves);
          return planWeek(input);
        },
        analytics: {
          marginalValues: () => Promise.resolve({ values: [], seconds: 0 }),
          sweep: () => Promise.reject(new Error('no sweep here')),
          chartPng: () => Promise.reject(new Error('no chart here')),
          planChartPng: () => Promise.reject(new Error('no chart here')),
        },
        clock: () => new Date('2026-03-09T07:05:03Z'),
        timeLimitSeconds: 30,
        version: 'test',
        newPlanId: () => '20260309-070503-abc123',
      },
      {
        files: { prefix: 'predictions/2026-03-09/', files: [{ key: KEY, size: sample.byteLength }] },
        policy: { ...DEFAULT_POLICY },
        requestedBy: 'U_ASK',
      },
    );

    // Assess: planned once, told that its marginal values re-solve the week
    expect(asked).toEqual([true]);
    const stored = readFileSync(join(root, 'plans', recorded.planId, 'plan.csv'));
    expect(stored.toString('utf8')).toBe(renderPlanCsv(recorded.outcome));
    expect(Buffer.from(recorded.csv!).equals(stored)).toBe(true);
    expect(bodies.get(recorded.planCsvKey)).toBe('bytes');
    const run = await readRun(local, recorded.planId);
    expect(run.plan_csv).toEqual({
      key: recorded.planCsvKey,
      bytes: stored.byteLength,
      sha256: createHash('sha256').update(stored).digest('hex'),
    });
  });
});
