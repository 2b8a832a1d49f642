/** FNV-1a's offset basis and prime: a cheap 32-bit hash for the readers' lookup tables. */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** FNV-1a over bytes `[start, end)`. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], FNV_PRIME);
  return hash >>> 0;
}

/**
 * One step of the word hash (MurmurHash3's): mixes the next four bytes of an id (little-endian)
 * into `hash`, the word scrambled first so that ids differing in a few bytes spread apart.
 */
export function wordStep(hash: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  const mixed = hash ^ k;
  return (Math.imul((mixed << 13) | (mixed >>> 19), 5) + 0xe6546b64) | 0;
}

/** The word hash's final mix (MurmurHash3's): every bit of the state reaches the top bits that pick a bucket. */
export function wordFinish(hash: number): number {
  let mixed = hash ^ (hash >>> 16);
  mixed = Math.imul(mixed, 0x85ebca6b);
  mixed ^= mixed >>> 13;
  mixed = Math.imul(mixed, 0xc2b2ae35);
  return (mixed ^ (mixed >>> 16)) >>> 0;
}

/**
 * The word hash of `bytes[from, to)` (`view` over the same bytes): four bytes a step, a quarter
 * of FNV-1a's dependent multiplies, for ids copied four bytes at a time.
 */
export function hashWords(view: DataView, bytes: Uint8Array, from: number, to: number): number {
  let hash = FNV_OFFSET ^ (to - from);
  let at = from;
  for (; at + 4 <= to; at += 4) hash = wordStep(hash, view.getUint32(at, true));
  let tail = 0;
  for (let shift = 0; at < to; at++, shift += 8) tail |= bytes[at] << shift;
  return wordFinish(wordStep(hash, tail));
}
