import { Transform, type TransformCallback } from 'node:stream';
import { PlannerError } from '../domain/errors.ts';

/**
 * Refuses bytes that are not UTF-8 and input beyond the size limit, passing text on: the first
 * stage of every CSV reader (predictions, outcomes, exports), so a bad file fails the same way.
 */
export class Utf8Guard extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  private bytes = 0;

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
  ) {
    super({ decodeStrings: true, readableObjectMode: false });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      callback(
        new PlannerError(
          'TOO_LARGE',
          `${this.file}: larger than the limit of ${this.maxBytes} bytes; split the file or raise the limit`,
        ),
      );
      return;
    }
    try {
      callback(null, this.decoder.decode(chunk, { stream: true }));
    } catch (cause) {
      callback(
        new PlannerError(
          'BAD_INPUT',
          `${this.file}: not UTF-8 text (near byte ${this.bytes - chunk.length}); save it as UTF-8 CSV`,
          { cause, location: { file: this.file } },
        ),
      );
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      callback(null, this.decoder.decode());
    } catch (cause) {
      callback(
        new PlannerError('BAD_INPUT', `${this.file}: not UTF-8 text (the file ends inside a character)`, { cause }),
      );
    }
  }
}
