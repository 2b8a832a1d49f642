import type { Highs } from 'highs';
import { OPTIMAL_GAP, relativeGap, type SolveOutcome } from '../../outcome.ts';
import type { Problem } from '../../problem.ts';
import { buildRelaxation } from '../lagrangian.ts';
import { solveCoreExactly } from './core.ts';

/** Method name reported for plans found by the count search over the whole problem. */
export const COUNT_SEARCH_METHOD = 'count-search';

/**
 * Solves the whole problem by branch-and-bound on class-action counts (see `searchCounts`),
 * with HiGHS's MIP taking over only if the search runs out of nodes. No Lagrangian phase:
 * on a few thousand customers the count LP is small and its search proves the optimum in a
 * handful of nodes, faster than the dual's iterations would take.
 */
export function solveByCounts(
  highs: Highs,
  problem: Problem,
  options: {
    timeLimitSeconds: number;
    start?: Int16Array;
    now?: () => number;
    /** Stop once the best plan and a proven bound pass this test (the answer is then `feasible` with that bound). */
    settled?: (objective: number, bound: number) => boolean;
  },
): SolveOutcome {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const relax = buildRelaxation(problem);
  const everyone = Int32Array.from({ length: problem.n }, (_, i) => i);
  const core = solveCoreExactly(highs, relax, everyone, {
    limits: relax.limit,
    timeLimitSeconds: options.timeLimitSeconds,
    absoluteGap: 1e-9,
    relativeGap: OPTIMAL_GAP / 4,
    start: options.start,
    settled: options.settled,
  });
  const seconds = (now() - started) / 1000;
  if (core.status === 'infeasible')
    return {
      status: 'infeasible',
      choice: undefined,
      objective: 0,
      bound: -Infinity,
      gap: 0,
      seconds,
      method: COUNT_SEARCH_METHOD,
    };
  if (!core.choice)
    return {
      status: 'error',
      choice: undefined,
      objective: 0,
      bound: core.bound,
      gap: Infinity,
      seconds,
      method: COUNT_SEARCH_METHOD,
      message: core.message ?? 'the time limit passed before any plan was found',
    };
  const gap = relativeGap(core.objective, core.bound);
  return {
    status: gap <= OPTIMAL_GAP ? 'optimal' : 'feasible',
    choice: core.choice,
    objective: core.objective,
    bound: Math.max(core.bound, core.objective),
    gap,
    seconds,
    method: COUNT_SEARCH_METHOD,
  };
}
