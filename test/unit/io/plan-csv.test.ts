import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CustomerIds } from '../../../src/domain/customer-ids.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import type { PlanOutcome } from '../../../src/domain/plan.ts';
import { DEFAULT_POLICY } from '../../../src/domain/policy.ts';
import { planCsvBytes, planCsvChunks } from '../../../src/io/plan-csv.ts';
import { writeAtomically } from '../../../src/io/write-atomically.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { loadSample } from '../../support/sample.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

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

  it('reuses its chunk buffers in turn with a ring, each chunk intact while the next is made', () => {
    // Act: chunks of 4,096 bytes (past Node's shared pool), each copied as it comes
    const copies: Buffer[] = [];
    const chunks: Uint8Array[] = [];
    const intact: boolean[] = [];
    for (const chunk of planCsvChunks(outcome, { ring: 2 }, 4096)) {
      copies.push(Buffer.from(chunk));
      chunks.push(chunk);
      const before = chunks.length - 2;
      if (before >= 0) intact.push(Buffer.from(chunks[before]).equals(copies[before]));
    }

    // Assess: two buffers in all, every chunk intact once the next came, and the copies are the whole CSV
    expect(chunks.length).toBeGreaterThan(3);
    expect(new Set(chunks.map((chunk) => chunk.buffer)).size).toBe(2);
    expect(intact.every(Boolean)).toBe(true);
    expect(Buffer.concat(copies).equals(planCsvBytes(outcome))).toBe(true);
  });

  it('is the same file written through writeAtomically with a ring of two', async () => {
    // Prepare
    const folder = await tempDirForTest('plan-csv-ring-');
    const path = join(folder, 'plan.csv');

    // Act
    await writeAtomically(path, planCsvChunks(outcome, { ring: 2 }, 1024));

    // Assess
    expect((await readFile(path)).equals(planCsvBytes(outcome))).toBe(true);
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

describe('the plan CSV of a plan of thousands of customers', () => {
  /** The sample's plan eight times over, customer `id` of copy c named `id~c`. */
  function tiled(copies: number): PlanOutcome {
    const { predictions, assignment } = outcome;
    const n = predictions.ids.length;
    const tile = <T extends Float64Array | Uint16Array | Int16Array | Uint8Array>(column: T): T => {
      const out = new (column.constructor as new (length: number) => T)(n * copies);
      for (let c = 0; c < copies; c++) out.set(column, c * n);
      return out;
    };
    const ids = Array.from({ length: copies }, (_, c) => [...predictions.ids].map((id) => `${id}~${c}`)).flat();
    return {
      ...outcome,
      predictions: {
        ...predictions,
        ids: CustomerIds.from(ids),
        p: tile(predictions.p),
        v: tile(predictions.v),
        segmentOf: tile(predictions.segmentOf),
        reductions: new Map([...predictions.reductions].map(([id, column]) => [id, tile(column)])),
      },
      assignment: { ...assignment!, choice: tile(assignment!.choice), holdout: tile(assignment!.holdout) },
    };
  }

  it.each([{}, { group: 'treatment' as const }])('holds every line of every copy, in order (%o)', (options) => {
    // Prepare
    const copies = 8;
    const big = tiled(copies);
    const [header, ...lines] = planCsvBytes(outcome, options).toString('utf8').split('\r\n');

    // Act
    const chunks = [...planCsvChunks(big, options, 4096)];

    // Assess
    const [bigHeader, ...bigLines] = Buffer.concat(chunks).toString('utf8').split('\r\n');
    expect(bigHeader).toBe(header);
    const rows = lines.slice(0, -1);
    expect(rows.length).toBeGreaterThan(50);
    const expected = Array.from({ length: copies }, (_, c) => rows.map((line) => line.replace(/^([^,]*)/, `$1~${c}`)));
    expect(bigLines.slice(0, -1)).toEqual(expected.flat());
  });
});
