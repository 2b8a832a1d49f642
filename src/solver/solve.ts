import type { Highs } from 'highs';
import { PlannerError } from '../domain/errors.ts';
import type { DecompositionOptions } from './decomposition/index.ts';
import { solveByCounts, solveDecomposition } from './decomposition/index.ts';
import { getHighs, resetHighs } from './highs-runtime.ts';
import { solveMip } from './mip.ts';
import { checkDecompositionSize, checkWholeModelSize } from './model-limits.ts';
import type { ProgressListener, SolveOutcome } from './outcome.ts';
import type { Problem } from './problem.ts';

export const SOLVE_METHODS = ['auto', 'mip', 'counts', 'decomposition'] as const;
export type SolveMethod = (typeof SOLVE_METHODS)[number];

export function isSolveMethod(text: unknown): text is SolveMethod {
  return SOLVE_METHODS.some((method) => method === text);
}

/** The solve's time limit when none is given, in seconds. */
export const DEFAULT_TIME_LIMIT_SECONDS = 60;

/**
 * What a related solve passes to the decomposition as it is: a previous dual, an early stop and
 * where it passes, the start's kept score, a sweep's repair at the count search's root and its
 * lines set up at once (see `DecompositionOptions`). Other methods ignore them, except the count
 * search's `settled`.
 */
export type DecompositionHints = Pick<
  DecompositionOptions,
  'dual' | 'settled' | 'settledAt' | 'settleAtRecall' | 'startScore' | 'repairAtCountRoot' | 'manySolves'
>;

export interface SolveOptions extends DecompositionHints {
  method?: SolveMethod;
  timeLimitSeconds?: number;
  onProgress?: ProgressListener;
  /** A known plan for the same problem (`choice[i]` per customer, -1 = none), used as a warm start where the method allows it. */
  start?: Int16Array;
}

/** A solve method other than the whole-model MIP: by default the Lagrangian decomposition. */
export type StructuredSolver = (
  highs: Highs,
  problem: Problem,
  options: DecompositionHints & { timeLimitSeconds: number; onProgress?: ProgressListener; start?: Int16Array },
) => SolveOutcome | Promise<SolveOutcome>;

/**
 * Customer-action pairs from which `auto` uses the Lagrangian decomposition: every problem. The
 * count search over the whole problem (`counts`) is a few milliseconds faster on easy weeks of a
 * few hundred customers, but on hard ones (many floors and caps, no two customers alike) it can
 * leave a gap open for a minute that the decomposition's core search and moves close in a second.
 */
export const DECOMPOSITION_MIN_PAIRS = 0;

let structured: { solve: StructuredSolver; minPairs: number } | undefined = {
  solve: solveDecomposition,
  minPairs: DECOMPOSITION_MIN_PAIRS,
};

/** Lets the structure-aware solver take problems with at least `minPairs` customer-action pairs. */
export function registerStructuredSolver(solve: StructuredSolver, minPairs: number): void {
  structured = { solve, minPairs };
}

function pickMethod(problem: Problem, method: SolveMethod): Exclude<SolveMethod, 'auto'> {
  if (method !== 'auto') return method;
  return structured && problem.n * problem.K >= structured.minPairs ? 'decomposition' : 'counts';
}

async function solveWith(highs: Highs, problem: Problem, options: SolveOptions): Promise<SolveOutcome> {
  const timeLimitSeconds = options.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS;
  const method = pickMethod(problem, options.method ?? 'auto');
  if (method === 'counts')
    return solveByCounts(highs, problem, { timeLimitSeconds, start: options.start, settled: options.settled });
  if (method === 'decomposition') {
    if (!structured) throw new PlannerError('SOLVER', 'the structure-aware solver is not available in this build');
    const { method: _method, ...passed } = options;
    return structured.solve(highs, problem, { ...passed, timeLimitSeconds });
  }
  return solveMip(highs, problem, { timeLimitSeconds, start: options.start });
}

/**
 * Solves a problem with the fastest suitable method. A Wasm runtime failure reloads HiGHS
 * and tries once more; a second failure is a SOLVER error (never a raw stack to a user). The
 * whole-model MIP is refused (TOO_LARGE) above `MAX_MIP_PAIRS`, the decomposition above
 * `MAX_DECOMPOSITION_TABLE_BYTES` of tables, before HiGHS is loaded.
 */
export async function solveProblem(
  problem: Problem,
  options: SolveOptions = {},
  loadRuntime: () => Promise<Highs> = getHighs,
): Promise<SolveOutcome> {
  const method = pickMethod(problem, options.method ?? 'auto');
  if (method === 'mip') checkWholeModelSize(problem);
  if (method === 'decomposition') checkDecompositionSize(problem);
  let lastError: unknown;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return await solveWith(await loadRuntime(), problem, options);
    } catch (error) {
      if (error instanceof PlannerError) throw error;
      lastError = error;
      resetHighs();
    }
  }
  const detail = lastError instanceof Error ? lastError.message : String(lastError);
  throw new PlannerError('SOLVER', `the solver failed twice (${detail}); try again, and report it if it persists`, {
    cause: lastError,
  });
}
