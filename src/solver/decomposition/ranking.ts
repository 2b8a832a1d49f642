import { rankCustomer, rankEvery, ranked } from './dual/best-two.ts';
import { classPenalties, countUsage, type Relaxation } from './lagrangian.ts';
import { type Workspace } from './evaluation.ts';

/** Each customer's best choice by reduced value at some λ, and by how much it beats the runner-up. */
export interface Ranking {
  /** Best action by reduced value (-1 = none; none wins ties). */
  best: Int16Array;
  /**
   * Best reduced value minus second best (none counts as 0); Infinity with no eligible action.
   * The line screen's ranking may give less by at most a few hundred units of rounding of the
   * values (see line-screen.ts): every use takes a gap as at most the customer's loss.
   */
  gap: Float64Array;
  /** The penalty of action k for class c at the ranking's λ, at `c * K + k`: pair (i, k)'s reduced value is `value[i * K + k] − penalty[classOf[i] * K + k]`. */
  penalty: Float64Array;
  /** The objective of the best choices, and their use of every row. */
  objective: number;
  usage: Float64Array;
  /**
   * 1 where `gap` is only a lower bound: the customer provably keeps its best choice, ranked
   * from a screen's reference (see screen.ts). {@link exactGaps} makes gaps exact below a threshold.
   */
  bounded?: Uint8Array;
  /** The multipliers the penalties come from, when they do (see {@link rankChoices}): a copy of the caller's. */
  lambda?: Float64Array;
  /** Each customer's value at its best choice (0 with none), once asked for (see `bestValues` in scored-plan.ts). */
  bestValue?: Float64Array;
}

/**
 * Ranks every customer's choices by reduced value `value − Σ_r λ_r sign_r a_r(i, k)`. With a
 * `work` space whose screen holds a reference, the customers who provably keep their
 * reference best are not evaluated again: their gaps are lower bounds (see `Ranking.bounded`),
 * which is all the repair and the improvement need; the cores ask {@link exactGaps}.
 */
export function rankChoices(relax: Relaxation, lambda: Float64Array, work?: Workspace): Ranking {
  const ranking = rankAtPrices(relax, classPenalties(relax, lambda), work);
  ranking.lambda = Float64Array.from(lambda);
  return ranking;
}

/** {@link rankChoices} at any class penalties `penalty` (C·K), not only those of some λ. */
export function rankAtPrices(relax: Relaxation, penalty: Float64Array, work?: Workspace): Ranking {
  const { n, K, C, classOf } = relax;
  const value = relax.problem.value;
  const best = new Int16Array(n);
  const gap = new Float64Array(n);
  const counts = new Float64Array(C * K);
  if (work?.screen) {
    const bounded = new Uint8Array(n);
    const objective = work.screen.rank(penalty, best, gap, bounded, counts);
    if (objective !== undefined)
      return { best, gap, penalty, objective, usage: countUsage(relax, counts), bounded, lambda: undefined };
  }
  const objective = rankEvery({ n, K, classOf, value }, penalty, best, gap, counts);
  return { best, gap, penalty, objective, usage: countUsage(relax, counts), bounded: undefined, lambda: undefined };
}

/** Ranks customer i again at the ranking's penalties, making its bounded gap exact. */
function exactGap(relax: Relaxation, ranking: Ranking, bounded: Uint8Array, i: number): void {
  const { K } = relax;
  rankCustomer(relax.problem.value, ranking.penalty, i * K, relax.classOf[i] * K, K);
  ranking.gap[i] = ranked[0] - ranked[1];
  bounded[i] = 0;
}

/** Makes every gap at or below `threshold` exact (a bounded gap above it stays a lower bound, so it is above it too). */
export function exactGaps(relax: Relaxation, ranking: Ranking, threshold: number): void {
  const { bounded, gap } = ranking;
  if (!bounded) return;
  for (let i = 0; i < relax.n; i++) if (bounded[i] && gap[i] <= threshold) exactGap(relax, ranking, bounded, i);
}

/**
 * The customers whose gap is exact and at most `threshold`: a part of the core that
 * {@link exactGaps} and {@link selectCore} give at that threshold, found without ranking the
 * customers of bounded gaps again (without a screen's bounds, that whole core).
 */
export function exactCorePart(ranking: Ranking, threshold: number): Int32Array {
  const { bounded, gap } = ranking;
  if (!bounded) return selectCore(ranking, threshold);
  let count = 0;
  for (let i = 0; i < gap.length; i++) if (gap[i] <= threshold && bounded[i] === 0) count++;
  const part = new Int32Array(count);
  let at = 0;
  for (let i = 0; i < gap.length; i++) if (gap[i] <= threshold && bounded[i] === 0) part[at++] = i;
  return part;
}

/** The customers whose gap is at most `threshold`: the core left to the MIP. */
export function selectCore(ranking: Ranking, threshold: number): Int32Array {
  const { gap } = ranking;
  let count = 0;
  for (let i = 0; i < gap.length; i++) if (gap[i] <= threshold) count++;
  const core = new Int32Array(count);
  let at = 0;
  for (let i = 0; i < gap.length; i++) if (gap[i] <= threshold) core[at++] = i;
  return core;
}

/**
 * The customers whose gap is at most `threshold` (as {@link selectCore}) and every customer
 * whose choice in `plan` is not its ranked best, in order, in one look at the customers: with
 * them in the core, `plan` agrees with the fixing and starts the core's search, so a core search
 * never ends worse than the plan, nor without one.
 */
export function coreHolding(ranking: Ranking, threshold: number, plan: Int16Array): Int32Array {
  const { best, gap } = ranking;
  // Counted first, as `selectCore` does: no n-sized array to cut down, at every repair of a sweep's levels.
  let count = 0;
  for (let i = 0; i < best.length; i++) if (gap[i] <= threshold || plan[i] !== best[i]) count++;
  const held = new Int32Array(count);
  let at = 0;
  for (let i = 0; i < best.length; i++) if (gap[i] <= threshold || plan[i] !== best[i]) held[at++] = i;
  return held;
}

/**
 * {@link exactGaps} at `threshold`, then {@link coreHolding} at it, in one look at the customers
 * (each customer's gap is made exact before it is compared, as the two in turn would).
 */
export function exactCoreHolding(relax: Relaxation, ranking: Ranking, threshold: number, plan: Int16Array): Int32Array {
  const { bounded, best, gap } = ranking;
  if (!bounded) return coreHolding(ranking, threshold, plan);
  const { n } = relax;
  const held = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (bounded[i] && gap[i] <= threshold) exactGap(relax, ranking, bounded, i);
    if (gap[i] <= threshold || plan[i] !== best[i]) held[count++] = i;
  }
  return held.slice(0, count);
}

/** The gap value below which about `size` customers lie (so a core of about that size). */
export function thresholdForSize(ranking: Ranking, size: number): number {
  const { gap } = ranking;
  const near = gap.length >= SAMPLED_FROM ? thresholdAmongNear(gap, Math.max(1, size)) : undefined;
  if (near !== undefined) return near;
  // A plain loop: TypedArray.filter with a callback is several times slower.
  const finite = new Float64Array(gap.length);
  let count = 0;
  for (let i = 0; i < gap.length; i++) if (gap[i] !== Infinity) finite[count++] = gap[i];
  if (count === 0) return 0;
  return selectRank(finite, count, Math.min(count, Math.max(1, size)) - 1);
}

/** Customers from which {@link sampledThresholdForSize} samples, and how many gaps it samples. */
const SAMPLED_FROM = 16_384;
const SAMPLE = 4096;

/** A sample's share of the gaps a bound from it aims to hold below: this many times the size asked for. */
const NEAR_SHARE = 4;

/**
 * {@link thresholdForSize}'s answer for a small `size`, from the gaps at or below a bound that
 * an even sample puts above about {@link NEAR_SHARE} times that many: when at least `size` lie
 * there, the `size`-th least gap is among them (a selection over a few thousand, not over every
 * gap). Undefined when the bound holds fewer, or `size` is not small.
 */
function thresholdAmongNear(gap: Float64Array, size: number): number | undefined {
  const n = gap.length;
  if (NEAR_SHARE * size > n / 4) return undefined;
  const sample = new Float64Array(SAMPLE);
  let count = 0;
  for (let s = 0; s < SAMPLE; s++) {
    const g = gap[Math.floor(((s + 0.5) * n) / SAMPLE)];
    if (g !== Infinity) sample[count++] = g;
  }
  if (count === 0) return undefined;
  const bound = selectRank(sample, count, Math.min(count - 1, Math.ceil((NEAR_SHARE * size * count) / n)));
  let below = 0;
  for (let i = 0; i < n; i++) if (gap[i] <= bound) below++;
  if (below < size) return undefined;
  const near = new Float64Array(below);
  let at = 0;
  for (let i = 0; i < n; i++) if (gap[i] <= bound) near[at++] = gap[i];
  return selectRank(near, below, size - 1);
}

/**
 * About the gap below which `size` customers lie, for uses that need no exact size (the
 * repair's first look): {@link thresholdForSize} below {@link SAMPLED_FROM} customers, the same
 * quantile of an even sample of the gaps above (a selection over every gap would cost a pass per repair).
 */
export function sampledThresholdForSize(ranking: Ranking, size: number): number {
  const { gap } = ranking;
  const n = gap.length;
  if (n < SAMPLED_FROM) return thresholdForSize(ranking, size);
  const sample = new Float64Array(SAMPLE);
  let count = 0;
  for (let s = 0; s < SAMPLE; s++) {
    const g = gap[Math.floor(((s + 0.5) * n) / SAMPLE)];
    if (g !== Infinity) sample[count++] = g;
  }
  if (count === 0) return 0;
  return selectRank(sample, count, Math.min(count - 1, Math.floor((Math.max(1, size) * count) / n)));
}

/**
 * The `rank`-th smallest (0-based) of `values[0..count)`, by selection in O(count) expected
 * time. Reorders `values`; NaN is not allowed.
 */
export function selectRank(values: Float64Array, count: number, rank: number): number {
  let lo = 0;
  let hi = count - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const pivot = median(values[lo], values[mid], values[hi]);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (rank <= j) hi = j;
    else if (rank >= i) lo = i;
    else return values[rank];
  }
  return values[rank];
}

function median(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}
