import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { describe, expect, it } from 'vitest';
import { loadWasmSnappy, snappyLength } from '../../../../../src/io/predictions/parquet/wasm-snappy.ts';

describe('loadWasmSnappy', () => {
  const raw = new TextEncoder().encode('CUST-000000001 CUST-000000002 CUST-000000003 '.repeat(40));

  it('decompresses a Snappy page as the JavaScript decoder does', async () => {
    // Prepare
    const decompress = await loadWasmSnappy();
    // Act
    const page = decompress(snappyCompress(raw), raw.length);
    // Assess
    expect(page).toEqual(raw);
  });

  it('refuses a page whose Snappy length is not the size its header gives', async () => {
    // Prepare: the WebAssembly decoder writes as much as the block says, whatever the header's size
    const decompress = await loadWasmSnappy();
    const block = snappyCompress(raw);
    // Act and Assess
    expect(() => decompress(block, raw.length - 1)).toThrow(/Snappy page of 1800 bytes where its header says 1799/);
    expect(() => decompress(block, raw.length + 1)).toThrow(/corrupt page/);
    expect(() => decompress(new Uint8Array([0x80, 0x80]), 4)).toThrow(/corrupt page/);
  });

  it('reads the varint length a Snappy block starts with', () => {
    expect(snappyLength(new Uint8Array([0]))).toBe(0);
    expect(snappyLength(new Uint8Array([0xac, 0x02, 9]))).toBe(300);
    expect(snappyLength(new Uint8Array([0xff]))).toBe(-1);
  });
});
