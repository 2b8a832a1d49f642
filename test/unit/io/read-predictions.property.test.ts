import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlannerError } from '../../../src/domain/errors.ts';
import { readPredictions } from '../../../src/io/read-predictions.ts';

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
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.integer({ min: 1, max: 64 }), (bytes, chunk) => readsOrRefuses(bytes, chunk)),
      { numRuns: 300 },
    );
  });

  it('never crashes on CSV-shaped text with hostile cells', async () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('', '0.5', '1', '-0', '1e-3', 'NaN', 'Infinity', '0x10', ' 0.2 ', '"', '""', '=1+1', '\u0000', 'é', '\r', '1,5'),
      fc.double({ noNaN: false }).map(String),
    );
    const row = fc.array(cell, { minLength: 0, maxLength: 6 }).map((cells) => cells.join(','));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 12 }), fc.integer({ min: 1, max: 32 }), (rows, chunk) => readsOrRefuses(new TextEncoder().encode(HEADER + rows.join('\n')), chunk)),
      { numRuns: 300 },
    );
  });
});
