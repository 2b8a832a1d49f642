import { inputError } from '../../domain/errors.ts';
import { formatNumber } from '../../domain/format-number.ts';
import { estimateClv, MAX_CLV, type Predictions } from '../../domain/predictions.ts';
import { IdArena } from './id-arena.ts';
import {
  clvsWithin,
  type ManyRows,
  placeClvs,
  placeReductions,
  probabilitiesWithin,
  reductionsWithin,
} from './many-rows.ts';
import { showValue } from './show-value.ts';

/** The columns one file gives, by the names its header (or schema) uses. */
export interface FileColumns {
  pName: string;
  /** The CLV column's name; undefined when the file has none and CLV is estimated. */
  clvName: string | undefined;
  reductions: { actionId: number; name: string }[];
}

interface FileSpan {
  describe: string;
  start: number;
  firstRow: number;
  /** Customer indexes before which a blank row was skipped, so rows can be named exactly. */
  blanks: number[];
  columns: FileColumns;
}

/** A churn reduction this much above p is rounding noise from the uplift model and is read as p. */
const REDUCTION_TOLERANCE = 1e-9;
const MAX_SEGMENTS = 65_535;
/** Thousands commas without Intl: its locale data would load for one warning. */
const count = (n: number): string => formatNumber(n, 0);

/**
 * Collects the customers of one file set (one or several files, CSV or Parquet) straight into
 * the typed columns of `Predictions`, applying every value rule of SPEC 2.1 as rows arrive:
 * ids non-empty and unique across the set, p in [0, 1], CLV in [0, MAX_CLV], reductions in
 * [0, p], at most 65,535 segments. Columns grow by half when full (`reserve` sizes them once
 * when the row count can be estimated) and are returned without a copy when at most an eighth
 * is unused. Errors name the file, the file's own row and the column.
 */
export class PredictionsBuilder {
  /** The customer ids: a reader appends each row's id here, then calls {@link add}. */
  readonly ids = new IdArena();
  /** The current row's churn reductions, in the order of the first file's columns (NaN: empty). */
  rowReductions = new Float64Array(0);
  /**
   * The current row's churn probability and CLV (NaN: empty), for {@link add}: numbers handed
   * over in an array, not as arguments, are never boxed on the heap when the call is not inlined.
   */
  readonly rowValues = new Float64Array(2);
  private p = new Float64Array(0);
  private v = new Float64Array(0);
  private segmentOf = new Uint16Array(0);
  private reductions: Float64Array[] = [];
  private readonly segments: string[] = [];
  private readonly segmentIndex = new Map<string, number>();
  private readonly files: FileSpan[] = [];
  private readonly warnings: string[] = [];
  private emptyClv = 0;
  private emptyClvAt = '';
  private emptyReductions: number[] = [];

  private rows = 0;

  get size(): number {
    return this.rows;
  }

  /**
   * Starts a file whose data rows begin at `firstRow`. Every file of a set must give the same
   * columns as the first; returns, for each of this file's reduction columns, its slot in `rowReductions`.
   */
  beginFile(describe: string, firstRow: number, columns: FileColumns, warnings: readonly string[] = []): number[] {
    const first = this.files[0]?.columns;
    this.files.push({ describe, start: this.size, firstRow, blanks: [], columns });
    for (const warning of warnings) if (!this.warnings.includes(warning)) this.warnings.push(warning);
    if (!first) {
      this.reductions = columns.reductions.map(() => new Float64Array(this.p.length));
      this.rowReductions = new Float64Array(columns.reductions.length);
      this.emptyReductions = columns.reductions.map(() => 0);
      return columns.reductions.map((_, slot) => slot);
    }
    const ids = (c: FileColumns) => c.reductions.map((r) => r.actionId).sort((a, b) => a - b);
    if ((first.clvName === undefined) !== (columns.clvName === undefined) || `${ids(first)}` !== `${ids(columns)}`)
      throw inputError(
        { file: describe },
        `its columns differ from those of ${this.files[0].describe}; every file of a partition must have the same columns`,
      );
    return columns.reductions.map((r) => first.reductions.findIndex((f) => f.actionId === r.actionId));
  }

  /** Makes room for `rows` more customers at once, whose ids take about `idBytes` bytes when known. */
  reserve(rows: number, idBytes?: number): void {
    if (this.size + rows > this.p.length) this.resize(this.size + rows);
    this.ids.reserve(rows, idBytes);
  }

  /** Notes a blank row skipped before the next customer of the current file. */
  noteBlankRow(): void {
    this.files[this.files.length - 1].blanks.push(this.size);
  }

  /** The index of a segment name (trimmed), adding it when new. */
  segment(name: string, row: number): number {
    const trimmed = name.trim();
    const known = this.segmentIndex.get(trimmed);
    if (known !== undefined) return known;
    const at = { file: this.current.describe, row, column: 'subscription_type' };
    if (trimmed === '') throw inputError(at, 'subscription_type is empty');
    if (this.segments.length >= MAX_SEGMENTS)
      throw inputError(at, `more than ${count(MAX_SEGMENTS)} distinct segments`);
    this.segmentIndex.set(trimmed, this.segments.length);
    this.segments.push(trimmed);
    return this.segments.length - 1;
  }

  /**
   * Adds one customer, whose id was just appended to `ids`: p and CLV come from `rowValues`
   * (a NaN CLV is an empty cell, estimated), the churn reductions from `rowReductions`.
   */
  add(row: number, segment: number): void {
    const p = this.rowValues[0];
    const clv = this.rowValues[1];
    const index = this.size;
    if (this.ids.size !== index + 1) throw new Error(`customer ${index + 1} added without its id`);
    if (this.ids.lengthOf(index) === 0) throw this.refuse(row, 'customer_id', 'customer_id is empty');
    if (index === this.p.length) this.resize(Math.max(1024, Math.ceil(index * 1.5)));
    this.rows++;
    const columns = this.current.columns;
    if (!(p >= 0 && p <= 1)) throw this.refuse(row, columns.pName, `churn probability ${p} is outside [0, 1]`);
    this.p[index] = p;
    this.v[index] = Number.isNaN(clv) ? this.estimate(row, segment, p) : this.checkClv(row, clv);
    this.segmentOf[index] = segment;
    const reductions = this.rowReductions;
    for (let j = 0; j < reductions.length; j++) {
      const r = reductions[j];
      if (Number.isNaN(r)) this.emptyReductions[j]++;
      else if (r < 0 || r > p + REDUCTION_TOLERANCE) {
        const why = r < 0 ? 'is negative' : `is larger than this customer's churn probability ${p}`;
        const name = this.files[0].columns.reductions[j].name;
        throw this.refuse(row, name, `churn reduction ${r} ${why}; a reduction must lie in [0, p]`);
      }
      this.reductions[j][index] = r > p ? p : r;
    }
  }

  /**
   * Adds the `count` customers whose ids were just appended to `ids`, from file row `firstRow`
   * on, when every one meets the rules {@link add} applies (an empty CLV or reduction is NaN);
   * else adds none and returns false, for the caller to add them one by one, which names the
   * first row at fault. `rows.reductions` are in the order of `rowReductions`.
   */
  addMany(firstRow: number, count: number, rows: ManyRows): boolean {
    const index = this.size;
    const { p, clv, segments, reductions } = rows;
    if (this.ids.size !== index + count) throw new Error(`${count} customers added without their ids`);
    if (this.ids.anyEmpty(index, index + count) || !probabilitiesWithin(p, count)) return false;
    if (clv && !clvsWithin(clv, count, MAX_CLV)) return false;
    for (const r of reductions) if (!reductionsWithin(r, p, count, REDUCTION_TOLERANCE)) return false;
    if (index + count > this.p.length) this.resize(Math.max(1024, index + count, Math.ceil(index * 1.5)));
    this.rows += count;
    this.p.set(p, index);
    this.segmentOf.set(segments, index);
    for (let k = 0; k < count; k++) {
      if (clv) k += placeClvs(clv.subarray(k), this.v, index + k, count - k);
      if (k < count) this.v[index + k] = this.estimate(firstRow + k, segments[k], p[k]);
    }
    reductions.forEach((r, j) => (this.emptyReductions[j] += placeReductions(r, p, this.reductions[j], index, count)));
    return true;
  }

  /**
   * The columns, sized to the customers read, and the warnings for the answer. Refuses a
   * customer id given twice (once every row is read, checking them all at once is far cheaper
   * than row by row), naming the second appearance with the earliest row, and the first.
   */
  finish(source: string): Predictions {
    const n = this.size;
    const repeated = this.ids.findRepeat();
    if (repeated) throw this.duplicate(repeated[0], repeated[1]);
    const fit = <T extends Float64Array | Uint16Array>(column: T): T =>
      (column.length - n <= n / 8 ? column.subarray(0, n) : column.slice(0, n)) as T;
    const first = this.files[0]?.columns;
    const warnings = [...this.warnings];
    if (this.emptyClv > 0)
      warnings.push(
        `${count(this.emptyClv)} customers have an empty clv cell (the first at ${this.emptyClvAt}); their CLV is estimated with the segment revenue proxy (see README)`,
      );
    first?.reductions.forEach((column, j) => {
      const empty = this.emptyReductions[j];
      if (empty > 0)
        warnings.push(
          `${column.name} is empty for ${count(empty)} customers; they use p × the catalog uplift of action ${column.actionId}`,
        );
    });
    return {
      source,
      ids: this.ids.finish(),
      p: fit(this.p),
      v: fit(this.v),
      segmentOf: fit(this.segmentOf),
      segments: this.segments,
      clvEstimated: first !== undefined && first.clvName === undefined,
      reductions: new Map(first?.reductions.map((column, j) => [column.actionId, fit(this.reductions[j])])),
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }

  private refuse(row: number, column: string, why: string) {
    return inputError({ file: this.current.describe, row, column }, why);
  }

  private estimate(row: number, segment: number, p: number): number {
    if (this.current.columns.clvName !== undefined && this.emptyClv++ === 0)
      this.emptyClvAt = `${this.current.describe}, row ${row}`;
    return estimateClv(this.segments[segment], p);
  }

  private checkClv(row: number, clv: number): number {
    const name = this.current.columns.clvName ?? 'clv';
    if (clv < 0) throw this.refuse(row, name, `clv ${clv} is negative`);
    if (clv > MAX_CLV)
      throw this.refuse(
        row,
        name,
        `clv ${clv} is above the limit of ${count(MAX_CLV)} dollars; the solver cannot weigh such values against the action costs (is the column in cents, or another unit?)`,
      );
    return clv;
  }

  private get current(): FileSpan {
    return this.files[this.files.length - 1];
  }

  private resize(capacity: number): void {
    const grow = <T extends Float64Array | Uint16Array>(old: T, next: T): T => (
      next.set(old.subarray(0, this.size)),
      next
    );
    this.p = grow(this.p, new Float64Array(capacity));
    this.v = grow(this.v, new Float64Array(capacity));
    this.segmentOf = grow(this.segmentOf, new Uint16Array(capacity));
    this.reductions = this.reductions.map((column) => grow(column, new Float64Array(capacity)));
  }

  /** The file and its own row of customer `index`. */
  private locate(index: number): { describe: string; row: number } {
    const span = this.files.findLast((file) => file.start <= index) ?? this.files[0];
    const blanks = span.blanks.filter((before) => before <= index).length;
    return { describe: span.describe, row: span.firstRow + index - span.start + blanks };
  }

  private duplicate(earlier: number, later: number) {
    const first = this.locate(earlier);
    const second = this.locate(later);
    const at = { file: second.describe, row: second.row, column: 'customer_id' };
    const shown = showValue(this.ids.textOf(later));
    return first.describe === second.describe
      ? inputError(at, `customer_id ${shown} already appears in row ${first.row}`)
      : inputError(
          at,
          `customer_id ${shown} also appears in ${first.describe} (row ${first.row}); each customer must appear once across the files of a partition`,
        );
  }
}
