import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** One PNG chunk: length, type, data and the CRC-32 of type and data. */
function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** RGBA pixels premultiplied by alpha (as a renderer keeps them) as plain RGBA; the same array when all are opaque. */
function unpremultiplied(pixels: Uint8Array): Uint8Array {
  let opaque = true;
  for (let at = 3; at < pixels.length && opaque; at += 4) opaque = pixels[at] === 255;
  if (opaque) return pixels;
  const plain = Uint8Array.from(pixels);
  for (let at = 0; at < plain.length; at += 4) {
    const alpha = plain[at + 3];
    if (alpha === 255) continue;
    for (let c = at; c < at + 3; c++) plain[c] = alpha === 0 ? 0 : Math.min(255, Math.round((plain[c] * 255) / alpha));
  }
  return plain;
}

/**
 * An image of premultiplied RGBA pixels (row by row, 4 bytes each) as PNG bytes: 8 bits a
 * channel, no filter, deflated by Node's native zlib at its default level (several times
 * faster than the renderer's own Wasm encoder, and smaller).
 */
export function encodePng(width: number, height: number, premultiplied: Uint8Array): Buffer {
  const pixels = unpremultiplied(premultiplied);
  const stride = 4 * width;
  // Each row is its filter byte (0: none) and its pixels.
  const rows = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) rows.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
