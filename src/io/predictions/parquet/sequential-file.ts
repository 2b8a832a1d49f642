import type { AsyncBuffer } from 'hyparquet';

/**
 * A file of `byteLength` bytes read once, front to back, from `chunks` (which may reuse their
 * buffers), as hyparquet's `AsyncBuffer` for a reader that asks for ranges in file order, such
 * as a Parquet file's row groups once its footer is known. It holds only the bytes from the start
 * of the last {@link window} on, so a file is decoded as it streams past instead of once it is
 * all in memory: one row group's bytes, in a buffer reused from group to group.
 */
export class SequentialFile implements AsyncBuffer {
  private readonly chunks: AsyncIterator<Uint8Array>;
  /** Holds the file's bytes `[held, held + used)`. */
  private buffer: Uint8Array;
  private held = 0;
  private used = 0;
  /** Where the last window starts: the bytes before it are not kept. */
  private from = 0;
  private reading: Promise<unknown> = Promise.resolve();

  /** `capacity`: the bytes a window and a chunk past it may take, when known (the buffer is then sized once). */
  constructor(
    chunks: AsyncIterable<Uint8Array>,
    readonly byteLength: number,
    capacity = 0,
  ) {
    this.chunks = chunks[Symbol.asyncIterator]();
    this.buffer = new Uint8Array(Math.min(capacity, byteLength));
  }

  /** Bytes `[start, end)`, valid until the next call: the bytes before `start` are let go. */
  async window(start: number, end: number): Promise<Uint8Array> {
    await this.fill(start, end, true);
    return this.buffer.subarray(start - this.held, end - this.held);
  }

  /** A copy of bytes `[start, end)`, which must not lie before the last {@link window}. */
  async slice(start: number, end = this.byteLength): Promise<ArrayBuffer> {
    await this.fill(start, end, false);
    return this.buffer.slice(start - this.held, end - this.held).buffer;
  }

  /**
   * Reads the rest of the file without keeping it (so that whatever meters the chunks sees every
   * byte); returns the file's length as read, which differs from `byteLength` if it changed.
   */
  async drain(): Promise<number> {
    await this.reading;
    let length = this.held + this.used;
    for (let next = await this.chunks.next(); !next.done; next = await this.chunks.next()) length += next.value.length;
    return length;
  }

  /** Stops reading: the chunks' source is closed. */
  async close(): Promise<void> {
    await this.reading.catch(() => undefined);
    await this.chunks.return?.();
  }

  /**
   * Reads chunks until byte `end` is held, first letting go of the bytes before `start` when it
   * starts a window; one read at a time, as ranges may be asked for at once.
   */
  private fill(start: number, end: number, window: boolean): Promise<void> {
    const filled = this.reading.then(async () => {
      if (start < this.from || end > this.byteLength || start > end)
        throw new Error(`bytes ${start}-${end} asked out of order (held from ${this.from} of ${this.byteLength})`);
      if (window) {
        this.from = start;
        const drop = Math.min(start - this.held, this.used);
        this.buffer.copyWithin(0, drop, this.used);
        this.used -= drop;
        this.held += drop;
      }
      while (this.held + this.used < end) {
        const next = await this.chunks.next();
        if (next.done) throw new Error(`the file ends at byte ${this.held + this.used}, before ${end}`);
        this.append(next.value);
      }
    });
    this.reading = filled.catch(() => undefined);
    return filled;
  }

  /** Keeps `chunk`, the file's next bytes, but those before the last window. */
  private append(chunk: Uint8Array): void {
    const skip = this.used === 0 ? Math.min(chunk.length, Math.max(0, this.from - this.held)) : 0;
    this.held += skip;
    const length = chunk.length - skip;
    if (this.used + length > this.buffer.length) {
      const next = new Uint8Array(Math.max(this.used + length, Math.ceil(this.buffer.length * 1.5)));
      next.set(this.buffer.subarray(0, this.used));
      this.buffer = next;
    }
    this.buffer.set(skip === 0 ? chunk : chunk.subarray(skip), this.used);
    this.used += length;
  }
}
