import type { Highs } from 'highs';
import { solveCoreMip, type CoreMipResult } from './core-mip.ts';
import { searchCounts } from './count-search.ts';
import type { CountSearchOptions } from './count-search-options.ts';
import { countUsage, type Relaxation } from '../lagrangian.ts';
import type { Ranking } from '../ranking.ts';
import { bestValues } from '../scored-plan.ts';

/** Nodes and share of the time the count search gets before HiGHS's MIP takes over (with the rest). */
const COUNT_SEARCH_NODES = 12;
const COUNT_SEARCH_SHARE = 0.5;
/** Nodes a heuristic core's count search gets: it looks for a better plan, not a proof. */
const HEURISTIC_NODES = 40;

/**
 * The core's exact solve: branch-and-bound on class-action counts first; when that search
 * runs out of nodes or half its time, or meets a numerical surprise, HiGHS's own MIP takes over
 * with the time left, and the better plan and the tighter bound of the two are kept. HiGHS is
 * not given the search's plan: started from a plan well below the optimum, its bound can stay at
 * the LP's where from no plan it proves the optimum. `mipOnly`: HiGHS's MIP alone, when a count
 * search over these customers' types has already run out of nodes.
 */
export function solveCoreExactly(
  highs: Highs,
  relax: Relaxation,
  core: Int32Array,
  options: CountSearchOptions & { mipOnly?: boolean },
): CoreMipResult {
  if (options.mipOnly) return solveCoreMip(highs, relax, core, options);
  const counted = searchCounts(highs, relax, core, {
    maxNodes: COUNT_SEARCH_NODES,
    ...options,
    timeLimitSeconds: COUNT_SEARCH_SHARE * options.timeLimitSeconds,
  });
  if (counted.status === 'optimal' || counted.status === 'infeasible' || counted.stoppedBy === 'settled')
    return counted;
  const timeLimitSeconds = options.timeLimitSeconds - counted.seconds;
  if (timeLimitSeconds <= 0) return counted;
  const mip = solveCoreMip(highs, relax, core, {
    limits: options.limits,
    absoluteGap: options.absoluteGap,
    timeLimitSeconds,
  });
  if (mip.status === 'infeasible') return mip;
  // Without a plan from either, HiGHS's is the last word on why.
  const better = !counted.choice || (mip.choice && mip.objective > counted.objective) ? mip : counted;
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
 * Fixes every customer outside `core` at its best choice and solves the rest exactly (see
 * {@link solveCoreExactly}), with the rows' limits reduced by what the fixed customers use.
 * `start` is a whole plan that starts the search when it agrees with the fixing. A `heuristic`
 * core only looks for a better plan: a short count search, no MIP after it. `countsOnly`: the
 * count search alone, for a core too large for HiGHS's MIP to stop near its time limit.
 * `mipOnly`: see {@link solveCoreExactly}.
 */
export function solveCore(
  highs: Highs,
  relax: Relaxation,
  ranking: Ranking,
  core: Int32Array,
  options: {
    timeLimitSeconds: number;
    absoluteGap: number;
    start?: Int16Array;
    heuristic?: boolean;
    countsOnly?: boolean;
    mipOnly?: boolean;
  },
): CoreResult {
  const { n, K, C, classOf, limit } = relax;
  const bestValue = bestValues(relax, ranking);
  const { start } = options;
  const inCore = new Uint8Array(n);
  for (let at = 0; at < core.length; at++) inCore[core[at]] = 1;
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
    fixedValue += bestValue[i];
    fixedCounts[classOf[i] * K + k]++;
  }
  const fixedUsage = countUsage(relax, fixedCounts);
  const limits = Float64Array.from(limit, (x, r) => x - fixedUsage[r]);
  const coreStart = start && startAgrees ? Int16Array.from(core, (i) => start[i]) : undefined;
  const coreOptions = {
    limits,
    timeLimitSeconds: options.timeLimitSeconds,
    absoluteGap: options.absoluteGap,
    start: coreStart,
  };
  const result = options.heuristic
    ? searchCounts(highs, relax, core, { ...coreOptions, maxNodes: HEURISTIC_NODES })
    : options.countsOnly
      ? searchCounts(highs, relax, core, coreOptions)
      : solveCoreExactly(highs, relax, core, { ...coreOptions, mipOnly: options.mipOnly });
  if (!result.choice) return { core: result, choice: undefined, fixedValue };
  const coreChoice = result.choice;
  for (let at = 0; at < core.length; at++) choice[core[at]] = coreChoice[at];
  return { core: result, choice, fixedValue };
}
