import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer, type ColumnSource } from 'hyparquet-writer';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadCompressors } from '../../../../../src/io/predictions/parquet/load-compressors.ts';

const columns: ColumnSource[] = [
  { name: 'customer_id', data: ['C1', 'C2', 'C3'], type: 'STRING' },
  { name: 'churn_probability', data: [0.1, 0.2, 0.3], type: 'DOUBLE' },
];
const gzip = (raw: Uint8Array) => new Uint8Array(gzipSync(raw));

/** The footer of the two columns written with `codec`, and of `third` when given. */
function footer(codec: 'SNAPPY' | 'UNCOMPRESSED' | 'GZIP', third?: ColumnSource) {
  const bytes = parquetWriteBuffer({
    columnData: third ? [...columns, third] : columns,
    codec,
    ...(codec === 'GZIP' || third?.codec === 'GZIP' ? { compressors: { GZIP: gzip } } : {}),
  });
  return parquetMetadata(bytes);
}

describe('loadCompressors', () => {
  const names = ['customer_id', 'churn_probability'];

  it('loads nothing for uncompressed or Snappy columns, which hyparquet decodes itself', async () => {
    expect(await loadCompressors(footer('UNCOMPRESSED'), names)).toEqual({});
    expect(await loadCompressors(footer('SNAPPY'), names)).toEqual({});
  });

  it('loads every decompressor when a read column uses another codec', async () => {
    const loaded = await loadCompressors(footer('GZIP'), names);
    expect(Object.keys(loaded)).toEqual(expect.arrayContaining(['SNAPPY', 'GZIP', 'BROTLI', 'ZSTD']));
  });

  it('looks only at the columns read', async () => {
    const extra: ColumnSource = { name: 'notes', data: ['a', 'b', 'c'], type: 'STRING', codec: 'GZIP' };
    expect(await loadCompressors(footer('SNAPPY', extra), names)).toEqual({});
    expect(Object.keys(await loadCompressors(footer('SNAPPY', extra), [...names, 'notes']))).toContain('GZIP');
  });
});
