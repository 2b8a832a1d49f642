import { CustomerIds } from '../../../src/domain/customer-ids.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import type { PlanOutcome } from '../../../src/domain/plan.ts';
import { DEFAULT_POLICY } from '../../../src/domain/policy.ts';
import { planCsvBytes, planCsvChunks } from '../../../src/io/plan-csv.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { loadSample } from '../../support/sample.ts';

let outcome: PlanOutcome;

beforeAll(async () => {
  outcome = await planWeek({ predictions: await loadSample(), catalog: [...DEFAULT_CATALOG], policy: DEFAULT_POLICY });
});

describe('the plan CSV in chunks (a plan of any size is never one string)', () => {
  it('comes in chunks no longer than asked for, which together are the whole CSV', () => {
    // Act
    const chunks = [...planCsvChunks(outcome, {}, 1024)];

    // Assess
    const whole = planCsvBytes(outcome);
    expect(chunks.length).toBeGreaterThanOrEqual(Math.floor(whole.byteLength / 1024));
    for (const chunk of chunks) expect(chunk.byteLength).toBeLessThanOrEqual(1024);
    expect(Buffer.concat(chunks).equals(whole)).toBe(true);
    expect(whole.toString('utf8').split('\r\n')).toHaveLength(outcome.kpis.customers_treated + 2);
  });

  it('writes a row longer than a chunk whole', () => {
    // Prepare: one assigned customer's id of 5,000 characters, some of them not ASCII
    const i = outcome.assignment!.choice.findIndex((k) => k >= 0);
    const ids = [...outcome.predictions.ids];
    ids[i] = `Kundin-${'é,'.repeat(2_500)}`;
    const long = { ...outcome, predictions: { ...outcome.predictions, ids: CustomerIds.from(ids) } };

    // Act
    const chunks = [...planCsvChunks(long, {}, 1024)];

    // Assess
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text).toContain(`\r\n"Kundin-${'é,'.repeat(2_500)}",`);
    expect(text).toBe(planCsvBytes(long).toString('utf8'));
  });

  it('writes an id of the longest cell (a formula guard and every byte a doubled quote) whole', () => {
    // Prepare: the id's cell is twice its bytes plus an apostrophe and two quotes, the most a cell takes
    const i = outcome.assignment!.choice.findIndex((k) => k >= 0);
    const ids = [...outcome.predictions.ids];
    ids[i] = `=${'"'.repeat(1_500)}`;
    const quoted = { ...outcome, predictions: { ...outcome.predictions, ids: CustomerIds.from(ids) } };

    // Act
    const chunks = [...planCsvChunks(quoted, {}, 1024)];

    // Assess
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text).toContain(`\r\n"'=${'""'.repeat(1_500)}",`);
    expect(text).toBe(planCsvBytes(quoted).toString('utf8'));
  });
});
