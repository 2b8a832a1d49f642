/** Where the complete UTF-8 sequences of `bytes` end: before a multi-byte character cut at the end. */
export function completeUtf8End(bytes: Uint8Array): number {
  const n = bytes.length;
  let k = n - 1;
  while (k >= 0 && n - k < 4 && (bytes[k] & 0xc0) === 0x80) k--;
  if (k < 0) return n;
  const lead = bytes[k];
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return n - k < length ? k : n;
}

/** The range of the second byte after a lead byte (Unicode Table 3-7), or undefined for a bad lead. */
function secondByteRange(lead: number): [number, number] | undefined {
  if (lead >= 0xc2 && lead <= 0xdf) return [0x80, 0xbf];
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [0x80, 0xbf];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  if (lead >= 0xf1 && lead <= 0xf3) return [0x80, 0xbf];
  return undefined;
}

/** The index of the first byte in `[from, to)` that starts no valid UTF-8 sequence; `to` when all are valid. */
export function firstInvalidUtf8(bytes: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    const range = secondByteRange(lead);
    const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (!range || i + length > to || bytes[i + 1] < range[0] || bytes[i + 1] > range[1]) return i;
    for (let k = 2; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += length;
  }
  return to;
}

/** `byte 0xE9 at offset 38`, with a hint when it reads as a Latin-1 letter. */
export function describeBadByte(bytes: Uint8Array, index: number, offset: number): string {
  const byte = bytes[index];
  const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  const latin1 = byte >= 0xc0 ? ` ("${String.fromCharCode(byte)}" in Latin-1)` : '';
  return `byte ${hex}${latin1} at offset ${offset}`;
}
