import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PlannerError } from '../../../src/domain/errors.ts';
import { loadOutcomes, readOutcomes } from '../../../src/learning/outcomes.ts';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

const read = (text: string | Buffer, maxBytes?: number) =>
  readOutcomes(Readable.from([typeof text === 'string' ? Buffer.from(text) : text]), {
    file: 'outcomes/2026-02-01/a.csv',
    maxBytes,
  });

async function failure(text: string | Buffer, maxBytes?: number): Promise<PlannerError> {
  try {
    await read(text, maxBytes);
  } catch (error) {
    if (error instanceof PlannerError) return error;
    throw error;
  }
  throw new Error('expected a PlannerError');
}

describe('readOutcomes', () => {
  it('reads churned as 1/0/true/false/yes/no and observed_at as a date or an ISO date-time (UTC day)', async () => {
    // Prepare
    const csv =
      '\uFEFFCustomer_ID,churned,observed_at,extra\nc1,1,2026-02-01,x\nc2,FALSE,2026-02-01T23:30:00-02:00,\n"c,3",yes,2026-02-02,\nc4, no ,2026-02-03,\n';
    // Act
    const rows = await read(csv);
    // Assess
    expect(rows).toEqual([
      { customer_id: 'c1', churned: true, observed_at: '2026-02-01' },
      { customer_id: 'c2', churned: false, observed_at: '2026-02-02' },
      { customer_id: 'c,3', churned: true, observed_at: '2026-02-02' },
      { customer_id: 'c4', churned: false, observed_at: '2026-02-03' },
    ]);
  });

  it.each([
    ['customer_id,churned\nc1,1\n', 'row 1, column "observed_at": required column "observed_at" is missing'],
    [
      'customer_id,churned,observed_at\nc1,maybe,2026-02-01\n',
      'row 2, column "churned": churned must be 1, 0, true, false, yes or no',
    ],
    [
      'customer_id,churned,observed_at\nc1,1,2026-02-01\nc2,0,2026-02-30\n',
      'row 3, column "observed_at": observed_at must be a date YYYY-MM-DD or an ISO date-time; got "2026-02-30"',
    ],
    ['customer_id,churned,observed_at\n,1,2026-02-01\n', 'row 2, column "customer_id": customer_id is empty'],
    ['customer_id,churned,observed_at\nc1,1\n', 'not valid CSV'],
    ['', 'the file is empty'],
  ])('refuses bad input naming the file, row and column: %j', async (csv, message) => {
    const error = await failure(csv);
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toContain('outcomes/2026-02-01/a.csv');
    expect(error.message).toContain(message);
  });

  it('refuses bytes that are not UTF-8 and files over the size limit', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('customer_id,churned,observed_at\nc'),
      Buffer.from([0xe9]),
      Buffer.from(',1,2026-02-01\n'),
    ]);
    expect((await failure(latin1)).message).toContain('not UTF-8');
    const big = `customer_id,churned,observed_at\n${'c1,1,2026-02-01\n'.repeat(100)}`;
    expect((await failure(big, 200)).code).toBe('TOO_LARGE');
  });
});

describe('loadOutcomes', () => {
  it('reads every dated partition in range through the store port and skips other keys', async () => {
    // Prepare
    const dir = await tempDirForTest('outcomes-');
    const store = createLocalStore(dir);
    await store.put('outcomes/2026-01-15/a.csv', 'customer_id,churned,observed_at\nold,1,2026-01-15\n');
    await store.put('outcomes/2026-02-01/a.csv', 'customer_id,churned,observed_at\nc1,1,2026-02-01\n');
    await store.put('outcomes/2026-02-01/b.csv', 'customer_id,churned,observed_at\nc2,0,2026-02-01\n');
    await store.put('outcomes/not-a-date/c.csv', 'garbage');
    await store.put('outcomes/2026-02-01/readme.txt', 'garbage');
    // Act
    const loaded = await loadOutcomes(store, { from: '2026-02-01' });
    // Assess
    expect(loaded.files).toEqual(['outcomes/2026-02-01/a.csv', 'outcomes/2026-02-01/b.csv']);
    expect(loaded.outcomes.map((o) => o.customer_id)).toEqual(['c1', 'c2']);
  });

  it('names the stored file when a row is bad', async () => {
    const dir = await tempDirForTest('outcomes-');
    const store = createLocalStore(dir);
    await store.put('outcomes/2026-02-01/a.csv', 'customer_id,churned,observed_at\nc1,2,2026-02-01\n');
    await expect(loadOutcomes(store)).rejects.toThrow(/a\.csv, row 2, column "churned"/);
  });
});
