import type { Highs } from 'highs';
import { OPTIMAL_GAP, type SolveOutcome } from '../../outcome.ts';
import { coreHolding, exactGaps, selectCore, thresholdForSize, type Ranking } from '../ranking.ts';
import { DecompositionRun, PROGRESS } from '../run.ts';
import { solveCore } from './core.ts';

export interface CoreSearchOptions {
  /** Largest core solved with the exact threshold before smaller cores are tried first (default 50). */
  exactCoreLimit?: number;
  /** Size of the first heuristic core, grown {@link CORE_GROWTH}x per round (default 100). */
  firstCoreSize?: number;
  /** Largest core handed to HiGHS; beyond it the answer is the best plan with the dual bound. */
  maxCoreCustomers?: number;
}

/** HiGHS's Wasm heap (2 GiB) holds a whole model of about 75k-150k customers; cores stay below. */
export const MAX_CORE_CUSTOMERS = 100_000;
/** Share of the optimality gap spent on the fixing threshold: plans within it count as optimal. */
const GAP_SHARE = 0.25;
/** Each heuristic core is this many times larger than the last. */
const CORE_GROWTH = 4;
/** A heuristic core gets at most this share of the time left, and at most {@link HEURISTIC_MAX_SECONDS}. */
const HEURISTIC_TIME_SHARE = 1 / 3;
const HEURISTIC_MAX_SECONDS = 30;
/** HiGHS may stop a core within this share of the optimality gap, measured on the whole plan's objective. */
const CORE_GAP_SHARE = 0.5;

/**
 * The last phase: customers whose reduced-value gap exceeds UB − target keep their best choice
 * in every plan better than the target (exact reduced-cost fixing), and the core that remains
 * is solved exactly. While that exact core is large, heuristic cores of the customers nearest
 * to changing (100, 400, 1,600, …) are solved first: each better plan raises the target and
 * shrinks the exact core.
 */
export async function searchCores(
  highs: Highs,
  run: DecompositionRun,
  ranking: Ranking,
  upper: number,
  options: CoreSearchOptions,
): Promise<SolveOutcome> {
  const { relax } = run;
  const exactCoreLimit = options.exactCoreLimit ?? 50;
  const maxCore = options.maxCoreCustomers ?? MAX_CORE_CUSTOMERS;
  let coreSize = options.firstCoreSize ?? 100;
  for (;;) {
    const known = run.incumbent;
    if (known && DecompositionRun.closes(known.objective, upper)) return run.finish('optimal', upper);
    const target = known
      ? known.objective + GAP_SHARE * OPTIMAL_GAP * Math.max(1, Math.abs(known.objective))
      : relax.worstPlan;
    const exactThreshold = upper - target + 1e-9 * Math.max(1, Math.abs(upper));
    exactGaps(relax, ranking, exactThreshold);
    const exactCore = selectCore(ranking, exactThreshold);
    const heuristic =
      exactCore.length > exactCoreLimit && coreSize < exactCore.length && coreSize <= maxCore && run.remaining() > 0;
    if (!heuristic && exactCore.length > maxCore) {
      if (known) return run.finish('feasible', upper);
      return run.finish(
        'error',
        upper,
        `no plan found in time; the undecided part of the model (${exactCore.length} customers) is too large to solve whole`,
      );
    }
    const threshold = heuristic ? thresholdForSize(ranking, Math.min(coreSize, maxCore)) : exactThreshold;
    if (heuristic) exactGaps(relax, ranking, threshold);
    // The incumbent's moved customers join the core, so its search starts from the incumbent.
    const core = known
      ? coreHolding(ranking, threshold, known.choice)
      : heuristic
        ? selectCore(ranking, threshold)
        : exactCore;
    run.progress({
      phase: heuristic ? 'core-search' : 'core',
      fraction: heuristic ? PROGRESS.coreSearch : PROGRESS.exactCore,
      objective: known?.objective,
      bound: upper,
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
    const result = solveCore(highs, relax, ranking, core, {
      timeLimitSeconds: heuristic
        ? Math.min(run.remaining() * HEURISTIC_TIME_SHARE, HEURISTIC_MAX_SECONDS)
        : run.remaining(),
      absoluteGap: CORE_GAP_SHARE * OPTIMAL_GAP * Math.max(1, Math.abs(known?.objective ?? upper)),
      start: known?.choice,
    });
    run.offerChoice(result.choice);
    if (heuristic) {
      coreSize *= CORE_GROWTH;
      continue;
    }
    // The exact core proves: no plan beats the target outside what the core's bound allows.
    const best = run.incumbent;
    const coreBound = result.core.status === 'infeasible' ? -Infinity : result.core.bound + result.fixedValue;
    const bound = Math.min(upper, Math.max(known ? target : -Infinity, coreBound));
    run.progress({ phase: 'core', fraction: PROGRESS.done, objective: best?.objective, bound });
    if (best) return run.finish('feasible', Math.max(bound, best.objective));
    if (result.core.status === 'infeasible') return run.finish('infeasible', -Infinity);
    return run.finish('error', upper, result.core.message ?? 'the time limit passed before any plan was found');
  }
}
