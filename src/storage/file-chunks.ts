import type { FileHandle } from 'node:fs/promises';

/** What a reader iterates and may stop early: a `Readable`, or a {@link FileChunks}. */
export interface ChunkBody extends AsyncIterable<Buffer> {
  readonly destroyed: boolean;
  destroy(): void;
}

/**
 * A local file read front to back into one buffer, reused for every chunk: each chunk yielded
 * is valid only until the next is asked for. A stream's fresh buffer per chunk costs the kernel
 * a page fault per 4 KiB of file, more than the scan of those bytes; a reused one faults once.
 * Closes the file when read to the end, on an error or on `destroy`.
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
    const buffer = Buffer.allocUnsafeSlow(this.chunkBytes);
    try {
      while (!this.closed) {
        const read = this.handle.read(buffer, 0, buffer.length, null);
        this.reading = read;
        const { bytesRead } = await read;
        if (bytesRead === 0) return;
        yield buffer.subarray(0, bytesRead);
      }
    } finally {
      this.destroy();
    }
  }
}
