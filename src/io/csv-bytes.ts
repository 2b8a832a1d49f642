import type { CustomerIds } from '../domain/customer-ids.ts';

/** Bytes gathered before a chunk is handed on: a 10M-row plan is a few hundred chunks. */
export const CSV_CHUNK_BYTES = 1 << 20;

/** Most bytes {@link CsvBytes.number} writes for one value ("-1.2345678901234567e+300" and the like). */
export const NUMBER_CELL_BYTES = 26;

/** Below this many millionths a rounded number is written digit by digit (2^33 · 1e6: see {@link CsvBytes.number}). */
const DIGIT_PATH_LIMIT = 8e15;

/** The ASCII digits of 00 to 99, two bytes each: a number's digits are written two at a time. */
const DIGIT_PAIRS = Uint8Array.from({ length: 200 }, (_, at) => {
  const pair = at >> 1;
  return 48 + (at % 2 === 0 ? Math.floor(pair / 10) : pair % 10);
});

/**
 * Cells a spreadsheet may run as a formula: `=`, `+`, `-` or `@` first, also after leading
 * whitespace (some importers trim it, and Excel runs ` =1+1` typed after a space), or a leading
 * tab, CR or LF (OWASP's CSV-injection list).
 */
const FORMULA_START = /^[\t\r\n]|^\s*[=+\-@]/;

/**
 * A text cell safe for spreadsheets and RFC 4180: a cell that could run as a formula (see
 * {@link FORMULA_START}) gets a leading apostrophe; quotes, commas and newlines are quoted.
 */
export function textCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A number as a CSV cell: rounded to 1e-6, written as JavaScript writes that double. */
export function numberCell(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}

/** Most bytes {@link CsvBytes.id} writes for customer id `i`: its bytes doubled (quotes), an apostrophe and two quotes. */
export const idCellBytes = (ids: CustomerIds, i: number): number => 2 * (ids.offsets[i + 1] - ids.offsets[i]) + 3;

/**
 * CSV text built as UTF-8 bytes in chunks of about {@link CSV_CHUNK_BYTES}, never as one
 * string: a plan of any size fits (V8 caps a string's length), and numbers are
 * written digit by digit instead of through `String`. Callers {@link reserve} room for a row
 * before writing its cells.
 */
export class CsvBytes {
  private buffer: Buffer;
  private at = 0;
  /** With a ring, the buffers of the chunks taken, oldest first (at most `ring`). */
  private readonly taken: Buffer[] = [];

  /**
   * With `ring`, the chunks taken reuse `ring` buffers in turn: a chunk's bytes stay as they
   * are until the `ring`-th chunk after it is being filled, and fresh memory (costly to touch
   * first) is allocated `ring` times. Without it, every chunk is a buffer of its own.
   */
  constructor(
    private readonly chunkBytes = CSV_CHUNK_BYTES,
    private readonly ring = 0,
  ) {
    this.buffer = Buffer.allocUnsafe(chunkBytes);
  }

  /** True when `bytes` more fit in the current chunk. */
  fits(bytes: number): boolean {
    return this.at + bytes <= this.buffer.length;
  }

  /** Makes room for `bytes` more; returns the filled chunk when it had to be handed off first. */
  reserve(bytes: number): Uint8Array | undefined {
    if (this.at + bytes <= this.buffer.length) return undefined;
    const full = this.at > 0 ? this.take() : undefined;
    if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafe(bytes);
    return full;
  }

  /** The bytes written since the last take; the next ones go to a fresh chunk (or the ring's oldest). */
  take(): Uint8Array {
    const full = this.buffer.subarray(0, this.at);
    this.buffer = this.nextBuffer(this.buffer);
    this.at = 0;
    return full;
  }

  /** The buffer to fill after `filled` is taken: with a ring, the one taken `ring` chunks ago once there is one. */
  private nextBuffer(filled: Buffer): Buffer {
    if (this.ring <= 0) return Buffer.allocUnsafe(this.chunkBytes);
    this.taken.push(filled);
    return this.taken.length >= this.ring ? (this.taken.shift() as Buffer) : Buffer.allocUnsafe(this.chunkBytes);
  }

  /** Bytes as they are (a cell or a run of cells prepared once); short runs copied byte by byte. */
  raw(bytes: Uint8Array): void {
    const buffer = this.buffer;
    if (bytes.length > 16) buffer.set(bytes, this.at);
    else for (let j = 0; j < bytes.length; j++) buffer[this.at + j] = bytes[j];
    this.at += bytes.length;
  }

  /** The cell separator. */
  comma(): void {
    this.buffer[this.at++] = 44;
  }

  /** Text as UTF-8, as it is (the caller made it a valid run of cells). */
  text(value: string): void {
    const written = this.buffer.write(value, this.at);
    // Buffer.write stops at the chunk's end without a word: a cell past the room reserved would lose its tail.
    if (written < Buffer.byteLength(value))
      throw new RangeError('CsvBytes: a cell is longer than the room reserved for it');
    this.at += written;
  }

  /**
   * Customer id `i` as {@link textCell} writes it (plain ASCII byte by byte), copied from the ids' own UTF-8 bytes when every
   * byte is plain (no decode to a string per row).
   */
  id(ids: CustomerIds, i: number): void {
    const start = ids.offsets[i];
    const end = ids.offsets[i + 1];
    const bytes = ids.bytes;
    const first = end > start ? bytes[start] : 0;
    if (first <= 32 || first === 61 || first === 43 || first === 45 || first === 64)
      return this.text(textCell(ids.at(i)));
    const buffer = this.buffer;
    let at = this.at;
    for (let j = start; j < end; j++) {
      const c = bytes[j];
      if (c >= 128 || c < 32 || c === 34 || c === 44) return this.text(textCell(ids.at(i)));
      buffer[at++] = c;
    }
    this.at = at;
  }

  /**
   * {@link numberCell}`(value)`, byte for byte. Below 2^33 the double nearest m / 1e6 (m the
   * rounded millionths) prints as m's own digits: any shorter decimal is at least 1e-6 away,
   * more than the spacing of doubles there, so it names another double. Larger and non-finite
   * values go through `String`.
   */
  number(value: number): void {
    const micros = Math.round(value * 1e6);
    if (!(Math.abs(micros) < DIGIT_PATH_LIMIT)) return this.text(String(micros / 1e6));
    const buffer = this.buffer;
    if (micros === 0) {
      buffer[this.at++] = 48;
      return;
    }
    let magnitude = micros;
    if (micros < 0) {
      buffer[this.at++] = 45;
      magnitude = -micros;
    }
    const whole = Math.floor(magnitude / 1e6);
    const fraction = magnitude - whole * 1e6;
    if (whole < 100) this.smallWhole(whole);
    else this.digits(whole);
    if (fraction !== 0) this.fraction(fraction);
  }

  /** `value` (0 to 99) in one or two digits. */
  private smallWhole(value: number): void {
    const buffer = this.buffer;
    if (value < 10) buffer[this.at++] = 48 + value;
    else {
      buffer[this.at] = DIGIT_PAIRS[2 * value];
      buffer[this.at + 1] = DIGIT_PAIRS[2 * value + 1];
      this.at += 2;
    }
  }

  /** `value` (a non-negative integer) in decimal digits. */
  private digits(value: number): void {
    const buffer = this.buffer;
    let count = 1;
    for (let power = 10; power <= value; power *= 10) count++;
    let rest = value;
    const small = value <= 0x7fffffff;
    for (let d = this.at + count - 1; d >= this.at; d--) {
      const next = small ? (rest / 10) | 0 : Math.floor(rest / 10);
      buffer[d] = 48 + rest - 10 * next;
      rest = next;
    }
    this.at += count;
  }

  /** `.` and `millionths` (1 to 999,999) as six digits, trailing zeros dropped. */
  private fraction(millionths: number): void {
    const buffer = this.buffer;
    const at = this.at;
    const high = (millionths / 10000) | 0;
    const low = millionths - 10000 * high;
    const middle = (low / 100) | 0;
    const last = low - 100 * middle;
    buffer[at] = 46;
    buffer[at + 1] = DIGIT_PAIRS[2 * high];
    buffer[at + 2] = DIGIT_PAIRS[2 * high + 1];
    buffer[at + 3] = DIGIT_PAIRS[2 * middle];
    buffer[at + 4] = DIGIT_PAIRS[2 * middle + 1];
    buffer[at + 5] = DIGIT_PAIRS[2 * last];
    buffer[at + 6] = DIGIT_PAIRS[2 * last + 1];
    let end = at + 7;
    while (buffer[end - 1] === 48) end--;
    this.at = end;
  }
}
