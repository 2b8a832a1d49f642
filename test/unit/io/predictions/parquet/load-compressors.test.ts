import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer, type ColumnSource } from 'hyparquet-writer';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadCompressors, nativeZstd } from '../../../../../src/io/predictions/parquet/load-compressors.ts';

const columns: ColumnSource[] = [
  { name: 'customer_id', data: ['C1', 'C2', 'C3'], type: 'STRING' },
  { name: 'churn_probability', data: [0.1, 0.2, 0.3], type: 'DOUBLE' },
];
const gzip = (raw: Uint8Array) => new Uint8Array(gzipSync(raw));

/** The footer of the two columns written with `codec`, and of `third` when given. */
function footer(codec: 'SNAPPY' | 'UNCOMPRESSED' | 'GZIP' | 'ZSTD', third?: ColumnSource) {
  const bytes = parquetWriteBuffer({
    columnData: third ? [...columns, third] : columns,
    codec,
    // Only the footer is read: a ZSTD column's pages need not be Zstandard here.
    compressors: { GZIP: gzip, ZSTD: (raw: Uint8Array) => raw },
  });
  return parquetMetadata(bytes);
}

describe('loadCompressors', () => {
  const names = ['customer_id', 'churn_probability'];

  it('loads nothing for uncompressed columns, and only the WebAssembly Snappy decoder for Snappy ones', async () => {
    expect(await loadCompressors(footer('UNCOMPRESSED'), names)).toEqual({});
    const snappy = await loadCompressors(footer('SNAPPY'), names);
    expect(Object.keys(snappy)).toEqual(['SNAPPY']);
    expect(snappy.SNAPPY?.(snappyCompress(new Uint8Array([7, 7, 7, 1])), 4)).toEqual(new Uint8Array([7, 7, 7, 1]));
  });

  it('loads every decompressor when a read column uses another codec', async () => {
    const loaded = await loadCompressors(footer('GZIP'), names);
    expect(Object.keys(loaded)).toEqual(expect.arrayContaining(['SNAPPY', 'GZIP', 'BROTLI', 'ZSTD']));
  });

  it('looks only at the columns read', async () => {
    const extra: ColumnSource = { name: 'notes', data: ['a', 'b', 'c'], type: 'STRING', codec: 'GZIP' };
    expect(Object.keys(await loadCompressors(footer('SNAPPY', extra), names))).toEqual(['SNAPPY']);
    expect(Object.keys(await loadCompressors(footer('SNAPPY', extra), [...names, 'notes']))).toContain('GZIP');
  });

  it("uses Node's Zstandard decompressor where it has one, and hyparquet-compressors' where not", async () => {
    // Prepare: a zlib with zstdDecompressSync, as Node 22.15 has, and one without, as Node 20
    const calls: number[] = [];
    const zlibWithZstd = {
      zstdDecompressSync: (input: Uint8Array, options: { maxOutputLength: number }) => {
        calls.push(options.maxOutputLength);
        return input;
      },
    };
    const native = nativeZstd(zlibWithZstd);
    const extra: ColumnSource = { name: 'notes', data: ['a', 'b', 'c'], type: 'STRING', codec: 'GZIP' };
    // Act
    const zstdOnly = await loadCompressors(footer('ZSTD'), names, native);
    const withGzip = await loadCompressors(footer('ZSTD', extra), [...names, 'notes'], native);
    const withoutNative = await loadCompressors(footer('ZSTD'), names, nativeZstd({}));
    // Assess
    expect(Object.keys(zstdOnly)).toEqual(['ZSTD']);
    expect(zstdOnly.ZSTD?.(new Uint8Array([1, 2]), 2)).toEqual(new Uint8Array([1, 2]));
    expect(calls).toEqual([2]);
    expect(withGzip.ZSTD).toBe(native);
    expect(Object.keys(withGzip)).toContain('GZIP');
    expect(nativeZstd({})).toBeUndefined();
    expect(Object.keys(withoutNative)).toEqual(expect.arrayContaining(['SNAPPY', 'GZIP', 'BROTLI', 'ZSTD']));
  });
});
