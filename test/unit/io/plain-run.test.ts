import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashBytes } from '../../../src/io/predictions/hash.ts';
import { plainRunEnd, readPlainHash } from '../../../src/io/predictions/plain-run.ts';

/** The plain definition: the first byte in [from, to) below 45 or above 127. */
function firstSpecial(bytes: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) if (bytes[i] < 45 || bytes[i] > 127) return i;
  return to;
}

describe('plainRunEnd', () => {
  it('stops at the same byte as a byte-by-byte loop, at any offset into any buffer (property)', () => {
    const byte = fc.oneof(fc.integer({ min: 45, max: 127 }), fc.integer({ min: 0, max: 255 }));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 40 }), fc.nat(8), fc.nat(40), fc.nat(40), (values, pad, a, b) => {
        const buffer = new Uint8Array(pad + values.length);
        buffer.set(values, pad);
        const bytes = buffer.subarray(pad);
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
        const [from, to] = [Math.min(a, b, bytes.length), Math.min(Math.max(a, b), bytes.length)];
        expect(plainRunEnd(bytes, view, from, to)).toBe(firstSpecial(bytes, from, to));
      }),
      { numRuns: 2000 },
    );
  });

  it('stops at each kind of byte that ends or spoils an unquoted field', () => {
    for (const special of [',', '\n', '\r', '"', ' ', '+', 'é']) {
      const bytes = Buffer.from(`ABCDEFGHIJ${special}KLMN`);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
      expect(plainRunEnd(bytes, view, 0, bytes.length), JSON.stringify(special)).toBe(10);
    }
  });

  it('hashes the run it reads as hashBytes does, and stops where plainRunEnd stops (property)', () => {
    const byte = fc.oneof(fc.integer({ min: 45, max: 127 }), fc.integer({ min: 0, max: 255 }));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 30 }), (values) => {
        const bytes = Uint8Array.from(values);
        const view = new DataView(bytes.buffer);
        const hashes = new Uint32Array(1);
        const stop = readPlainHash(bytes, 0, bytes.length, hashes, 0);
        expect(stop).toBe(plainRunEnd(bytes, view, 0, bytes.length));
        expect(hashes[0]).toBe(hashBytes(bytes, 0, stop));
      }),
      { numRuns: 1000 },
    );
  });
});
