import type { CustomerType, HorizonModel } from './model.ts';
import { SAME_RISK, sequencesAbove, type NearSequence, type PricedTypes } from './near-sequences.ts';
import { countAbove, labelRanges } from './evaluate.ts';
import { rootCut } from './sequence-dp.ts';

/**
 * The sequences one type's customers may take in a plan better than a target, grouped into
 * levels of equal risk left (Q ascending). A type's customers differ only by weight, so given
 * how many take each sequence the best plan gives the lowest Q to the heaviest weights: only
 * the cumulative counts M_ℓ (customers on levels up to ℓ) matter for the value, and each lies
 * in [lo_ℓ, hi_ℓ] in every better plan.
 */
export interface TypeOptions {
  /** Index into `model.types`. */
  type: number;
  /** The sequences, by level. */
  options: NearSequence[];
  level: Int32Array;
  /** The share of risk each level leaves. */
  levelQ: Float64Array;
  lo: Int32Array;
  hi: Int32Array;
  /** Most customers each option may have (those for whose weight it is within the slack). */
  most: Int32Array;
  /** Cumulative counts of the relaxed choice at the multipliers, per level: where M_ℓ will be. */
  guess: Int32Array;
}

export interface Candidates {
  types: TypeOptions[];
  /** False when some type had more sequences within the slack than allowed: the set is not exact. */
  complete: boolean;
  /** Options over all types. */
  columns: number;
}

/** Customers of a type (weights descending) with weight in [a, b]. */
function countBetween(weights: Float64Array, a: number, b: number): number {
  return countAtLeast(weights, a) - countAbove(weights, b);
}

function countAtLeast(weights: Float64Array, a: number): number {
  let lo = 0;
  let hi = weights.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (weights[mid] >= a) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Per level ℓ of `levels` (ascending, `count` of them), how many customers (weights descending)
 * have a weight in some interval of a level up to ℓ (`reach`), and in none past ℓ (`stay`). Each
 * interval is a range of customers found by two binary searches; walking the intervals in level
 * order, then in reverse, gives each customer its first and last level once, skipping customers
 * already given one: O(n + intervals · log n) in all.
 */
export function countLevelReach(
  weights: Float64Array,
  intervals: readonly (readonly [number, number])[],
  levels: Int32Array,
  count: number,
): { reach: Int32Array; stay: Int32Array } {
  const n = weights.length;
  const ranges = intervals.map(([a, b]) => [countAbove(weights, b), countAtLeast(weights, a)]);
  // The customers first (or last) reached at each level, by marking each customer once.
  const firstReached = (order: number[]): Int32Array => {
    const at = new Int32Array(count);
    const next = Int32Array.from({ length: n + 1 }, (_, i) => i);
    const find = (i: number): number => {
      let root = i;
      while (next[root] !== root) root = next[root];
      while (next[i] !== root) {
        const after = next[i];
        next[i] = root;
        i = after;
      }
      return root;
    };
    for (const o of order) {
      const [from, to] = ranges[o];
      for (let i = find(from); i < to; i = find(i + 1)) {
        at[levels[o]]++;
        next[i] = i + 1;
      }
    }
    return at;
  };
  const indices = intervals.map((_, o) => o).sort((x, y) => levels[x] - levels[y]);
  const first = firstReached(indices);
  const last = firstReached(indices.reverse());
  const reach = new Int32Array(count);
  const stay = new Int32Array(count);
  let reached = 0;
  let beyond = 0;
  for (let l = 0; l < count; l++) reach[l] = reached += first[l];
  for (let l = count - 1; l >= 0; l--) {
    stay[l] = n - beyond;
    beyond += last[l];
  }
  return { reach, stay };
}

/**
 * The weights within [low, high] at which the line w·(1 − q) − h is within `slack` of the upper
 * envelope `best` (convex, linear between the points `at`, ascending): an interval, as the gap
 * between a convex and a linear function is convex.
 */
function withinSlack(at: number[], best: number[], q: number, h: number, slack: number): [number, number] | undefined {
  const gap = at.map((w, k) => best[k] - (w * (1 - q) - h));
  let low = 0;
  for (let k = 1; k < gap.length; k++) if (gap[k] < gap[low]) low = k;
  if (gap[low] > slack) return undefined;
  let left = low;
  while (left > 0 && gap[left - 1] <= slack) left--;
  let right = low;
  while (right + 1 < gap.length && gap[right + 1] <= slack) right++;
  const cross = (k: number, j: number) => at[k] + ((gap[k] - slack) / (gap[k] - gap[j])) * (at[j] - at[k]);
  return [left > 0 ? cross(left - 1, left) : at[0], right + 1 < gap.length ? cross(right + 1, right) : at[right]];
}

/** One type's options within `slack` (see {@link listCandidates}); not complete past `cap` sequences or out of time. */
function typeOptions(
  model: HorizonModel,
  priced: PricedTypes,
  at: number,
  slack: number,
  cap: number,
  outOfTime: () => boolean,
): { options: TypeOptions; complete: boolean } {
  const type: CustomerType = model.types[at];
  const hulls = priced.hulls[at];
  const { weights } = type;
  const n = weights.length;
  const labels = hulls.labelEnd[0] - hulls.labelStart[0];
  const first = hulls.labelStart[0];
  const envelope = (w: number) => {
    let most = -Infinity;
    for (let l = first; l < first + labels; l++) most = Math.max(most, w * (1 - hulls.q[l]) - hulls.h[l]);
    return most;
  };
  // The envelope's kinks inside the weight range and its ends: a line is nearest to it at one of them.
  const wMin = weights[n - 1];
  const wMax = weights[0];
  const points = [wMin, wMax];
  for (let j = 0; j + 1 < labels; j++) {
    const cut = rootCut(hulls, j);
    if (cut > wMin && cut < wMax) points.push(cut);
  }
  points.sort((x, y) => x - y);
  const best = points.map(envelope);
  const found = new Map<string, NearSequence>();
  let complete = true;
  points.forEach((w, k) => {
    if (outOfTime()) {
      complete = false;
      return;
    }
    const near = sequencesAbove(model, priced, at, w, best[k] - slack, cap, outOfTime);
    complete &&= near.complete;
    for (const sequence of near.found) found.set(sequence.actions.join(), sequence);
  });
  if (found.size > cap) complete = false;
  const options = [...found.values()].sort((x, y) => x.q - y.q || x.h - y.h);
  const level = new Int32Array(options.length);
  const levelQ: number[] = [];
  options.forEach((option, o) => {
    if (levelQ.length === 0 || option.q - levelQ[levelQ.length - 1] > SAME_RISK) levelQ.push(option.q);
    level[o] = levelQ.length - 1;
  });
  // Intervals widened by a hair: a customer is never wrongly left out of an option.
  const widen = 1e-9 * Math.max(1, wMax);
  const intervals = options.map((option) => {
    const span = withinSlack(points, best, option.q, option.h, slack * (1 + 1e-9));
    return span ? ([span[0] - widen, span[1] + widen] as [number, number]) : ([wMin, wMax] as [number, number]);
  });
  const L = levelQ.length;
  const { reach: hi, stay } = countLevelReach(weights, intervals, level, L);
  const lo = Int32Array.from(stay, (s, l) => Math.min(hi[l], s));
  if (L > 0) lo[L - 1] = hi[L - 1] = n;
  const most = Int32Array.from(intervals, ([a, b]) => countBetween(weights, a, b));
  const from = labelRanges(hulls, weights);
  const guess = Int32Array.from(levelQ, (q, l) => {
    let j = 0;
    while (j < labels && hulls.q[first + j] <= q + SAME_RISK) j++;
    return Math.min(hi[l], Math.max(lo[l], from[j]));
  });
  return {
    options: { type: at, options, level, levelQ: Float64Array.from(levelQ), lo, hi, most, guess },
    complete,
  };
}

/**
 * Every sequence that some customer of each type could take in a plan within `slack` of the
 * bound L(λ) of `priced`: a plan worth at least UB − slack gives each customer a sequence whose
 * reduced value is within `slack` of its best, and a sequence's reduced value is a line in the
 * weight, nearest to the (convex) best at one of the best's kinks. At most `cap` per type.
 * Once `outOfTime` says so the listing stops early and is not complete.
 */
export function listCandidates(
  model: HorizonModel,
  priced: PricedTypes,
  slack: number,
  cap: number,
  outOfTime: () => boolean = () => false,
): Candidates {
  let complete = true;
  let columns = 0;
  const types = model.types.map((_, at) => {
    const listed = typeOptions(model, priced, at, slack, cap, outOfTime);
    complete &&= listed.complete;
    columns += listed.options.options.length;
    return listed.options;
  });
  return { types, complete, columns };
}
