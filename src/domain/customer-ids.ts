const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * The customer ids of a week, held as UTF-8 bytes end to end in one buffer rather than as a
 * string per customer: ten million ids cost their bytes and four bytes of offset each, and no
 * garbage-collected object. `at(i)` decodes one id when it is needed (a plan row, a contact
 * history lookup); nothing else keeps the strings.
 */
export class CustomerIds implements Iterable<string> {
  /**
   * Id `i` is `bytes[offsets[i], offsets[i + 1])`, valid UTF-8; `offsets` has at least
   * `length + 1` entries, starting at 0 and never decreasing.
   */
  constructor(
    readonly bytes: Uint8Array,
    readonly offsets: Uint32Array,
    readonly length: number,
  ) {
    if (offsets.length < length + 1 || offsets[length] > bytes.length)
      throw new RangeError(`${length} ids need ${length + 1} offsets within ${bytes.length} bytes`);
  }

  /** The ids of `texts`, in order (for tests, generators and callers that hold strings). */
  static from(texts: Iterable<string>): CustomerIds {
    const encoded = Array.from(texts, (text) => encoder.encode(text));
    const offsets = new Uint32Array(encoded.length + 1);
    encoded.forEach((bytes, i) => (offsets[i + 1] = offsets[i] + bytes.length));
    const bytes = new Uint8Array(offsets[encoded.length]);
    encoded.forEach((id, i) => bytes.set(id, offsets[i]));
    return new CustomerIds(bytes, offsets, encoded.length);
  }

  /** Id `index` as text; `index` must lie in `[0, length)`. */
  at(index: number): string {
    if (!(index >= 0 && index < this.length)) throw new RangeError(`no customer id at ${index} of ${this.length}`);
    return decoder.decode(this.bytes.subarray(this.offsets[index], this.offsets[index + 1]));
  }

  *[Symbol.iterator](): Iterator<string> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }
}
