import { CustomerIds } from '../../domain/customer-ids.ts';
import { findDuplicate } from './find-duplicate.ts';
import { FNV_OFFSET, FNV_PRIME, hashBytes, hashWords, wordFinish, wordStep } from './hash.ts';
import { isSpace } from './parse-number.ts';

const encoder = new TextEncoder();

/** Which hash an arena's ids have: FNV-1a (`hashBytes`), the word hash (`hashWords`), or both. */
const FNV = 1;
const WORDS = 2;

/**
 * Collects customer ids as the reader meets them, as UTF-8 bytes in one growing buffer with an
 * offset and a 32-bit hash per id: no string is made for an id. The hash (FNV-1a of the id's
 * bytes, or the word hash of ids copied four bytes at a time) lets repeated ids be found once
 * every row is read; ids are equal when their bytes are.
 */
export class IdArena {
  private bytes = new Uint8Array(0);
  private view = new DataView(this.bytes.buffer);
  /** The hashes the ids were given ({@link FNV}, {@link WORDS}): when both, {@link findRepeat} hashes them afresh. */
  private kinds = 0;
  private offsets = new Uint32Array(1);
  private hashes = new Uint32Array(0);
  private used = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /**
   * Appends the id `source[from, to)` as it is, whose FNV-1a hash (`hashBytes`) is `hashes[at]`:
   * read here, as a hash above 2^30 handed over as an argument is boxed on the heap.
   */
  addHashed(source: Uint8Array, from: number, to: number, hashes: Uint32Array, at: number): void {
    this.addPlain(source, from, to, hashes[at]);
  }

  /**
   * Appends the id `source[from, to)` as it is when every byte is ASCII, hashing it in the pass
   * that copies it; returns false, appending nothing, when a byte is not.
   */
  addAscii(source: Uint8Array, from: number, to: number): boolean {
    if (this.used + (to - from) > this.bytes.length) this.ensure(to - from);
    const out = this.bytes;
    let at = this.used;
    let hash = FNV_OFFSET;
    let bits = 0;
    for (let k = from; k < to; k++) {
      const byte = source[k];
      out[at++] = byte;
      bits |= byte;
      hash = Math.imul(hash ^ byte, FNV_PRIME);
    }
    if (bits >= 128) return false;
    this.commit(at, hash);
    return true;
  }

  /**
   * Appends the ids of entries `entryOf[k]` for k in `[from, to)`, entry e being
   * `source[starts[e], ends[e])`, as they are, four bytes at a time with the word hash, up to
   * the first that is empty, starts or ends with white space or holds a byte that is not ASCII;
   * returns that one's k (`to` when every id was appended), for the caller to add it otherwise.
   */
  addAsciiEntries(
    source: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    entryOf: Int32Array,
    from: number,
    to: number,
  ): number {
    const view = new DataView(source.buffer, source.byteOffset, source.byteLength);
    let out = this.bytes;
    let outView = this.view;
    let at = this.used;
    let k = from;
    for (; k < to; k++) {
      const entry = entryOf[k];
      const start = starts[entry];
      const end = ends[entry];
      if (start >= end || isSpace(source[start]) || isSpace(source[end - 1])) break;
      if (at + (end - start) > out.length) {
        this.ensure(end - start);
        [out, outView] = [this.bytes, this.view];
      }
      let hash = FNV_OFFSET ^ (end - start);
      let bits = 0;
      let i = start;
      for (; i + 4 <= end; i += 4, at += 4) {
        const word = view.getUint32(i, true);
        outView.setUint32(at, word, true);
        bits |= word;
        hash = wordStep(hash, word);
      }
      let tail = 0;
      for (let shift = 0; i < end; i++, shift += 8) {
        const byte = source[i];
        out[at++] = byte;
        tail |= byte << shift;
      }
      if (((bits | tail) & 0x80808080) !== 0) break;
      this.commit(at, wordFinish(wordStep(hash, tail)), WORDS);
    }
    return k;
  }

  /** Appends the id `source[from, to)` as it is, whose FNV-1a hash (`hashBytes`) is `hash`. */
  private addPlain(source: Uint8Array, from: number, to: number, hash: number): void {
    if (this.used + (to - from) > this.bytes.length) this.ensure(to - from);
    const out = this.bytes;
    let at = this.used;
    for (let k = from; k < to; k++) out[at++] = source[k];
    this.commit(at, hash);
  }

  /**
   * Appends the ASCII id held in `source[from, to)`, surrounding white space trimmed and, when
   * `escaped`, doubled quotes undone (the cell of a quoted CSV field holding `""`).
   */
  addBytes(source: Uint8Array, from: number, to: number, escaped: boolean): void {
    while (from < to && isSpace(source[from])) from++;
    while (to > from && isSpace(source[to - 1])) to--;
    if (!escaped) return this.addPlain(source, from, to, hashBytes(source, from, to));
    this.ensure(to - from);
    const start = this.used;
    let at = start;
    for (let k = from; k < to; k++) {
      this.bytes[at++] = source[k];
      if (source[k] === 34) k++;
    }
    this.commit(at, hashBytes(this.bytes, start, at));
  }

  /** Appends an id given as text, as it is (the caller trims). */
  addText(text: string): void {
    this.ensure(text.length * 3);
    const out = this.bytes;
    const start = this.used;
    let at = start;
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c >= 128) {
        at = start + encoder.encodeInto(text, out.subarray(start)).written;
        break;
      }
      out[at++] = c;
    }
    this.commit(at, hashBytes(out, start, at));
  }

  /** Whether any of ids `[from, to)` is empty. */
  anyEmpty(from: number, to: number): boolean {
    const offsets = this.offsets;
    for (let k = from; k < to; k++) if (offsets[k + 1] === offsets[k]) return true;
    return false;
  }

  /** Forgets the ids from `size` on, as if they had never been appended. */
  truncate(size: number): void {
    if (size > this.count) throw new Error(`cannot keep ${size} of ${this.count} ids`);
    this.count = size;
    this.used = this.offsets[size];
  }

  /** The length in bytes of id `index`: 0 for an empty id. */
  lengthOf(index: number): number {
    return this.offsets[index + 1] - this.offsets[index];
  }

  /** Id `index` as text, for a message. */
  textOf(index: number): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.offsets[index], this.lengthOf(index)).toString(
      'utf8',
    );
  }

  /**
   * Makes room for `rows` more ids at once, of `bytes` bytes when the caller knows, else
   * estimated from the ids so far: room left unused past an eighth costs a copy at {@link finish}.
   */
  reserve(rows: number, bytes?: number): void {
    const capacity = this.count + rows;
    if (capacity + 1 > this.offsets.length) this.resizeRows(capacity);
    const perId = this.count > 0 ? this.used / this.count : 16;
    this.ensure(bytes ?? Math.ceil(rows * perId * 1.05));
  }

  /** The first id given twice, as `[first, second]` indexes by the second's position; see {@link findDuplicate}. */
  findRepeat(): [number, number] | undefined {
    if (this.kinds === (FNV | WORDS))
      for (let i = 0; i < this.count; i++)
        this.hashes[i] = hashWords(this.view, this.bytes, this.offsets[i], this.offsets[i + 1]);
    return findDuplicate(this.hashes, this.count, (a, b) => this.same(a, b));
  }

  /** The ids, sized to those read; the arena's hashes are let go. */
  finish(): CustomerIds {
    const n = this.count;
    const fit = <T extends Uint8Array | Uint32Array>(array: T, length: number): T =>
      (array.length - length <= length / 8 ? array.subarray(0, length) : array.slice(0, length)) as T;
    this.hashes = new Uint32Array(0);
    return new CustomerIds(fit(this.bytes, this.used), fit(this.offsets, n + 1), n);
  }

  private same(a: number, b: number): boolean {
    const length = this.lengthOf(a);
    if (length !== this.lengthOf(b)) return false;
    const [from, to] = [this.offsets[a], this.offsets[b]];
    for (let k = 0; k < length; k++) if (this.bytes[from + k] !== this.bytes[to + k]) return false;
    return true;
  }

  private commit(end: number, hash: number, kind = FNV): void {
    this.kinds |= kind;
    const count = this.count;
    if (count + 1 >= this.offsets.length) this.resizeRows(Math.max(1024, Math.ceil(count * 1.5)));
    this.hashes[count] = hash;
    this.offsets[count + 1] = end;
    this.count = count + 1;
    this.used = end;
  }

  /** Makes room for `more` bytes after those used. */
  private ensure(more: number): void {
    if (this.used + more <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.used + more, Math.ceil(this.bytes.length * 1.5), 4096));
    next.set(this.bytes.subarray(0, this.used));
    this.bytes = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  private resizeRows(capacity: number): void {
    const offsets = new Uint32Array(capacity + 1);
    offsets.set(this.offsets.subarray(0, this.count + 1));
    this.offsets = offsets;
    const hashes = new Uint32Array(capacity);
    hashes.set(this.hashes.subarray(0, this.count));
    this.hashes = hashes;
  }
}
