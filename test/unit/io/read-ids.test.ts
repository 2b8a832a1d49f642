import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readParquetPredictions, readPredictions } from '../../../src/io/read-predictions.ts';
import { findDuplicate } from '../../../src/io/predictions/find-duplicate.ts';
import { hashBytes } from '../../../src/io/predictions/hash.ts';
import { parquetBytes } from '../../fixtures/storage/predictions-parquet.ts';
import { refusalOf } from '../../support/refusal.ts';

/** Two ids whose 32-bit FNV-1a hashes are equal (found among the bench week's ids). */
const COLLIDING = ['CUST-000329599', 'CUST-000532382'];

const csvOf = (ids: readonly string[]): string =>
  `customer_id,churn_probability,subscription_type\n${ids.map((id) => `${id},0.5,Free`).join('\n')}\n`;

const read = (text: string, chunk = 1 << 16) => {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunk) chunks.push(bytes.subarray(at, at + chunk));
  return readPredictions(Readable.from(chunks), { source: 'week.csv' });
};

/** The first id whose earlier twin exists, by position: what the reader must refuse. */
function naiveRepeat(ids: readonly string[]): [number, number] | undefined {
  for (let later = 0; later < ids.length; later++) {
    const first = ids.indexOf(ids[later]);
    if (first < later) return [first, later];
  }
  return undefined;
}

describe('reading customer ids as bytes', () => {
  it('keeps apart two ids whose hashes collide', async () => {
    // Prepare
    const [a, b] = COLLIDING.map((id) => Buffer.from(id));
    expect(hashBytes(a, 0, a.length)).toBe(hashBytes(b, 0, b.length));
    // Act
    const predictions = await read(csvOf(COLLIDING));
    // Assess
    expect([...predictions.ids]).toEqual(COLLIDING);
  });

  it('refuses a repeat among ids whose hashes collide, naming both rows', async () => {
    const error = await refusalOf(read(csvOf([COLLIDING[0], COLLIDING[1], COLLIDING[1]])));
    expect(error.message).toMatch(/row 4, column "customer_id": customer_id "CUST-000532382" already appears in row 3/);
  });

  it('finds the first repeat by its second row even when every hash is the same (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), { maxLength: 12 }), (ids) => {
        const same = (x: number, y: number) => ids[x] === ids[y];
        expect(findDuplicate(new Uint32Array(ids.length), ids.length, same)).toEqual(naiveRepeat(ids));
        const spread = Uint32Array.from(ids, (id) => id.charCodeAt(0) * 0x9e3779b1);
        expect(findDuplicate(spread, ids.length, same)).toEqual(naiveRepeat(ids));
      }),
      { numRuns: 300 },
    );
  });

  it('finds the same first repeat when the buckets are scattered a group at a time (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 300, maxLength: 2000 }),
        fc.constantFrom(1, 64, 500),
        (keys, maxGroupIds) => {
          const ids = keys.map(String);
          const same = (x: number, y: number) => ids[x] === ids[y];
          const hashes = Uint32Array.from(ids, (id) => hashBytes(Buffer.from(id), 0, id.length));
          expect(findDuplicate(hashes, ids.length, same, maxGroupIds)).toEqual(naiveRepeat(ids));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('finds the one repeat among ids otherwise distinct, in buckets of unequal sizes checked one table apart (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 1 << 20 }), { minLength: 600, maxLength: 3000 }),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (keys, first, second, planted) => {
          const ids = keys.map(String);
          if (planted) ids.splice(1 + (second % ids.length), 0, ids[first % ids.length]);
          const same = (x: number, y: number) => ids[x] === ids[y];
          // The top bits (the bucket) skewed: some buckets far larger than the next ones.
          const hashes = Uint32Array.from(ids, (id) => ((Number(id) % 5) * 0x20000000 + Number(id)) >>> 0);
          expect(findDuplicate(hashes, ids.length, same)).toEqual(naiveRepeat(ids));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads non-ASCII ids, quoted or not, cut across chunks, and gives each back whole', async () => {
    // Prepare
    const text = `customer_id,churn_probability,subscription_type\nZoë,0.1,Free\n"顧客,7",0.2,Free\n"Ünï ""q""",0.3,Free\n 😀 ,0.4,Free\n`;
    // Act
    const whole = await read(text);
    const cut = await read(text, 5);
    // Assess
    expect([...whole.ids]).toEqual(['Zoë', '顧客,7', 'Ünï "q"', '😀']);
    expect([...cut.ids]).toEqual([...whole.ids]);
  });

  it('takes one id written quoted and unquoted, or with surrounding white space, for a repeat', async () => {
    for (const [first, again] of [
      ['A1', '"A1"'],
      ['Zoë', 'Zoë '],
      ['Zoë', '"Zoë\u00a0"'],
      ['"顧客,7"', '"顧客,7"'],
    ]) {
      const error = await refusalOf(read(csvOf([first, 'B', again])));
      const shown = first.replaceAll('"', '');
      expect(error.message).toContain(`row 4, column "customer_id": customer_id "${shown}" already appears in row 2`);
    }
  });

  it('refuses an id of white space only, quoted or not', async () => {
    for (const id of ['" "', '  ', '"\u00a0"']) {
      const error = await refusalOf(read(csvOf(['A', id])));
      expect(error.message).toMatch(/row 3, column "customer_id": customer_id is empty/);
    }
  });

  it('reads the same non-ASCII and integer ids from Parquet, and refuses a repeat there', async () => {
    // Prepare
    const column = (data: string[]) =>
      parquetBytes([
        { name: 'customer_id', data, type: 'STRING' },
        { name: 'p', data: data.map(() => 0.5), type: 'DOUBLE' },
        { name: 'subscription_type', data: data.map(() => 'Free'), type: 'STRING' },
      ]);
    // Act
    const predictions = await readParquetPredictions(column(['Zoë', ' 顧客-7 ', ...COLLIDING]), {
      source: 'w.parquet',
    });
    const error = await refusalOf(readParquetPredictions(column(['Zoë', 'B', 'Zoë']), { source: 'w.parquet' }));
    // Assess
    expect([...predictions.ids]).toEqual(['Zoë', '顧客-7', ...COLLIDING]);
    expect(error.message).toMatch(/row 3, column "customer_id": customer_id "Zoë" already appears in row 1/);
  });
});
