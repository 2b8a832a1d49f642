import type { AsyncBuffer } from 'hyparquet';
import { parquetMetadata } from 'hyparquet';
import type { ColumnSource } from 'hyparquet-writer';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../../../src/domain/policy.ts';
import { readParquetPredictions, readPredictions } from '../../../src/io/read-predictions.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { incompressibleTexts, parquetBytes } from '../../fixtures/storage/predictions-parquet.ts';
import { expectClose } from '../../support/expect-close.ts';

/** One generated week: 300 customers, ids with commas and quotes, a reduction column, an ignored one. */
function week(): { csv: string; parquet: Uint8Array } {
  const n = 300;
  const ids = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? `ACME, "${i}"` : `C${i}`));
  const p = ids.map((_, i) => Math.round(((i * 7919) % 1000) * 0.999) / 1000);
  const segment = ids.map((_, i) => ['Premium', 'Family', 'Student', 'Free'][i % 4]);
  const clv = ids.map((_, i) => 20 + ((i * 31) % 700) + 0.25);
  const reduction = p.map((value, i) => (i % 3 === 0 ? null : Math.floor(value * 0.2 * 1e6) / 1e6));
  const quote = (text: string) => (/[",]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const lines = ids.map((id, i) => `${quote(id)},${p[i]},${segment[i]},${clv[i]},${reduction[i] ?? ''},note ${i}`);
  const csv = `customer_id,churn_probability,subscription_type,clv,churn_reduction_2,notes\n${lines.join('\n')}\n`;
  const parquet = parquetBytes(
    [
      { name: 'customer_id', data: ids, type: 'STRING' },
      { name: 'churn_probability', data: p, type: 'DOUBLE' },
      { name: 'subscription_type', data: segment, type: 'STRING' },
      { name: 'clv', data: clv, type: 'DOUBLE' },
      { name: 'churn_reduction_2', data: reduction, type: 'DOUBLE' },
      { name: 'notes', data: ids.map((_, i) => `note ${i}`), type: 'STRING' },
    ],
    128,
  );
  return { csv, parquet };
}

const refusal = (columns: ColumnSource[]) =>
  readParquetPredictions(parquetBytes(columns), { source: 'week.parquet' }).then(
    () => undefined,
    (error: unknown) => error,
  );

const base = (overrides: Partial<Record<string, ColumnSource>> = {}): ColumnSource[] =>
  Object.values({
    customer_id: { name: 'customer_id', data: ['A', 'B', 'C'], type: 'STRING' },
    p: { name: 'p', data: [0.1, 0.2, 0.3], type: 'DOUBLE' },
    subscription_type: { name: 'subscription_type', data: ['Free', 'Free', 'Premium'], type: 'STRING' },
    ...overrides,
  } as Record<string, ColumnSource>);

describe('readParquetPredictions', () => {
  it('gives the same columns and the same plan as the CSV of the same week', async () => {
    // Prepare
    const { csv, parquet } = week();
    // Act
    const fromCsv = await readPredictions(Readable.from([csv]), { source: 'week.csv' });
    const fromParquet = await readParquetPredictions(parquet, { source: 'week.parquet' });
    // Assess
    expect([...fromParquet.ids]).toEqual([...fromCsv.ids]);
    expect(Array.from(fromParquet.p)).toEqual(Array.from(fromCsv.p));
    expect(Array.from(fromParquet.v)).toEqual(Array.from(fromCsv.v));
    expect(fromParquet.segments).toEqual(fromCsv.segments);
    expect(Array.from(fromParquet.reductions.get(2) ?? [])).toEqual(Array.from(fromCsv.reductions.get(2) ?? []));
    const policy = { ...DEFAULT_POLICY, budget: 400 };
    const [a, b] = await Promise.all(
      [fromCsv, fromParquet].map((predictions) => planWeek({ predictions, catalog: [...DEFAULT_CATALOG], policy })),
    );
    expect(b.status).toBe('optimal');
    expectClose(b.kpis.net_value, a.kpis.net_value, { relative: 1e-9 }, 'net value, Parquet against CSV');
    expect(Array.from(b.assignment?.choice ?? [])).toEqual(Array.from(a.assignment?.choice ?? []));
  });

  it('decodes only the used columns: past the footer, no byte of an unused column is read', async () => {
    // Prepare: a first column of 2 MB of incompressible notes, far from the footer
    const n = 2000;
    const bytes = parquetBytes([
      {
        name: 'notes',
        data: incompressibleTexts(n, 1000),
        type: 'STRING',
      },
      { name: 'customer_id', data: Array.from({ length: n }, (_, i) => `C${i}`), type: 'STRING' },
      { name: 'p', data: Array.from({ length: n }, () => 0.5), type: 'DOUBLE' },
      { name: 'subscription_type', data: Array.from({ length: n }, () => 'Free'), type: 'STRING' },
    ]);
    const notes = parquetMetadata(bytes.slice().buffer).row_groups.map((group) => group.columns[0].meta_data);
    const read: [number, number][] = [];
    const file: AsyncBuffer = {
      byteLength: bytes.byteLength,
      slice: (start, end = bytes.byteLength) => (read.push([start, end]), bytes.slice(start, end).buffer),
    };
    // Act
    const predictions = await readParquetPredictions(file, { source: 'wide.parquet' });
    // Assess
    expect(predictions.ids).toHaveLength(n);
    expect(read[0][1]).toBe(bytes.byteLength);
    expect(notes.length).toBeGreaterThan(0);
    for (const chunk of notes) {
      const from = Number(chunk?.data_page_offset);
      const to = from + Number(chunk?.total_compressed_size);
      expect(to - from).toBeGreaterThan(100_000);
      expect(read.slice(1).filter(([start, end]) => start < to && end > from)).toEqual([]);
    }
  });

  const bad: [string, ColumnSource[], RegExp, object][] = [
    [
      'a missing column',
      base({ p: { name: 'score', data: [0.1, 0.2, 0.3], type: 'DOUBLE' } }),
      /^week\.parquet, column "churn_probability": required column "churn_probability" \(or p\) is missing/,
      { column: 'churn_probability' },
    ],
    [
      'p stored as text',
      base({ p: { name: 'p', data: ['0.1', '0.2', '0.3'], type: 'STRING' } }),
      /column "p": holds BYTE_ARRAY \(UTF8\); expected numbers/,
      { column: 'p' },
    ],
    [
      'a null id',
      base({ customer_id: { name: 'customer_id', data: ['A', null, 'C'], type: 'STRING' } }),
      /row 2, column "customer_id": customer_id is null/,
      { row: 2, column: 'customer_id' },
    ],
    [
      'a duplicate id',
      base({ customer_id: { name: 'customer_id', data: ['A', 'B', 'A'], type: 'STRING' } }),
      /row 3, column "customer_id": customer_id "A" already appears in row 1/,
      { row: 3 },
    ],
    [
      'p outside [0, 1]',
      base({ p: { name: 'p', data: [0.1, 1.5, 0.3], type: 'DOUBLE' } }),
      /row 2, column "p": churn probability 1.5 is outside \[0, 1\]/,
      { row: 2, column: 'p' },
    ],
    [
      'a null p',
      base({ p: { name: 'p', data: [0.1, 0.2, null], type: 'DOUBLE' } }),
      /row 3, column "p": p is null/,
      { row: 3 },
    ],
    [
      'a NaN clv',
      [...base(), { name: 'clv', data: [1, Number.NaN, 3], type: 'DOUBLE' }],
      /row 2, column "clv": "NaN" is not a number/,
      { row: 2, column: 'clv' },
    ],
    [
      'a churn reduction above p',
      [...base(), { name: 'churn_reduction_1', data: [0.05, 0.5, null], type: 'DOUBLE' }],
      /row 2, column "churn_reduction_1": churn reduction 0.5 is larger than this customer's churn probability 0.2/,
      { row: 2 },
    ],
    [
      'a reduction above p before an empty id and a new segment (the first row at fault is named)',
      [
        ...base({
          customer_id: { name: 'customer_id', data: ['A', 'B', ''], type: 'STRING' },
          subscription_type: { name: 'subscription_type', data: ['Free', 'Free', 'Duo'], type: 'STRING' },
        }),
        { name: 'churn_reduction_1', data: [0.05, 0.5, null], type: 'DOUBLE' },
      ],
      /row 2, column "churn_reduction_1": churn reduction 0.5 is larger/,
      { row: 2 },
    ],
    [
      'an empty segment after a null clv',
      [
        ...base({ subscription_type: { name: 'subscription_type', data: ['Free', 'Free', '  '], type: 'STRING' } }),
        { name: 'clv', data: [1, null, 3], type: 'DOUBLE' },
      ],
      /row 3, column "subscription_type": subscription_type is empty/,
      { row: 3 },
    ],
  ];

  it.each(bad)('refuses %s, naming the file, row and column', async (_name, columns, message, location) => {
    const error = await refusal(columns);
    expect(error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(message), location });
  });

  it('refuses bytes that are not Parquet, naming the file', async () => {
    const attempt = readParquetPredictions(new TextEncoder().encode('customer_id,p\nA,0.5\n'), { source: 'x.parquet' });
    await expect(attempt).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/^x\.parquet: not a readable Parquet file/),
    });
  });

  it('reads integer ids as their decimal text and a null clv as an estimate', async () => {
    const predictions = await readParquetPredictions(
      parquetBytes([
        ...base({ customer_id: { name: 'customer_id', data: [10n, 20n, 9007199254740993n], type: 'INT64' } }),
        { name: 'clv', data: [null, 50, 60], type: 'DOUBLE' },
      ]),
      { source: 'ints.parquet' },
    );
    expect([...predictions.ids]).toEqual(['10', '20', '9007199254740993']);
    expect(predictions.warnings?.[0]).toMatch(
      /^1 customers have an empty clv cell \(the first at ints\.parquet, row 1\)/,
    );
  });

  it('trims an id with a space at one end and a non-ASCII space at the other as the CSV reader does', async () => {
    // Regression: such an id lost only its ASCII space, where CSV's trim takes both
    const ids = [' Zo\u00eb\u00a0', '\u00a0B ', 'C'];
    const csv = `customer_id,p,subscription_type\n${ids.map((id, i) => `${id},0.${i + 1},Free`).join('\n')}\n`;
    // Act
    const fromParquet = await readParquetPredictions(
      parquetBytes(base({ customer_id: { name: 'customer_id', data: ids, type: 'STRING' } })),
      { source: 'ids.parquet' },
    );
    const fromCsv = await readPredictions(Readable.from([csv]), { source: 'ids.csv' });
    // Assess
    expect([...fromParquet.ids]).toEqual(['Zo\u00eb', 'B', 'C']);
    expect([...fromParquet.ids]).toEqual([...fromCsv.ids]);
  });
});
