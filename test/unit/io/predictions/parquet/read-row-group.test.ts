import type { CompressionCodec, Compressors, Encoding } from 'hyparquet';
import { parquetMetadata, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parquetWriteBuffer, type ColumnSource } from 'hyparquet-writer';
import { parquetHeader } from 'hyparquet/src/column.js';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inMemoryFile, readParquetPredictions } from '../../../../../src/io/read-predictions.ts';
import type { ColumnPlan, DecodedColumn } from '../../../../../src/io/predictions/parquet/decoded-column.ts';
import { ParquetUnsupported } from '../../../../../src/io/predictions/parquet/parquet-errors.ts';
import { ColumnCursor } from '../../../../../src/io/predictions/parquet/column-cursor.ts';
import { decodeRowGroup, planColumn } from '../../../../../src/io/predictions/parquet/read-row-group.ts';
import { SequentialFile } from '../../../../../src/io/predictions/parquet/sequential-file.ts';
import { toDataPagesV1 } from './data-page-v1.ts';
import { joinRowGroups } from './mixed-chunks.ts';

const ROWS = 700;
const ids = Array.from({ length: ROWS }, (_, i) =>
  i === 3 ? ' padded 3 ' : i === 5 ? 'Zoë-5' : i === 8 ? 'nbsp-8\u00a0' : i % 7 === 0 ? `ACME, "${i}"` : `C${i}`,
);
const p = ids.map((_, i) => ((i * 7919) % 1000) / 1000);
const segments = ids.map((_, i) => ['Premium', 'Family', ' Student', 'Free'][i % 4]);
const clv = ids.map((_, i) => (i % 5 === 0 ? null : 20 + ((i * 31) % 700) + 0.25));
const reduction = p.map((value, i) => (i % 3 === 0 ? null : Math.floor(value * 0.2 * 1e6) / 1e6));

const codecs: Record<string, ((raw: Uint8Array) => Uint8Array) | undefined> = {
  UNCOMPRESSED: (raw) => raw,
  SNAPPY: snappyCompress,
  GZIP: (raw) => new Uint8Array(gzipSync(raw)),
  BROTLI: (raw) => new Uint8Array(brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } })),
};

/** The week as a file: small pages and row groups, so a chunk holds several pages. */
function weekFile(codec: string, encoding: Encoding, version: 1 | 2): Uint8Array {
  const compress = codecs[codec] as (raw: Uint8Array) => Uint8Array;
  const columns: ColumnSource[] = [
    { name: 'customer_id', data: ids, type: 'STRING', encoding },
    { name: 'churn_probability', data: p, type: 'DOUBLE', encoding },
    { name: 'subscription_type', data: segments, type: 'STRING', encoding },
    { name: 'clv', data: clv, type: 'DOUBLE', encoding },
    { name: 'churn_reduction_2', data: reduction, type: 'DOUBLE', encoding },
    { name: 'tenure', data: ids.map((_, i) => i % 40), type: 'INT32' },
  ];
  const written = new Uint8Array(
    parquetWriteBuffer({
      columnData: columns,
      codec: codec as CompressionCodec,
      compressors: { [codec]: compress },
      rowGroupSize: 300,
      pageSize: 1024,
    }),
  );
  return version === 1 ? toDataPagesV1(written, compress) : written;
}

/** Row k's value of a decoded column: a number, the text of a byte range, or null. */
function valueAt(column: DecodedColumn, k: number): number | string | null {
  if (column.kind === 'number') return column.present?.[k] === 0 ? null : column.values[k];
  const entry = column.entryOf[k];
  return entry < 0 ? null : column.arena.toString('utf8', column.starts[entry], column.ends[entry]);
}

/** Every row group of `bytes` through our decoder, as one array of values per used column. */
async function decodeAll(
  bytes: Uint8Array,
  names: string[],
  asText: boolean[],
  options: { decompressors?: Compressors; streamed?: SequentialFile } = {},
) {
  const metadata = parquetMetadata(bytes.slice().buffer);
  const fields = parquetSchema(metadata).children;
  const plans = names.map((name, j) => {
    const field = fields.find((f) => f.element.name === name);
    const plan = field && planColumn(field.element, asText[j], false);
    if (!plan) throw new Error(`no plan for ${name}`);
    return plan;
  });
  const values = names.map((): (number | string | null)[] => []);
  const held = inMemoryFile(bytes);
  let copies = 0;
  const file = options.streamed ?? {
    ...held,
    slice: (start: number, end?: number) => (copies++, held.slice(start, end)),
  };
  const cursors = names.map(() => new ColumnCursor());
  const windows: number[] = [];
  for (const group of metadata.row_groups) {
    const decompressors = options.decompressors ?? compressors;
    let seen = 0;
    await decodeRowGroup(file, group, names, plans, decompressors, cursors, (columns, offset, count) => {
      expect(offset).toBe(seen);
      seen += count;
      windows.push(count);
      columns.forEach((column, j) => {
        for (let k = 0; k < count; k++) values[j].push(valueAt(column, k));
      });
    });
  }
  return { values, metadata, copies, windows };
}

describe('decodeRowGroup', () => {
  const cases = Object.keys(codecs).flatMap((codec) =>
    (['PLAIN', 'RLE_DICTIONARY'] as const).flatMap((encoding) =>
      ([1, 2] as const).map((version) => [codec, encoding, version] as const),
    ),
  );

  it.each(cases)('decodes %s %s pages v%d as written, nulls included', async (codec, encoding, version) => {
    // Prepare
    const bytes = weekFile(codec, encoding, version);
    const names = ['customer_id', 'churn_probability', 'subscription_type', 'clv', 'churn_reduction_2'];
    // Act
    const { values, metadata } = await decodeAll(bytes, names, [true, false, true, false, false]);
    // Assess
    const chunk = metadata.row_groups[0].columns[0].meta_data;
    expect(chunk?.codec).toBe(codec);
    expect(chunk?.encodings).toContain(encoding);
    const page = { view: new DataView(bytes.buffer, bytes.byteOffset), offset: Number(chunk?.data_page_offset) };
    expect(parquetHeader(page).type).toBe(version === 1 ? 'DATA_PAGE' : 'DATA_PAGE_V2');
    expect(values).toEqual([ids, p, segments, clv, reduction]);
  });

  it('reads the chunks of a file held in memory as views, with cursors kept from group to group', async () => {
    // Prepare: row groups of 300 rows, each decoded over the one before
    const bytes = weekFile('SNAPPY', 'PLAIN', 2);
    const names = ['customer_id', 'churn_probability', 'subscription_type', 'clv', 'churn_reduction_2'];
    // Act
    const { values, metadata, copies } = await decodeAll(bytes, names, [true, false, true, false, false]);
    // Assess
    expect(metadata.row_groups.length).toBeGreaterThan(2);
    expect(copies).toBe(0);
    expect(values).toEqual([ids, p, segments, clv, reduction]);
  });

  it('hands a row group on in windows no longer than a page, not as a whole', async () => {
    // Prepare: row groups of 300 rows in pages of 1 KiB (128 numbers)
    const bytes = weekFile('SNAPPY', 'PLAIN', 1);
    const names = ['customer_id', 'churn_probability', 'subscription_type', 'clv', 'churn_reduction_2'];
    // Act
    const { values, windows } = await decodeAll(bytes, names, [true, false, true, false, false]);
    // Assess
    expect(values).toEqual([ids, p, segments, clv, reduction]);
    expect(windows.reduce((sum, count) => sum + count, 0)).toBe(ROWS);
    expect(Math.max(...windows)).toBeLessThanOrEqual(128);
  });

  it('reads the rest of a row group through hyparquet from a page our decoder leaves to it', async () => {
    // Prepare: one row group of INT64 ids in pages of 128, the last id above 2^53
    const n = 600;
    const idsAbove = Array.from({ length: n }, (_, i) => (i === n - 1 ? 9007199254740993n : BigInt(i + 1)));
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'customer_id', data: idsAbove, type: 'INT64', encoding: 'PLAIN' },
          { name: 'p', data: idsAbove.map((_, i) => (i % 100) / 100), type: 'DOUBLE' },
          { name: 'subscription_type', data: idsAbove.map((_, i) => ['Free', 'Duo'][i % 2]), type: 'STRING' },
        ],
        pageSize: 1024,
      }),
    );
    // Act
    const read = await readParquetPredictions(bytes, { source: 'big-ids.parquet' });
    // Assess
    expect(parquetMetadata(bytes.slice().buffer).row_groups).toHaveLength(1);
    expect([...read.ids]).toEqual(idsAbove.map(String));
    expect(Array.from(read.p)).toEqual(idsAbove.map((_, i) => (i % 100) / 100));
    expect(read.segments).toEqual(['Free', 'Duo']);
  });

  it.each([1, 2] as const)('decodes Snappy pages v%d itself, with no decompressor given', async (version) => {
    // Prepare
    const bytes = weekFile('SNAPPY', 'RLE_DICTIONARY', version);
    const names = ['customer_id', 'churn_probability', 'subscription_type', 'clv', 'churn_reduction_2'];
    // Act
    const { values } = await decodeAll(bytes, names, [true, false, true, false, false], { decompressors: {} });
    // Assess
    expect(values).toEqual([ids, p, segments, clv, reduction]);
  });

  it('decodes a file streamed front to back in small chunks, one row group at a time', async () => {
    // Prepare: 100-byte chunks, each in one buffer reused for the next, as a file's chunks come
    const bytes = weekFile('SNAPPY', 'PLAIN', 1);
    const reused = new Uint8Array(100);
    async function* chunks() {
      for (let at = 0; at < bytes.length; at += reused.length) {
        const chunk = bytes.subarray(at, at + reused.length);
        reused.set(chunk);
        yield reused.subarray(0, chunk.length);
      }
    }
    const streamed = new SequentialFile(chunks(), bytes.length);
    const names = ['customer_id', 'churn_probability', 'subscription_type', 'clv', 'churn_reduction_2'];
    // Act
    const { values } = await decodeAll(bytes, names, [true, false, true, false, false], { streamed });
    // Assess
    expect(values).toEqual([ids, p, segments, clv, reduction]);
    await expect(streamed.slice(0, 4)).rejects.toThrow(/out of order/);
  });

  it('reads the same customers through readParquetPredictions from every variant', async () => {
    const expected = await readParquetPredictions(weekFile('SNAPPY', 'PLAIN', 2), { source: 'w.parquet' });
    for (const [codec, encoding, version] of cases) {
      const read = await readParquetPredictions(weekFile(codec, encoding, version), { source: 'w.parquet' });
      expect([...read.ids]).toEqual([...expected.ids]);
      expect(Array.from(read.p)).toEqual(Array.from(expected.p));
      expect(Array.from(read.v)).toEqual(Array.from(expected.v));
      expect(Array.from(read.segmentOf)).toEqual(Array.from(expected.segmentOf));
      expect(Array.from(read.reductions.get(2) ?? [])).toEqual(Array.from(expected.reductions.get(2) ?? []));
    }
    expect([...expected.ids].slice(3, 9)).toEqual(['padded 3', 'C4', 'Zoë-5', 'C6', 'ACME, "7"', 'nbsp-8']);
    expect(expected.segments).toEqual(['Premium', 'Family', 'Student', 'Free']);
  });

  it('decodes FLOAT, INT32 and INT64 numbers and integer ids', async () => {
    // Prepare
    const n = 50;
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          {
            name: 'customer_id',
            data: Array.from({ length: n }, (_, i) => BigInt(i - 25) * 1_000_000_007n),
            type: 'INT64',
          },
          { name: 'p', data: Array.from({ length: n }, (_, i) => i / 64), type: 'FLOAT' },
          { name: 'clv', data: Array.from({ length: n }, (_, i) => i * 3), type: 'INT32' },
          { name: 'churn_reduction_1', data: Array.from({ length: n }, () => 0n), type: 'INT64' },
          { name: 'subscription_type', data: Array.from({ length: n }, () => 'Free'), type: 'STRING' },
        ],
      }),
    );
    // Act
    const read = await readParquetPredictions(bytes, { source: 'ints.parquet' });
    const { values } = await decodeAll(bytes, ['customer_id', 'p', 'clv'], [false, false, false]);
    // Assess
    expect([...read.ids].slice(0, 2)).toEqual(['-25000000175', '-24000000168']);
    expect([...read.ids][25]).toBe('0');
    expect(Array.from(read.p)).toEqual(Array.from({ length: n }, (_, i) => i / 64));
    expect(Array.from(read.v)).toEqual(Array.from({ length: n }, (_, i) => i * 3));
    expect(values[0][49]).toBe(24 * 1_000_000_007);
  });

  it('leaves DELTA and BYTE_STREAM_SPLIT pages and ids above 2^53 to hyparquet, which still reads them', async () => {
    const file = (columns: ColumnSource[]): Uint8Array => new Uint8Array(parquetWriteBuffer({ columnData: columns }));
    const variants: [string, Uint8Array, string[]][] = [
      [
        'DELTA_LENGTH_BYTE_ARRAY ids',
        file([
          { name: 'customer_id', data: ['A', 'B'], type: 'STRING', encoding: 'DELTA_LENGTH_BYTE_ARRAY' },
          { name: 'p', data: [0.5, 0.25], type: 'DOUBLE' },
          { name: 'subscription_type', data: ['Free', 'Duo'], type: 'STRING' },
        ]),
        ['A', 'B'],
      ],
      [
        'BYTE_STREAM_SPLIT p',
        file([
          { name: 'customer_id', data: ['A', 'B'], type: 'STRING' },
          { name: 'p', data: [0.5, 0.25], type: 'DOUBLE', encoding: 'BYTE_STREAM_SPLIT' },
          { name: 'subscription_type', data: ['Free', 'Duo'], type: 'STRING' },
        ]),
        ['A', 'B'],
      ],
      [
        'an INT64 id above 2^53',
        file([
          { name: 'customer_id', data: [1n, 9007199254740993n], type: 'INT64' },
          { name: 'p', data: [0.5, 0.25], type: 'DOUBLE' },
          { name: 'subscription_type', data: ['Free', 'Duo'], type: 'STRING' },
        ]),
        ['1', '9007199254740993'],
      ],
    ];
    for (const [name, bytes, expectedIds] of variants) {
      const metadata = parquetMetadata(bytes.slice().buffer);
      const fields = parquetSchema(metadata).children;
      const plans = fields.slice(0, 2).map((field, j) => planColumn(field.element, false, j === 0));
      expect(plans, name).not.toContain(undefined);
      const attempt = decodeRowGroup(
        inMemoryFile(bytes),
        metadata.row_groups[0],
        ['customer_id', 'p'],
        plans as ColumnPlan[],
        compressors,
        [new ColumnCursor(), new ColumnCursor()],
        () => {},
      );
      await expect(attempt, name).rejects.toBeInstanceOf(ParquetUnsupported);
      const read = await readParquetPredictions(bytes, { source: 'x.parquet' });
      expect([...read.ids], name).toEqual(expectedIds);
      expect(Array.from(read.p), name).toEqual([0.5, 0.25]);
    }
  });

  it.each([
    [
      'a null segment',
      [null, 'Free', 'Free'],
      ['A', 'B', 'C'],
      /row 1, column "subscription_type": subscription_type is null/,
    ],
    [
      'a blank segment',
      ['Free', ' ', 'Free'],
      ['A', 'B', 'C'],
      /row 2, column "subscription_type": subscription_type is empty/,
    ],
    ['a blank id', ['Free', 'Free', 'Free'], ['A', 'B', '  '], /row 3, column "customer_id": customer_id is empty/],
  ])('refuses %s read by our decoder, naming the row', async (_name, segment, id, message) => {
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'customer_id', data: id, type: 'STRING' },
          { name: 'p', data: [0.1, 0.2, 0.3], type: 'DOUBLE' },
          { name: 'subscription_type', data: segment, type: 'STRING', encoding: 'RLE_DICTIONARY' },
        ],
      }),
    );
    await expect(
      readParquetPredictions(toDataPagesV1(bytes, snappyCompress), { source: 'w.parquet' }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(message),
    });
  });

  it.each([1, 2] as const)('decodes chunks of a dictionary then plain pages (pages v%d)', async (version) => {
    // Prepare: the first 300 rows dictionary-encoded, the next 400 PLAIN, in one row group
    const part = (from: number, to: number, encoding: Encoding) =>
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [
            { name: 'customer_id', data: ids.slice(from, to), type: 'STRING', encoding },
            { name: 'p', data: p.slice(from, to), type: 'DOUBLE', encoding },
            { name: 'subscription_type', data: segments.slice(from, to), type: 'STRING', encoding },
            { name: 'clv', data: clv.slice(from, to), type: 'DOUBLE', encoding },
          ],
          pageSize: 1024,
        }),
      );
    const joined = joinRowGroups(part(0, 300, 'RLE_DICTIONARY'), part(300, ROWS, 'PLAIN'));
    const bytes = version === 1 ? toDataPagesV1(joined, snappyCompress) : joined;
    // Act
    const { values, metadata } = await decodeAll(
      bytes,
      ['customer_id', 'p', 'subscription_type', 'clv'],
      [true, false, true, false],
    );
    const read = await readParquetPredictions(bytes, { source: 'mixed.parquet' });
    // Assess
    expect(metadata.row_groups).toHaveLength(1);
    expect(metadata.row_groups[0].columns.map((chunk) => chunk.meta_data?.dictionary_page_offset)).not.toContain(
      undefined,
    );
    expect(values).toEqual([ids, p, segments, clv]);
    expect(read.ids).toHaveLength(ROWS);
    expect(Array.from(read.p)).toEqual(p);
  });
});
