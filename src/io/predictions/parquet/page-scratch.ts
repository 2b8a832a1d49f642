/**
 * A buffer that one page is decoded through and that is let go once the page is read, reused
 * page after page: a fresh array per page costs the kernel a page fault per 4 KiB. What
 * {@link take} returns is valid only until the next page is decoded.
 */
class PageScratch<T extends Uint8Array | Int32Array | Float64Array> {
  private array: T;

  constructor(private readonly make: (length: number) => T) {
    this.array = make(0);
  }

  /** Room for `length` elements. */
  take(length: number): T {
    if (this.array.length < length) this.array = this.make(Math.max(length, Math.ceil(this.array.length * 1.5)));
    return this.array.subarray(0, length) as T;
  }
}

/** A page's decompressed bytes. */
export const pageBytes = new PageScratch((n) => new Uint8Array(n));
/** A page's definition levels. */
export const pageLevels = new PageScratch((n) => new Int32Array(n));
/** A page's dictionary indices. */
export const pageIndices = new PageScratch((n) => new Int32Array(n));
/** A page's numbers, before they are spread over their rows. */
export const pageNumbers = new PageScratch((n) => new Float64Array(n));
/** A page's text entries, before they are spread over their rows. */
export const pageEntries = new PageScratch((n) => new Int32Array(n));
