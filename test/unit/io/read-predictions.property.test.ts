import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlannerError } from '../../../src/domain/errors.ts';
import { readPredictions } from '../../../src/io/read-predictions.ts';
import { expectClose } from '../../support/expect-close.ts';

const HEADER = 'customer_id,churn_probability,subscription_type,clv\n';

/** Any outcome but a crash: predictions that respect SPEC 2.1, or a PlannerError with a message naming the file. */
async function readsOrRefuses(bytes: Uint8Array, chunk: number): Promise<void> {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += chunk) chunks.push(bytes.subarray(at, at + chunk));
  try {
    const predictions = await readPredictions(Readable.from(chunks), { source: 'fuzz.csv', maxBytes: 4096 });
    expect(predictions.ids.length).toBeGreaterThan(0);
    expect(new Set(predictions.ids).size).toBe(predictions.ids.length);
    predictions.p.forEach((p) => expect(p >= 0 && p <= 1).toBe(true));
    predictions.v.forEach((v) => expect(v >= 0 && Number.isFinite(v)).toBe(true));
  } catch (error) {
    expect(error).toBeInstanceOf(PlannerError);
    expect((error as PlannerError).message).toMatch(/^fuzz\.csv/);
  }
}

describe('readPredictions on arbitrary input (property)', () => {
  it('never crashes on arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.integer({ min: 1, max: 64 }), (bytes, chunk) =>
        readsOrRefuses(bytes, chunk),
      ),
      { numRuns: 300 },
    );
  });

  it('never crashes on CSV-shaped text with hostile cells', async () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom(
        '',
        '0.5',
        '1',
        '-0',
        '1e-3',
        'NaN',
        'Infinity',
        '0x10',
        ' 0.2 ',
        '"',
        '""',
        '=1+1',
        '\u0000',
        'é',
        '\r',
        '1,5',
      ),
      fc.double({ noNaN: false }).map(String),
    );
    const row = fc.array(cell, { minLength: 0, maxLength: 6 }).map((cells) => cells.join(','));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 12 }), fc.integer({ min: 1, max: 32 }), (rows, chunk) =>
        readsOrRefuses(new TextEncoder().encode(HEADER + rows.join('\n')), chunk),
      ),
      { numRuns: 300 },
    );
  });

  it('reads any valid file back exactly, whatever the chunking, quoting and line endings', async () => {
    const segment = fc.constantFrom('Premium', 'Free', 'Family', 'Student', 'Gold, "VIP"');
    const customer = fc.record({
      p: fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000),
      v: fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100),
      segment,
    });
    const file = fc.record({
      rows: fc.array(customer, { minLength: 1, maxLength: 25 }),
      eol: fc.constantFrom('\n', '\r\n'),
      bom: fc.boolean(),
      quoteAll: fc.boolean(),
      chunk: fc.integer({ min: 1, max: 40 }),
    });
    const quote = (cell: string, all: boolean): string =>
      all || /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
    await fc.assert(
      fc.asyncProperty(file, async ({ rows, eol, bom, quoteAll, chunk }) => {
        const lines = [
          'customer_id,churn_probability,subscription_type,clv',
          ...rows.map((r, i) =>
            [`C${i}`, String(r.p), r.segment, String(r.v)].map((c) => quote(c, quoteAll)).join(','),
          ),
        ];
        const bytes = new TextEncoder().encode(`${bom ? '\uFEFF' : ''}${lines.join(eol)}${eol}`);
        const chunks: Uint8Array[] = [];
        for (let at = 0; at < bytes.length; at += chunk) chunks.push(bytes.subarray(at, at + chunk));
        const read = await readPredictions(Readable.from(chunks), { source: 'valid.csv' });
        expect(read.ids).toEqual(rows.map((_, i) => `C${i}`));
        rows.forEach((r, i) => {
          expectClose(read.p[i], r.p, { absolute: 1e-12 }, `churn probability of row ${i + 2}`);
          expectClose(read.v[i], r.v, { absolute: 1e-9 }, `CLV of row ${i + 2}`);
          expect(read.segments[read.segmentOf[i]]).toBe(r.segment);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a valid file with one bad cell, naming that row and column, and returns nothing', async () => {
    const badCell = fc.oneof(
      fc.record({
        column: fc.constantFrom('churn_probability'),
        value: fc.constantFrom('1.5', '-0.1', 'abc', '', 'NaN', '0x1', '1,5', '∞'),
      }),
      fc.record({
        column: fc.constantFrom('clv'),
        value: fc.constantFrom('-0.1', 'abc', 'NaN', 'Infinity', '1,5', '1e11'),
      }),
      fc.record({ column: fc.constantFrom('customer_id', 'subscription_type'), value: fc.constantFrom('', '  ') }),
    );
    const bad = fc.record({ size: fc.integer({ min: 1, max: 20 }), at: fc.nat(), cell: badCell });
    await fc.assert(
      fc.asyncProperty(bad, async ({ size, at, cell: { column, value } }) => {
        const target = at % size;
        const cells = (i: number): Record<string, string> => ({
          customer_id: `C${i}`,
          churn_probability: '0.5',
          subscription_type: 'Free',
          clv: '100',
        });
        const rows = Array.from({ length: size }, (_, i) => {
          const row = cells(i);
          if (i === target) row[column] = value;
          return ['customer_id', 'churn_probability', 'subscription_type', 'clv']
            .map((name) => (/[",]/.test(row[name]) ? `"${row[name]}"` : row[name]))
            .join(',');
        });
        const csv = `customer_id,churn_probability,subscription_type,clv\n${rows.join('\n')}\n`;
        const attempt = readPredictions(Readable.from([csv]), { source: 'one-bad.csv' });
        await expect(attempt).rejects.toMatchObject({
          code: 'BAD_INPUT',
          location: { file: 'one-bad.csv', row: target + 2, column },
        });
      }),
      { numRuns: 100 },
    );
  });
});
