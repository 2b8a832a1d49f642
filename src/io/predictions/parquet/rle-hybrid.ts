import { ParquetUnsupported, parquetCorrupt } from './parquet-errors.ts';

/** The unsigned LEB128 integer at `bytes[at.pos]`, advancing `at.pos` past it. */
function readVarint(bytes: Uint8Array, at: { pos: number }, end: number): number {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (at.pos >= end || shift > 28) throw parquetCorrupt('a run header runs past its page');
    const byte = bytes[at.pos++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return value;
    shift += 7;
  }
}

/**
 * Decodes `count` values of the RLE / bit-packed hybrid encoding (Parquet's levels and
 * dictionary indices), each `width` bits, from `bytes[from, end)` into `out[0, count)`.
 * Returns where the runs read end. Widths above 24 bits (dictionaries of more than 16 million
 * entries) are left to hyparquet.
 */
export function readHybrid(
  bytes: Uint8Array,
  from: number,
  end: number,
  width: number,
  count: number,
  out: Int32Array,
): number {
  if (width > 24) throw new ParquetUnsupported(`dictionary indices of ${width} bits`);
  const at = { pos: from };
  const valueBytes = (width + 7) >> 3;
  const mask = (1 << width) - 1;
  let n = 0;
  while (n < count) {
    const header = readVarint(bytes, at, end);
    if ((header & 1) === 0) {
      const run = Math.min(header / 2, count - n);
      if (at.pos + valueBytes > end) throw parquetCorrupt('a run value runs past its page');
      let value = 0;
      for (let b = 0; b < valueBytes; b++) value |= bytes[at.pos + b] << (8 * b);
      at.pos += valueBytes;
      out.fill(value & mask, n, n + run);
      n += run;
      continue;
    }
    const groups = (header - 1) / 2;
    const stop = at.pos + groups * width;
    const values = Math.min(groups * 8, count - n);
    if (at.pos + Math.ceil((values * width) / 8) > end) throw parquetCorrupt('bit-packed values run past their page');
    let pos = at.pos;
    let buffer = 0;
    let bits = 0;
    let k = 0;
    if (width <= 4) {
      const whole = values >>> 3;
      unpackGroups(bytes, pos, width, whole, out, n);
      pos += whole * width;
      n += whole * 8;
      k = whole * 8;
    }
    for (; k < values; k++) {
      while (bits < width) {
        buffer |= bytes[pos++] << bits;
        bits += 8;
      }
      out[n++] = buffer & mask;
      buffer >>>= width;
      bits -= width;
    }
    at.pos = Math.min(stop, end);
  }
  return at.pos;
}

/**
 * Unpacks `groups` groups of eight `width`-bit values (width at most 4: a group fits one 32-bit
 * word) from `bytes[pos]` on into `out` from `n` on: a word a group, where the value loop reads
 * a byte at a time.
 */
function unpackGroups(bytes: Uint8Array, pos: number, width: number, groups: number, out: Int32Array, n: number): void {
  const mask = (1 << width) - 1;
  for (let g = 0; g < groups; g++, pos += width, n += 8) {
    let word = 0;
    for (let b = 0; b < width; b++) word |= bytes[pos + b] << (8 * b);
    for (let j = 0; j < 8; j++) out[n + j] = (word >>> (j * width)) & mask;
  }
}
