import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import type { PlannerError } from '../../../src/domain/errors.ts';
import { estimateClv, MAX_CLV, predictionWarnings } from '../../../src/domain/predictions.ts';
import { readCatalogFile } from '../../../src/io/read-catalog.ts';
import { readPredictions } from '../../../src/io/read-predictions.ts';
import { refusalOf } from '../../support/refusal.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { DEFAULT_POLICY } from '../../../src/domain/policy.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

const read = (text: string | Buffer, chunk = 1 << 16) => {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunk) chunks.push(bytes.subarray(at, at + chunk));
  return readPredictions(Readable.from(chunks), { source: 'week.csv' });
};

const refusal = (text: string | Buffer, chunk?: number): Promise<PlannerError> => refusalOf(read(text, chunk));

const HEADER = 'customer_id,churn_probability,subscription_type,clv';

describe('readPredictions, the issue-21 input rules', () => {
  it('refuses a row with more fields than the header, naming the row and both counts (issue 21.2: read as clv = 1)', async () => {
    const error = await refusal(`${HEADER}\nA0,0.5,Free,20\nA1,0.7,Premium,1,254.17\n`);
    expect(error.location).toMatchObject({ file: 'week.csv', row: 3 });
    expect(error.message).toMatch(/^week\.csv, row 3: the row has 5 fields but the header has 4/);
  });

  it('refuses a row with fewer fields than the header (it was read with an empty cell)', async () => {
    const error = await refusal(`${HEADER}\nA1,0.7,Premium\n`);
    expect(error.message).toMatch(/row 2: the row has 3 fields but the header has 4/);
  });

  it('refuses a churn reduction above the customer’s p (issue 21.3: 70.44 retained of a Σp of 53.79)', async () => {
    const error = await refusal(`${HEADER},churn_reduction_2\nA,0.2,Free,10,0.1\nB,0.3,Free,10,0.45\n`);
    expect(error.location).toEqual({ file: 'week.csv', row: 3, column: 'churn_reduction_2' });
    expect(error.message).toMatch(/churn reduction 0\.45 is larger than this customer's churn probability 0\.3/);
  });

  it('reads a reduction equal to p, and one above p by rounding noise only as p', async () => {
    const predictions = await read(`${HEADER},churn_reduction_2\nA,0.3,Free,10,0.3\nB,0.3,Free,10,0.3000000000001\n`);
    expect(Array.from(predictions.reductions.get(2) ?? [])).toEqual([0.3, 0.3]);
  });

  it('refuses two reduction columns for one action (which one is meant?)', async () => {
    const error = await refusal(`${HEADER},churn_reduction_2,churn_reduction_02\nA,0.3,Free,10,0.1,0.2\n`);
    expect(error.location).toMatchObject({ row: 1, column: 'churn_reduction_02' });
    expect(error.message).toMatch(
      /"churn_reduction_2" and "churn_reduction_02" both give churn reductions for action 2/,
    );
  });

  it('warns in the answer about a reduction column for an action the catalog lacks (it was ignored silently)', async () => {
    const predictions = await read(`${HEADER},churn_reduction_9\nA,0.3,Free,10,0.1\n`);
    expect(predictionWarnings(predictions, DEFAULT_CATALOG)).toContain(
      'The predictions have a churn_reduction_9 column, but the catalog has no action 9; that column was not used.',
    );
  });

  it(`refuses a CLV above ${MAX_CLV}, naming the column and the limit (issue 21.6: "the solver failed twice")`, async () => {
    const error = await refusal(`${HEADER}\nA,0.3,Free,1e9\nB,0.3,Free,1e11\n`);
    expect(error.location).toEqual({ file: 'week.csv', row: 3, column: 'clv' });
    expect(error.message).toMatch(/clv 100000000000 is above the limit of 1,000,000,000 dollars/);
  });

  it.each(['auto', 'mip'] as const)(
    'plans a week whose every CLV is at the limit with the real HiGHS (%s), proven optimal',
    async (method) => {
      const rows = Array.from({ length: 60 }, (_, i) => `C${i},${(i % 10) / 10 + 0.05},Premium,${MAX_CLV}`);
      const predictions = await read(`${HEADER}\n${rows.join('\n')}\n`);
      const outcome = await planWeek({ predictions, catalog: [...DEFAULT_CATALOG], policy: DEFAULT_POLICY, method });
      expect(outcome.status).toBe('optimal');
    },
  );

  it('names the row, the column and the byte offset of a Latin-1 byte deep in a large file (was "near byte 0")', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `C${i},0.5,Free,10`);
    const before = `${HEADER}\n${rows.join('\n')}\nBAD,0.5,Fr`;
    const bytes = Buffer.concat([Buffer.from(before), Buffer.from([0xe9, 0x0a])]);
    const error = await refusal(bytes, 4096);
    expect(error.location).toEqual({ file: 'week.csv', row: 20_002, column: 'subscription_type' });
    expect(error.message).toContain(`byte 0xE9 ("é" in Latin-1) at offset ${Buffer.byteLength(before)}`);
  });

  it('names the header when the bad byte is there', async () => {
    const error = await refusal(Buffer.from([0xff, 0xfe, 0x63, 0x0a]));
    expect(error.message).toMatch(/^week\.csv: not UTF-8 text at row 1 \(byte 0xFF .* at offset 0\)/);
  });

  it.each([
    [';', 'semicolons'],
    ['\t', 'tabs'],
  ])('hints at the separator of a file split by "%s" (was only "required column is missing")', async (sep, word) => {
    const error = await refusal(`customer_id${sep}churn_probability${sep}subscription_type\nA${sep}0.2${sep}Free\n`);
    expect(error.message).toContain(`the file seems separated by ${word}, not commas`);
  });

  it('estimates an empty clv cell like an absent column, and says so (it was refused while reductions fell back)', async () => {
    const predictions = await read(
      `${HEADER},churn_reduction_2\nA,0.5,Premium,,\nB,0.5,Premium,100,0.1\nC,0.5,Free, ,\n`,
    );
    expect(predictions.v[0]).toBe(estimateClv('Premium', 0.5));
    expect(predictions.v[2]).toBe(estimateClv('Free', 0.5));
    expect(predictions.clvEstimated).toBe(false);
    expect(predictions.warnings).toEqual([
      '2 customers have an empty clv cell (the first at week.csv, row 2); their CLV is estimated with the segment revenue proxy (see README)',
      'churn_reduction_2 is empty for 2 customers; they use p × the catalog uplift of action 2',
    ]);
  });

  it('cuts a 100 KB bad value in the message (it was echoed whole, after 16 s of regex backtracking)', async () => {
    const error = await refusal(`${HEADER}\nA,${'9'.repeat(50_000)}x${'9'.repeat(50_000)},Free,10\n`);
    expect(error.message.length).toBeLessThan(200);
    expect(error.message).toContain('…" (100,001 characters) is not a number');
  });

  it('refuses a used column named twice, naming both positions', async () => {
    const error = await refusal(`${HEADER},CLV\nA,0.5,Free,10,20\n`);
    expect(error.message).toMatch(/row 1, column "clv": the header names "clv" 2 times \(columns 4, 5\); keep one/);
  });

  it('warns about an ignored column named twice and an alias beside its column', async () => {
    const predictions = await read(`${HEADER},notes,notes,p\nA,0.5,Free,10,x,y,0.9\n`);
    expect(predictions.p[0]).toBe(0.5);
    expect(predictions.warnings).toEqual([
      'week.csv has both "churn_probability" and "p" columns; "churn_probability" was used and "p" ignored',
      'week.csv names the column "notes" 2 times; it is not used, so it was ignored',
    ]);
  });

  it('names the rows of a file with blank lines as a spreadsheet does', async () => {
    const error = await refusal(`${HEADER}\n\nA,0.5,Free,10\r\n\r\nA,0.5,Free,10\n`);
    expect(error.message).toMatch(/row 5, column "customer_id": customer_id "A" already appears in row 3/);
  });
});

describe('readCatalogFile', () => {
  it('accepts a catalog saved with a UTF-8 BOM (issue 21.8: refused as "not valid JSON")', async () => {
    const path = join(await tempDirForTest('catalog-'), 'catalog.json');
    await writeFile(path, `\uFEFF${JSON.stringify(DEFAULT_CATALOG)}`);
    const catalog = await readCatalogFile(path);
    expect(catalog.map((action) => action.id)).toEqual(DEFAULT_CATALOG.map((action) => action.id));
  });
});

describe('readPredictions, rows cut across chunks', () => {
  it('refuses a quote left open once the row passes 1 MiB, naming the row, rather than holding the whole file', async () => {
    const open = `${HEADER}\nA,0.5,Free,10\n"B,0.5,Free,10\n${'C,0.5,Free,10\n'.repeat(90_000)}`;
    const error = await refusal(open, 1 << 16);
    expect(error.message).toBe(
      'week.csv, row 3: not valid CSV (the row is longer than 1048576 bytes; a quote may be left open)',
    );
  });

  it('reads the same customers whatever the chunk size, rows and UTF-8 characters cut anywhere', async () => {
    const text = `\ufeff${HEADER}\r\n${Array.from({ length: 400 }, (_, i) => `"Zoë ${i}",0.${i % 10},Free,${i}`).join('\r\n')}\r\n`;
    const whole = await read(text);
    for (const chunk of [1, 2, 3, 7, 4096, 5000]) {
      const cut = await read(text, chunk);
      expect([...cut.ids], `chunks of ${chunk}`).toEqual([...whole.ids]);
      expect(Array.from(cut.v), `chunks of ${chunk}`).toEqual(Array.from(whole.v));
    }
  });
});
