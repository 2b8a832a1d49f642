import type { FileHandle } from 'node:fs/promises';

/** What a reader iterates and may stop early: a `Readable`, or a {@link FileChunks}. */
export interface ChunkBody extends AsyncIterable<Buffer> {
  readonly destroyed: boolean;
  destroy(): void;
}

/**
 * A local file read front to back into two buffers, reused in turn: each chunk yielded is valid
 * only until the next is asked for. A stream's fresh buffer per chunk costs the kernel a page
 * fault per 4 KiB of file, more than the scan of those bytes; reused ones fault once. The next
 * chunk is read into the other buffer while the caller handles this one, so the reader never
 * waits for the file. Closes the file when read to the end, on an error or on `destroy`.
 */
export class FileChunks implements ChunkBody {
  private closed = false;
  private reading: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly handle: FileHandle,
    private readonly chunkBytes: number,
  ) {}

  get destroyed(): boolean {
    return this.closed;
  }

  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    // A read still under way finishes before the file is closed.
    void this.reading.catch(() => undefined).then(() => this.handle.close().catch(() => undefined));
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    const buffers = [Buffer.allocUnsafeSlow(this.chunkBytes), Buffer.allocUnsafeSlow(this.chunkBytes)];
    const readInto = (buffer: Buffer) => (this.reading = this.handle.read(buffer, 0, buffer.length, null));
    try {
      let next = readInto(buffers[0]);
      for (let turn = 0; !this.closed; turn ^= 1) {
        const { bytesRead } = await next;
        if (bytesRead === 0 || this.closed) return;
        // The buffer of the chunk before this one is free again: the caller asked for this one.
        next = readInto(buffers[turn ^ 1]);
        yield buffers[turn].subarray(0, bytesRead);
      }
    } finally {
      this.destroy();
    }
  }
}
