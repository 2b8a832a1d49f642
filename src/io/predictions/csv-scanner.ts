import { isUtf8 } from 'node:buffer';
import { PlannerError } from '../../domain/errors.ts';
import { CsvFields, HASHED, IRREGULAR, NON_ASCII, NUMBER, QUOTED, ESCAPED, SKIP } from './csv-fields.ts';
import { plainRunEnd, readPlainHash, readPlainNumber } from './plain-run.ts';
import { completeUtf8End, describeBadByte, firstInvalidUtf8 } from './utf8-check.ts';

/** The longest row read: a row past it is a quote left open, not a customer. */
export const MAX_ROW_BYTES = 1024 * 1024;

/** Receives each record: its fields are `[fields.starts[k], fields.ends[k])` in `bytes` (quotes excluded). */
export type RowHandler = (bytes: Buffer, fieldCount: number, row: number) => void;

/**
 * An RFC 4180 record scanner over a byte stream (SPEC 2.1): comma separated, `"` quoting with
 * doubled quotes, LF, CRLF or CR line ends, an optional UTF-8 BOM, blank lines skipped (and
 * counted, so rows are the file's rows: the header is row 1). It reads bytes, never decoded
 * text: the caller decodes only the cells it needs. UTF-8 is checked natively chunk by chunk;
 * a bad byte is reported with its row, column and byte offset. A row cut by a chunk boundary is
 * copied into the next chunk, so the caller may reuse a chunk's buffer once `push` returns.
 */
export class CsvScanner {
  /** The fields of the current record; their `kinds` are set by the caller once the header is known. */
  readonly fields = new CsvFields();
  /** Header names, once known, so errors can name a column instead of a field number. */
  names: readonly string[] = [];
  private carry: Buffer | undefined;
  private carryOffset = 0;
  private offset = 0;
  private row = 0;
  private validatedTo = 0;
  private badByte = Number.POSITIVE_INFINITY;

  constructor(
    private readonly file: string,
    private readonly onRow: RowHandler,
    private readonly onBlankRow: (row: number) => void = () => {},
  ) {}

  /** Bytes held over from the chunks pushed so far: the start of a row not yet complete. */
  get carriedBytes(): number {
    return this.carry?.length ?? 0;
  }

  /** Scans every complete record of `chunk` (after what was carried). */
  push(chunk: Buffer): void {
    let data = chunk;
    let base = this.offset;
    this.offset += chunk.length;
    const carry = this.carry;
    if (carry && this.carryOffset === 0 && carry.length + chunk.length < 3) {
      this.keep(Buffer.concat([carry, chunk]), 0);
      return;
    }
    if (carry) {
      // Joins the cut row with just enough of the chunk to finish it, rather than copying the whole chunk.
      let take = Math.min(chunk.length, carry.length + 4096);
      let joined = Buffer.concat([carry, chunk.subarray(0, take)]);
      let used = this.scanChecked(joined, this.carryOffset);
      while (used === 0 && take < chunk.length) {
        take = Math.min(chunk.length, take * 2);
        joined = Buffer.concat([carry, chunk.subarray(0, take)]);
        used = this.scanChecked(joined, this.carryOffset);
      }
      if (used < carry.length || take === chunk.length) {
        this.keep(Buffer.concat([joined.subarray(used), chunk.subarray(take)]), this.carryOffset + used);
        return;
      }
      data = chunk.subarray(used - carry.length);
      base = this.carryOffset + used;
    } else if (base === 0 && data.length < 3) {
      this.keep(data, 0);
      return;
    }
    const used = this.scanChecked(data, base);
    this.keep(data.subarray(used), base + used);
  }

  /** Checks the UTF-8 of `data` (but a character cut at its end) and scans its complete records. */
  private scanChecked(data: Buffer, base: number): number {
    this.check(data, base, completeUtf8End(data));
    return this.scan(data, base, false);
  }

  /** Scans what is left at the end of the input; returns the number of rows seen. */
  end(): number {
    const data = this.carry ?? Buffer.alloc(0);
    const base = this.carryOffset;
    this.carry = undefined;
    this.check(data, base, data.length);
    this.scan(data, base, true);
    return this.row;
  }

  /**
   * Holds a copy of `rest` (starting at byte `offset` of the input) until the next chunk: a row
   * cut short. A copy, as the caller may reuse the chunk's buffer for the next one.
   */
  private keep(rest: Buffer, offset: number): void {
    this.carry = rest.length > 0 ? Buffer.from(rest) : undefined;
    this.carryOffset = offset;
    if (rest.length > MAX_ROW_BYTES)
      throw new PlannerError(
        'BAD_INPUT',
        `${this.file}, row ${this.row + 1}: not valid CSV (the row is longer than ${MAX_ROW_BYTES} bytes; a quote may be left open)`,
        { location: { file: this.file, row: this.row + 1 } },
      );
  }

  /** Finds the first byte that is not UTF-8 among the bytes not yet checked, up to `to`. */
  private check(data: Buffer, base: number, to: number): void {
    const from = Math.max(0, this.validatedTo - base);
    if (to <= from || this.badByte !== Number.POSITIVE_INFINITY) return;
    if (!isUtf8(data.subarray(from, to))) this.badByte = base + firstInvalidUtf8(data, from, to);
    this.validatedTo = base + to;
  }

  private error(row: number, why: string, column: string): PlannerError {
    return new PlannerError('BAD_INPUT', `${this.file}, row ${row}: not valid CSV (column "${column}": ${why})`, {
      location: { file: this.file, row, column },
    });
  }

  private columnName(field: number): string {
    return this.names[field] ?? `field ${field + 1}`;
  }

  private refuseBadByte(bytes: Buffer, base: number, fields: number): never {
    const at = this.badByte - base;
    let field = 0;
    while (field < fields - 1 && this.fields.starts[field + 1] <= at) field++;
    const column = this.row === 1 ? undefined : this.columnName(field);
    throw new PlannerError(
      'BAD_INPUT',
      `${this.file}: not UTF-8 text at row ${this.row}${column ? `, column "${column}"` : ''} (${describeBadByte(bytes, at, this.badByte)}); save the file as UTF-8 CSV`,
      { location: { file: this.file, row: this.row, column } },
    );
  }

  /** Scans records from the start of `b`; returns where the first incomplete record starts. */
  private scan(b: Buffer, base: number, eof: boolean): number {
    const n = b.length;
    const view = new DataView(b.buffer, b.byteOffset, n);
    let { starts, ends, flags, numbers, hashes, kinds } = this.fields;
    let i = base === 0 && n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
    while (i < n) {
      const rowStart = i;
      let c = b[i];
      if (c === 10 || c === 13) {
        if (c === 13 && i + 1 >= n && !eof) return rowStart;
        i += c === 13 && b[i + 1] === 10 ? 2 : 1;
        this.onBlankRow(++this.row);
        continue;
      }
      let f = 0;
      for (;;) {
        if (f === starts.length) ({ starts, ends, flags, numbers, hashes, kinds } = this.fields.grow());
        let flag = 0;
        let start: number;
        let end: number;
        if (i < n && b[i] === 34) {
          flag = QUOTED;
          start = ++i;
          for (;;) {
            if (i >= n) {
              if (!eof) return rowStart;
              throw this.error(this.row + 1, 'a quoted field is never closed', this.columnName(f));
            }
            c = b[i];
            if (c === 34) {
              if (i + 1 >= n && !eof) return rowStart;
              if (b[i + 1] === 34) {
                flag |= ESCAPED;
                i += 2;
                continue;
              }
              end = i++;
              break;
            }
            if (c >= 128) flag |= NON_ASCII;
            i++;
          }
          if (i < n && (c = b[i]) !== 44 && c !== 10 && c !== 13)
            throw this.error(this.row + 1, 'a character follows a closing quote', this.columnName(f));
        } else {
          start = i;
          const kind = kinds[f];
          const fast =
            kind === NUMBER
              ? readPlainNumber(b, i, n, numbers, f)
              : kind === HASHED
                ? readPlainHash(b, i, n, hashes, f)
                : i;
          i = fast;
          for (;;) {
            i = plainRunEnd(b, view, i, n);
            if (i >= n) break;
            c = b[i];
            if (c === 44 || c === 10 || c === 13) break;
            if (c === 34)
              throw this.error(
                this.row + 1,
                'a quote inside an unquoted field; quote the whole field and double the quote',
                this.columnName(f),
              );
            if (c >= 128) flag = NON_ASCII;
            i++;
          }
          end = i;
          if (fast !== end && kind !== SKIP) flag |= IRREGULAR;
        }
        starts[f] = start;
        ends[f] = end;
        flags[f] = flag;
        f++;
        if (i >= n) {
          if (!eof) return rowStart;
          break;
        }
        c = b[i];
        if (c === 44) {
          i++;
          if (i >= n && !eof) return rowStart;
          continue;
        }
        if (c === 13 && i + 1 >= n && !eof) return rowStart;
        i += c === 13 && b[i + 1] === 10 ? 2 : 1;
        break;
      }
      this.row++;
      if (base + i > this.badByte) this.refuseBadByte(b, base, f);
      this.onRow(b, f, this.row);
    }
    return i;
  }
}
