import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { PlannerError } from '../../../src/domain/errors.ts';
import { estimateClv } from '../../../src/domain/predictions.ts';
import { readPredictions } from '../../../src/io/read-predictions.ts';
import { refusalOf } from '../../support/refusal.ts';

const read = (text: string | Buffer, maxBytes?: number) =>
  readPredictions(Readable.from([typeof text === 'string' ? Buffer.from(text) : text]), {
    source: 'week.csv',
    maxBytes,
  });

const refusal = (text: string | Buffer, maxBytes?: number): Promise<PlannerError> => refusalOf(read(text, maxBytes));

describe('readPredictions', () => {
  it('reads columns, the p and v aliases, quoted cells and extra columns', async () => {
    // Act
    const predictions = await read(
      'customer_id,p,subscription_type,v,notes\r\n"A,1",0.72,Premium,240,"said ""hi"""\r\nB,0.1,Free,100,\r\n',
    );

    // Assess
    expect([...predictions.ids]).toEqual(['A,1', 'B']);
    expect(Array.from(predictions.p)).toEqual([0.72, 0.1]);
    expect(Array.from(predictions.v)).toEqual([240, 100]);
    expect(predictions.segments).toEqual(['Premium', 'Free']);
    expect(predictions.clvEstimated).toBe(false);
  });

  it('estimates CLV with the documented proxy when there is no clv column', async () => {
    const predictions = await read(
      '\ufeffcustomer_id,churn_probability,subscription_type\nA,0.5,Premium\nB,0.2,Unknown\n',
    );
    expect(predictions.clvEstimated).toBe(true);
    expect(predictions.v[0]).toBeCloseTo(11.99 * 24 * 0.75, 10);
    expect(predictions.v[1]).toBeCloseTo(estimateClv('Unknown', 0.2), 10);
  });

  it('reads churn_reduction_<id> columns, empty cells falling back to p * u', async () => {
    const predictions = await read(
      'customer_id,churn_probability,subscription_type,churn_reduction_2\nA,0.5,Premium,0.2\nB,0.4,Free,\n',
    );
    const column = predictions.reductions.get(2);
    expect(column?.[0]).toBe(0.2);
    expect(Number.isNaN(column?.[1])).toBe(true);
  });

  const bad: Array<[string, string | Buffer, RegExp]> = [
    ['an empty file', '', /week\.csv: the file is empty/],
    [
      'a header without rows',
      'customer_id,churn_probability,subscription_type\n',
      /week\.csv, row 2: the file has a header but no customer rows/,
    ],
    [
      'a missing column',
      'customer_id,subscription_type\nA,Free\n',
      /week\.csv, row 1, column "churn_probability".*missing/,
    ],
    ['a missing segment column', 'customer_id,p\nA,0.2\n', /row 1, column "subscription_type"/],
    [
      'a duplicate id',
      'customer_id,p,subscription_type\nA,0.2,Free\nB,0.3,Free\nA,0.4,Free\n',
      /row 4, column "customer_id": customer_id "A" already appears in row 2/,
    ],
    [
      'an empty id',
      'customer_id,p,subscription_type\n ,0.2,Free\n',
      /row 2, column "customer_id": customer_id is empty/,
    ],
    [
      'p above 1',
      'customer_id,p,subscription_type\nA,1.2,Free\n',
      /row 2, column "p": churn probability 1.2 is outside \[0, 1\]/,
    ],
    [
      'p below 0',
      'customer_id,churn_probability,subscription_type\nA,-0.1,Free\n',
      /row 2, column "churn_probability".*outside/,
    ],
    [
      'a non-numeric p',
      'customer_id,churn_probability,subscription_type\nA,high,Free\n',
      /row 2, column "churn_probability": "high" is not a number/,
    ],
    [
      'a non-numeric clv',
      'customer_id,p,subscription_type,clv\nA,0.2,Free,lots\n',
      /row 2, column "clv": "lots" is not a number/,
    ],
    [
      'a negative clv',
      'customer_id,p,subscription_type,clv\nA,0.2,Free,-5\n',
      /row 2, column "clv": clv -5 is negative/,
    ],
    ['an empty segment', 'customer_id,p,subscription_type\nA,0.2,\n', /row 2, column "subscription_type"/],
    [
      'a bad churn reduction',
      'customer_id,p,subscription_type,churn_reduction_1\nA,0.2,Free,2\n',
      /row 2, column "churn_reduction_1"/,
    ],
    ['an unclosed quote', 'customer_id,p,subscription_type\n"A,0.2,Free\n', /week\.csv, row 2: not valid CSV/],
    [
      'Latin-1 bytes',
      Buffer.from([...Buffer.from('customer_id,p,subscription_type\nA,0.2,Fr'), 0xe9, 0x0a]),
      /week\.csv: not UTF-8 text/,
    ],
    [
      'UTF-16 text',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('customer_id,p\n', 'utf16le')]),
      /week\.csv: not UTF-8 text/,
    ],
  ];

  it.each(bad)('refuses %s, naming file, row and column', async (_name, text, message) => {
    const error = await refusal(text);
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toMatch(message);
  });

  it('refuses a file over the size limit', async () => {
    const error = await refusal('customer_id,p,subscription_type\nA,0.2,Free\n', 20);
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toMatch(/week\.csv: larger than the limit of 20 bytes/);
  });
});

describe('readPredictions chunk boundaries', () => {
  it.each([1, 2, 3, 7, 64])('reads quoted cells holding line breaks, in chunks of %i bytes', async (size) => {
    const text =
      'customer_id,p,subscription_type,notes\r\n"A\nB",0.5,Free,"x\r\ny\nz"\r\n"C,""D""",0.25,"Pre\nmium",\r\n';
    const bytes = Buffer.from(text);
    const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, k) =>
      bytes.subarray(k * size, (k + 1) * size),
    );
    const predictions = await readPredictions(Readable.from(chunks), { source: 'w.csv' });
    expect([...predictions.ids]).toEqual(['A\nB', 'C,"D"']);
    expect(predictions.segments).toEqual(['Free', 'Pre\nmium']);
    expect(Array.from(predictions.p)).toEqual([0.5, 0.25]);
  });
});

describe('readPredictions of a file given in large chunks', () => {
  /** Rows of every length up to 40 KB, with multi-byte ids and quoted line breaks, past the reader's first megabytes. */
  function bigWeek(): { bytes: Buffer; ids: string[] } {
    const ids: string[] = [];
    const lines = ['customer_id,p,subscription_type,notes'];
    for (let i = 0; ids.length < 10_000; i++) {
      const id = i % 97 === 0 ? `Zoë-${'é'.repeat(i % 5_000)}-${i}` : `C${i}`;
      const notes = i % 89 === 0 ? `"${'x'.repeat(40_000)}\n""q"""` : 'n';
      ids.push(id);
      lines.push(`"${id}",0.${(i % 9) + 1},Free,${notes}`);
    }
    return { bytes: Buffer.from(`${lines.join('\r\n')}\r\n`), ids };
  }

  it('reads a 5 MB week given as one chunk the same as in chunks of 1,000 bytes', async () => {
    // Prepare
    const { bytes, ids } = bigWeek();
    const small = Array.from({ length: Math.ceil(bytes.length / 1_000) }, (_, k) =>
      bytes.subarray(k * 1_000, (k + 1) * 1_000),
    );

    // Act
    const whole = await readPredictions(Readable.from([bytes]), { source: 'w.csv' });
    const pieces = await readPredictions(Readable.from(small), { source: 'w.csv' });

    // Assess
    expect(bytes.length).toBeGreaterThan(5_000_000); // past the slices the first megabytes are scanned in
    expect([...whole.ids]).toEqual(ids);
    expect([...pieces.ids]).toEqual(ids);
    expect(Array.from(whole.p)).toEqual(Array.from(pieces.p));
  });

  it('closes a source given as an async generator when it refuses a row', async () => {
    // Prepare
    let closed = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        yield Buffer.from('customer_id,p,subscription_type\nA,2,Free\n');
        yield Buffer.from('B,0.5,Free\n');
      } finally {
        closed = true;
      }
    }

    // Act
    const error = await refusalOf(readPredictions(source(), { source: 'w.csv' }));

    // Assess
    expect(error.message).toMatch(/w\.csv, row 2/);
    expect(closed).toBe(true);
  });
});

describe('readPredictions number cells', () => {
  it.each(['0x1', 'Infinity', '1,5', '.', '1e', '--1'])('refuses "%s" as a churn probability', async (cell) => {
    const error = await readPredictions(
      Readable.from([Buffer.from(`customer_id,p,subscription_type\nA,"${cell}",Free\n`)]),
      { source: 'w.csv' },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/w\.csv, row 2, column "p": ".*" is not a number/);
  });

  it.each([
    ['.5', 0.5],
    ['5e-1', 0.5],
    ['+0.25', 0.25],
    [' 1 ', 1],
  ])('reads "%s" as %d', async (cell, value) => {
    const predictions = await readPredictions(
      Readable.from([Buffer.from(`customer_id,p,subscription_type\nA,${cell},Free\n`)]),
      { source: 'w.csv' },
    );
    expect(predictions.p[0]).toBe(value);
  });
});

describe('readPredictions with segment names that are object keys', () => {
  it.each(['__proto__', 'constructor', 'toString', 'other'])(
    'estimates a finite CLV for segment "%s" (regression: prototype lookup gave NaN)',
    async (segment) => {
      const predictions = await readPredictions(
        Readable.from([Buffer.from(`customer_id,p,subscription_type\nA,0.5,${segment}\n`)]),
        { source: 'w.csv' },
      );
      expect(predictions.v[0]).toBeCloseTo(9.99 * 24 * 0.75, 10);
    },
  );
});

describe('the warnings of a read', () => {
  it('count customers with thousands commas, formatting no number through Intl (its locale data loads on first use)', async () => {
    // Prepare
    const rows = Array.from({ length: 1200 }, (_, i) => `C${i},0.5,Free,${i === 0 ? 100 : ''}`).join('\n');
    const toLocaleString = vi.spyOn(Number.prototype, 'toLocaleString');
    // Act
    const predictions = await read(`customer_id,churn_probability,subscription_type,clv\n${rows}\n`);
    // Assess
    expect(toLocaleString).not.toHaveBeenCalled();
    toLocaleString.mockRestore();
    expect(predictions.warnings?.[0]).toMatch(/^1,199 customers have an empty clv cell/);
  });
});
