import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { describe, expect, it } from 'vitest';
import { loadWasmSnappy, reusingSnappy, snappyLength } from '../../../../../src/io/predictions/parquet/wasm-snappy.ts';

/** The WebAssembly API (Node's types do not declare it as a value). */
const wasmApi = (globalThis as unknown as { WebAssembly: { Instance: unknown } }).WebAssembly;

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

  it('decompresses into one reused area for our decoder, and a fresh copy each page for hyparquet', async () => {
    // Prepare
    const original = wasmApi.Instance;
    const decompress = await loadWasmSnappy();
    const reusing = reusingSnappy(decompress);
    const other = new TextEncoder().encode('CUST-000000009 '.repeat(90));
    // Act
    const copy = decompress(snappyCompress(raw), raw.length);
    decompress(snappyCompress(other), other.length);
    const first = reusing?.(snappyCompress(raw), raw.length);
    const second = reusing?.(snappyCompress(other), other.length);
    // Assess: hyparquet keeps views of a page's bytes, so its pages must outlive the next
    expect(wasmApi.Instance).toBe(original);
    expect(copy).toEqual(raw);
    expect(first?.length).toBe(raw.length);
    expect(second).toEqual(other);
    expect(second?.buffer).toBe(first?.buffer);
    expect(second?.buffer).not.toBe(copy.buffer);
    expect(reusingSnappy(undefined)).toBeUndefined();
    expect(() => reusing?.(snappyCompress(raw), raw.length - 1)).toThrow(/where its header says 1799/);
    // A block cut short, its length still the page's: refused as the copying decoder refuses it.
    const cut = snappyCompress(raw).subarray(0, 40);
    expect(() => decompress(cut, raw.length)).toThrow(/missing eof marker/);
    expect(() => reusing?.(cut, raw.length)).toThrow(/missing eof marker/);
  });

  it('reads the varint length a Snappy block starts with', () => {
    expect(snappyLength(new Uint8Array([0]))).toBe(0);
    expect(snappyLength(new Uint8Array([0xac, 0x02, 9]))).toBe(300);
    expect(snappyLength(new Uint8Array([0xff]))).toBe(-1);
  });
});
