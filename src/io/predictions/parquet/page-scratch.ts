/**
 * Buffers that one page is decoded through and that are let go once the page is read (its
 * decompressed bytes, definition levels, dictionary indices, dense values before they are
 * spread over their rows), reused page after page: a fresh array per page costs the kernel a
 * page fault per 4 KiB. What one of them returns is valid only until the next page is decoded.
 */
let bytes = new Uint8Array(0);
let levels = new Uint8Array(0);
let indices = new Int32Array(0);
let numbers = new Float64Array(0);
let entries = new Int32Array(0);

const room = (length: number, held: number): number => Math.max(length, Math.ceil(held * 1.5));

/** Room for a page's `length` decompressed bytes. */
export function pageBytes(length: number): Uint8Array {
  if (bytes.length < length) bytes = new Uint8Array(room(length, bytes.length));
  return bytes.subarray(0, length);
}

/** Room for a page's `length` definition levels. */
export function pageLevels(length: number): Uint8Array {
  if (levels.length < length) levels = new Uint8Array(room(length, levels.length));
  return levels.subarray(0, length);
}

/** Room for a page's `length` dictionary indices. */
export function pageIndices(length: number): Int32Array {
  if (indices.length < length) indices = new Int32Array(room(length, indices.length));
  return indices.subarray(0, length);
}

/** Room for a page's `length` numbers, before they are spread over their rows. */
export function pageNumbers(length: number): Float64Array {
  if (numbers.length < length) numbers = new Float64Array(room(length, numbers.length));
  return numbers.subarray(0, length);
}

/** Room for a page's `length` text entries, before they are spread over their rows. */
export function pageEntries(length: number): Int32Array {
  if (entries.length < length) entries = new Int32Array(room(length, entries.length));
  return entries.subarray(0, length);
}
