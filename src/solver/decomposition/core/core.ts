import type { Highs } from 'highs';
import { solveCoreMip, type CoreMipResult } from './core-mip.ts';
import { searchCounts, type CountSearchOptions } from './count-search.ts';
import { rankCustomer, ranked } from '../dual/best-two.ts';
import { classPenalties, countUsage, type Relaxation, type Workspace } from '../lagrangian.ts';
import { selectRank } from '../primal/ordered-batches.ts';

/** Each customer's best choice by reduced value at some λ, and by how much it beats the runner-up. */
export interface Ranking {
  /** Best action by reduced value (-1 = none; none wins ties). */
  best: Int16Array;
  /** Best reduced value minus second best (none counts as 0); Infinity with no eligible action. */
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
}

/**
 * Ranks every customer's choices by reduced value `value − Σ_r λ_r sign_r a_r(i, k)`. With a
 * `work` space whose screen holds a reference, the customers who provably keep their
 * reference best are not evaluated again: their gaps are lower bounds (see `Ranking.bounded`),
 * which is all the repair and the improvement need; the cores ask {@link exactGaps}.
 */
export function rankChoices(relax: Relaxation, lambda: Float64Array, work?: Workspace): Ranking {
  const { n, K, C, classOf } = relax;
  const value = relax.problem.value;
  const penalty = classPenalties(relax, lambda);
  const best = new Int16Array(n);
  const gap = new Float64Array(n);
  const counts = new Float64Array(C * K);
  if (work?.screen) {
    const bounded = new Uint8Array(n);
    const objective = work.screen.rank(penalty, best, gap, bounded, counts);
    if (objective !== undefined) return { best, gap, penalty, objective, usage: countUsage(relax, counts), bounded };
  }
  let objective = 0;
  for (let i = 0; i < n; i++) {
    const k = rankCustomer(value, penalty, i * K, classOf[i] * K, K);
    best[i] = k;
    // With no eligible action the runner-up is -Infinity and the gap Infinity.
    gap[i] = ranked[0] - ranked[1];
    if (k < 0) continue;
    objective += value[i * K + k];
    counts[classOf[i] * K + k]++;
  }
  return { best, gap, penalty, objective, usage: countUsage(relax, counts) };
}

/** Makes every gap at or below `threshold` exact (a bounded gap above it stays a lower bound, so it is above it too). */
export function exactGaps(relax: Relaxation, ranking: Ranking, threshold: number): void {
  const { bounded, gap, penalty } = ranking;
  if (!bounded) return;
  const { n, K, classOf } = relax;
  for (let i = 0; i < n; i++) {
    if (!bounded[i] || !(gap[i] <= threshold)) continue;
    rankCustomer(relax.problem.value, penalty, i * K, classOf[i] * K, K);
    gap[i] = ranked[0] - ranked[1];
    bounded[i] = 0;
  }
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
  const held = new Int32Array(best.length);
  let count = 0;
  for (let i = 0; i < best.length; i++) if (gap[i] <= threshold || plan[i] !== best[i]) held[count++] = i;
  return held.slice(0, count);
}

/** The gap value below which about `size` customers lie (so a core of about that size). */
export function thresholdForSize(ranking: Ranking, size: number): number {
  // A plain loop: TypedArray.filter with a callback cost about 8 ms at 75,000 customers.
  const { gap } = ranking;
  const finite = new Float64Array(gap.length);
  let count = 0;
  for (let i = 0; i < gap.length; i++) if (gap[i] !== Infinity) finite[count++] = gap[i];
  if (count === 0) return 0;
  return selectRank(finite, count, Math.min(count, Math.max(1, size)) - 1);
}

/** Customers from which {@link sampledThresholdForSize} samples, and how many gaps it samples. */
const SAMPLED_FROM = 16_384;
const SAMPLE = 4096;

/**
 * About the gap below which `size` customers lie, for uses that need no exact size (the
 * repair's first look): {@link thresholdForSize} below {@link SAMPLED_FROM} customers, the same
 * quantile of an even sample of the gaps above (a selection over 75,000 gaps cost 1-2 ms a repair).
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

/** Nodes and share of the time the count search gets before HiGHS's MIP takes over (with the rest). */
const COUNT_SEARCH_NODES = 400;
const COUNT_SEARCH_SHARE = 0.5;

/**
 * The core's exact solve: branch-and-bound on class-action counts first; when that search
 * runs out of nodes or half its time, or meets a numerical surprise, HiGHS's own MIP takes over
 * from its best plan with the time left, and the tighter of the two bounds is kept.
 */
export function solveCoreExactly(
  highs: Highs,
  relax: Relaxation,
  core: Int32Array,
  options: CountSearchOptions,
): CoreMipResult {
  const counted = searchCounts(highs, relax, core, {
    maxNodes: COUNT_SEARCH_NODES,
    ...options,
    timeLimitSeconds: COUNT_SEARCH_SHARE * options.timeLimitSeconds,
  });
  if (counted.status === 'optimal' || counted.status === 'infeasible') return counted;
  const timeLimitSeconds = options.timeLimitSeconds - counted.seconds;
  if (timeLimitSeconds <= 0) return counted;
  const mip = solveCoreMip(highs, relax, core, {
    ...options,
    timeLimitSeconds,
    start: counted.choice ?? options.start,
  });
  if (mip.status === 'infeasible') return mip;
  const better = mip.choice && (!counted.choice || mip.objective > counted.objective) ? mip : counted;
  return {
    ...better,
    bound: Math.min(counted.bound, mip.bound),
    status: mip.status === 'optimal' ? 'optimal' : better.status,
  };
}

export interface CoreResult {
  /** The core MIP's own result (objective and bound over the core only). */
  core: CoreMipResult;
  /** The whole plan (fixed customers at their best choice), when the core found one. */
  choice: Int16Array | undefined;
  /** Objective of the fixed customers. */
  fixedValue: number;
}

/**
 * Fixes every customer outside `core` at its best choice and solves the rest as one MIP in
 * HiGHS, with the rows' limits reduced by what the fixed customers use. `start` is a whole
 * plan given to HiGHS as a start when it agrees with the fixing.
 */
export function solveCore(
  highs: Highs,
  relax: Relaxation,
  ranking: Ranking,
  core: Int32Array,
  options: { timeLimitSeconds: number; absoluteGap: number; start?: Int16Array },
): CoreResult {
  const { n, K, C, classOf, limit } = relax;
  const value = relax.problem.value;
  const { start } = options;
  const inCore = new Uint8Array(n);
  for (const i of core) inCore[i] = 1;
  const choice = new Int16Array(n).fill(-1);
  // The fixed customers' use of the rows, from their counts per (class, action).
  const fixedCounts = new Float64Array(C * K);
  let fixedValue = 0;
  let startAgrees = start !== undefined;
  for (let i = 0; i < n; i++) {
    if (inCore[i]) continue;
    const k = ranking.best[i];
    if (start && start[i] !== k) startAgrees = false;
    if (k < 0) continue;
    choice[i] = k;
    fixedValue += value[i * K + k];
    fixedCounts[classOf[i] * K + k]++;
  }
  const fixedUsage = countUsage(relax, fixedCounts);
  const limits = Float64Array.from(limit, (x, r) => x - fixedUsage[r]);
  const coreStart = start && startAgrees ? Int16Array.from(core, (i) => start[i]) : undefined;
  const result = solveCoreExactly(highs, relax, core, {
    limits,
    timeLimitSeconds: options.timeLimitSeconds,
    absoluteGap: options.absoluteGap,
    start: coreStart,
  });
  if (!result.choice) return { core: result, choice: undefined, fixedValue };
  core.forEach((i, c) => {
    choice[i] = result.choice?.[c] ?? -1;
  });
  return { core: result, choice, fixedValue };
}
