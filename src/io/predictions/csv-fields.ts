/**
 * Flags of a field: it was quoted; it holds doubled quotes; it holds bytes above ASCII; it is
 * unquoted but did not fit its kind's fast path (see {@link FieldKind}). A field whose flags are
 * 0 has a valid `numbers` or `hashes` entry.
 */
export const QUOTED = 1;
export const ESCAPED = 2;
export const NON_ASCII = 4;
export const IRREGULAR = 8;

/**
 * What the scanner works out for a field while it reads it, so the row handler need not read
 * its bytes again: nothing; the plain decimal it holds (into `numbers`); the FNV-1a hash of its
 * bytes when they are all ordinary (45-127: no white space, quote or UTF-8; into `hashes`).
 */
export const SKIP = 0;
export const NUMBER = 1;
export const HASHED = 2;
export type FieldKind = typeof SKIP | typeof NUMBER | typeof HASHED;

/** Where the fields of the current record lie, and what the scanner worked out for each while reading it. */
export class CsvFields {
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  flags = new Uint8Array(64);
  numbers = new Float64Array(64);
  hashes = new Uint32Array(64);
  /** The {@link FieldKind} of each field: set once the header is known; fields past those named are skipped. */
  kinds = new Uint8Array(64);

  /** Doubles the room for fields, keeping what is there. */
  grow(): this {
    const size = this.starts.length * 2;
    const grow = <T extends Int32Array | Uint8Array | Uint32Array | Float64Array>(old: T, next: T): T => (
      next.set(old),
      next
    );
    this.starts = grow(this.starts, new Int32Array(size));
    this.ends = grow(this.ends, new Int32Array(size));
    this.flags = grow(this.flags, new Uint8Array(size));
    this.numbers = grow(this.numbers, new Float64Array(size));
    this.hashes = grow(this.hashes, new Uint32Array(size));
    this.kinds = grow(this.kinds, new Uint8Array(size));
    return this;
  }
}
