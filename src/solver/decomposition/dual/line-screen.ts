/**
 * The dual's passes over a week whose values lie on lines (value-lines.ts): within a group of
 * customers of one class and one eligibility pattern (line-groups.ts), an option's reduced
 * value is `slope · score + intercept − penalty`, so where one option beats every other by more
 * than rounding can blur, all the group's customers with scores in that interval take it, and
 * their count and Σ reduced value follow from the group's prefix sums of scores. Only customers
 * outside those intervals (near a breakpoint or a tie) and irregular ones are evaluated as the
 * plain pass does: its choices exactly, ties included, up to the order of the sums.
 */

import { rankCustomer, ranked } from './best-two.ts';
import { groupByLines, type LineGroups } from './line-groups.ts';
import { keepLeast } from './least-lead.ts';
import { bestAction, type ScreenInput } from './plain-pass.ts';
import type { PassResult, Screen } from './screen-contract.ts';

/**
 * An interval's option beats every other by this many units of rounding of S + P (S: the week's
 * largest |slope · score| + |intercept|, P: the group's largest |penalty|). A stored value less
 * a penalty strays from its line's by under 20 units (16 in the value, a few in the line and
 * the subtraction), so a lead of 40 already decides the plain pass's comparison strictly; the
 * rest covers the rounding of the intervals' ends.
 */
const SURE_GAP = 4 * 64 * Number.EPSILON;

/** A screen by lines, or undefined where the week's values do not lie on lines (or too few do). */
export function createLineScreen(input: ScreenInput): Screen | undefined {
  const groups = groupByLines(input);
  return groups && new LineScreen(input, groups);
}

class LineScreen implements Screen {
  private readonly input: ScreenInput;
  private readonly groups: LineGroups;
  /** Per option of a group (none first, then each action): its sure interval's first and end position. */
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly option: Int32Array;
  /** The lead over rounding the last group's intervals were found with ({@link SURE_GAP} of its sizes). */
  private tolerance = 0;
  /** Per other option, the rise and level of an interval's option's lead over it (a line in the score). */
  private readonly rise: Float64Array;
  private readonly level: Float64Array;

  constructor(input: ScreenInput, groups: LineGroups) {
    this.input = input;
    this.groups = groups;
    this.from = new Int32Array(input.K + 1);
    this.to = new Int32Array(input.K + 1);
    this.option = new Int32Array(input.K + 1);
    this.rise = new Float64Array(input.K + 1);
    this.level = new Float64Array(input.K + 1);
  }

  pass(penalty: Float64Array, counts: Float64Array, classTotals: Float64Array): PassResult {
    const { K, value } = this.input;
    const { classOf, start, order, prefix, irregular, lines } = this.groups;
    const { from, to, option } = this;
    counts.fill(0);
    classTotals.fill(0);
    let evaluated = 0;
    for (let g = 0; g < classOf.length; g++) {
      const c = classOf[g];
      const base = c * K;
      const sure = this.sureIntervals(g, penalty);
      let at = start[g];
      let classTotal = 0;
      for (let m = 0; m <= sure; m++) {
        const until = m < sure ? from[m] : start[g + 1];
        for (let j = at; j < until; j++) {
          const i = order[j];
          const k = bestAction(value, penalty, i * K, base, K);
          if (k < 0) continue;
          classTotal += value[i * K + k] - penalty[base + k];
          counts[base + k] += 1;
        }
        evaluated += until - at;
        if (m === sure) break;
        at = to[m];
        const k = option[m];
        if (k < 0) continue;
        const customers = to[m] - from[m];
        const scores = prefix[to[m] + g] - prefix[from[m] + g];
        classTotal += lines.slope[k] * scores + (lines.intercept[k] - penalty[base + k]) * customers;
        counts[base + k] += customers;
      }
      classTotals[c] += classTotal;
    }
    for (const i of irregular) {
      const base = this.input.classOf[i] * K;
      const k = bestAction(value, penalty, i * K, base, K);
      if (k < 0) continue;
      classTotals[this.input.classOf[i]] += value[i * K + k] - penalty[base + k];
      counts[base + k] += 1;
    }
    let total = 0;
    for (let c = 0; c < classTotals.length; c++) total += classTotals[c];
    const checked = evaluated + irregular.length;
    // Each group's intervals compare every option with every other.
    return { total, evaluated: checked, reads: checked * K + classOf.length * (K + 1) * (K + 1) };
  }

  /**
   * Group g's sure intervals at `penalty`, as position ranges `from[m] .. to[m]` (ascending,
   * disjoint) of option `option[m]`; returns how many. Option a's interval is where its line
   * beats every other option's (none's is 0) by {@link SURE_GAP}: one half-line per other option.
   */
  private sureIntervals(g: number, penalty: Float64Array): number {
    const { K } = this.input;
    const { classOf, mask, start, sorted, scale, lines } = this.groups;
    const { slope, intercept } = lines;
    const base = classOf[g] * K;
    const eligible = mask[g];
    let most = 0;
    for (let k = 0; k < K; k++) if (eligible & (1 << k)) most = Math.max(most, Math.abs(penalty[base + k]));
    const gap = SURE_GAP * (scale + most);
    this.tolerance = gap;
    let sure = 0;
    for (let a = -1; a < K; a++) {
      if (a >= 0 && !(eligible & (1 << a))) continue;
      const slopeA = a < 0 ? 0 : slope[a];
      const levelA = a < 0 ? 0 : intercept[a] - penalty[base + a];
      let low = Number.NEGATIVE_INFINITY;
      let high = Number.POSITIVE_INFINITY;
      for (let b = -1; b < K && low < high; b++) {
        if (b === a || (b >= 0 && !(eligible & (1 << b)))) continue;
        const rise = slopeA - (b < 0 ? 0 : slope[b]);
        const lead = levelA - (b < 0 ? 0 : intercept[b] - penalty[base + b]);
        if (rise > 0) low = Math.max(low, (gap - lead) / rise);
        else if (rise < 0) high = Math.min(high, (gap - lead) / rise);
        else if (!(lead > gap)) high = low;
      }
      if (!(low < high)) continue;
      const first = firstPast(sorted, low, false, start[g], start[g + 1]);
      const end = firstPast(sorted, high, true, first, start[g + 1]);
      if (first >= end) continue;
      // Insertion by position: intervals are disjoint, and at most K + 1.
      let m = sure++;
      while (m > 0 && this.from[m - 1] > first) {
        this.from[m] = this.from[m - 1];
        this.to[m] = this.to[m - 1];
        this.option[m] = this.option[m - 1];
        m--;
      }
      this.from[m] = first;
      this.to[m] = end;
      this.option[m] = a;
    }
    return sure;
  }

  /**
   * Ranks as `rankEvery` does, but a customer in a sure interval takes its option without its
   * values read, and for its gap its lines' least lead at its score less the rounding the
   * interval allows for: below the exact gap by less than rounding, so not marked bounded (a
   * gap that low changes no core). Counts and the objective are summed in customer order.
   */
  rank(penalty: Float64Array, best: Int16Array, gap: Float64Array, bounded: Uint8Array, counts: Float64Array): number {
    const { n, K, value, classOf } = this.input;
    const { start, order, irregular } = this.groups;
    const groups = this.groups.classOf.length;
    const rankExactly = (i: number) => {
      best[i] = rankCustomer(value, penalty, i * K, classOf[i] * K, K);
      gap[i] = ranked[0] - ranked[1];
      bounded[i] = 0;
    };
    for (let g = 0; g < groups; g++) {
      const sure = this.sureIntervals(g, penalty);
      let at = start[g];
      for (let m = 0; m <= sure; m++) {
        const until = m < sure ? this.from[m] : start[g + 1];
        for (let j = at; j < until; j++) rankExactly(order[j]);
        if (m === sure) break;
        this.boundGaps(g, m, penalty, best, gap, bounded);
        at = this.to[m];
      }
    }
    for (const i of irregular) rankExactly(i);
    counts.fill(0);
    let objective = 0;
    for (let i = 0; i < n; i++) {
      const k = best[i];
      if (k < 0) continue;
      objective += value[i * K + k];
      counts[classOf[i] * K + k]++;
    }
    return objective;
  }

  /**
   * Interval m of group g (set by {@link sureIntervals} at `penalty`): its customers take its
   * option, with gaps the least of its leads over the other eligible options (lines in the
   * score) less {@link tolerance}, which covers the values' strays from the lines.
   */
  private boundGaps(
    g: number,
    m: number,
    penalty: Float64Array,
    best: Int16Array,
    gap: Float64Array,
    bounded: Uint8Array,
  ): void {
    const { K } = this.input;
    const { classOf, mask, order, sorted, lines } = this.groups;
    const { slope, intercept } = lines;
    const { rise, level, tolerance } = this;
    const base = classOf[g] * K;
    const eligible = mask[g];
    const a = this.option[m];
    const slopeA = a < 0 ? 0 : slope[a];
    const levelA = a < 0 ? 0 : intercept[a] - penalty[base + a];
    let others = 0;
    for (let b = -1; b < K; b++) {
      if (b === a || (b >= 0 && !(eligible & (1 << b)))) continue;
      rise[others] = slopeA - (b < 0 ? 0 : slope[b]);
      level[others++] = levelA - (b < 0 ? 0 : intercept[b] - penalty[base + b]);
    }
    others = keepLeast(rise, level, others, sorted[this.from[m]], sorted[this.to[m] - 1]);
    for (let j = this.from[m]; j < this.to[m]; j++) {
      const s = sorted[j];
      let least = Number.POSITIVE_INFINITY;
      for (let o = 0; o < others; o++) least = Math.min(least, rise[o] * s + level[o]);
      const i = order[j];
      best[i] = a;
      gap[i] = Math.max(0, least - tolerance);
      bounded[i] = 0;
    }
  }
}

/** The first position in `sorted[from .. to)` whose score exceeds `x`, or equals it where `orEqual` (`to` if none). */
function firstPast(sorted: Float64Array, x: number, orEqual: boolean, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] > x || (orEqual && sorted[mid] === x)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
