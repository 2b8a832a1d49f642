import type { Highs } from 'highs';
import { PlannerError } from '../domain/errors.ts';
import { solveDecomposition } from './decomposition/index.ts';
import { getHighs, resetHighs } from './highs-runtime.ts';
import { solveMip } from './mip.ts';
import type { ProgressListener, SolveOutcome } from './outcome.ts';
import type { Problem } from './problem.ts';

export type SolveMethod = 'auto' | 'mip' | 'decomposition';

export interface SolveOptions {
  method?: SolveMethod;
  timeLimitSeconds?: number;
  onProgress?: ProgressListener;
  /** A known plan for the same problem (`choice[i]` per customer, -1 = none), used as a warm start where the method allows it. */
  start?: Int16Array;
}

/** A solve method other than the whole-model MIP: by default the Lagrangian decomposition. */
export type StructuredSolver = (highs: Highs, problem: Problem, options: { timeLimitSeconds: number; onProgress?: ProgressListener; start?: Int16Array }) => SolveOutcome | Promise<SolveOutcome>;

/**
 * Customer-action pairs from which `auto` uses the decomposition. On the 250-customer sample
 * (1,750 pairs) it proves the optimum in about 25 ms warm against about 100 ms for the
 * whole-model MIP, and from a few thousand customers on the MIP slows down sharply
 * (bench/RESULTS.md); below a few dozen customers both take milliseconds.
 */
export const DECOMPOSITION_MIN_PAIRS = 500;

let structured: { solve: StructuredSolver; minPairs: number } | undefined = { solve: solveDecomposition, minPairs: DECOMPOSITION_MIN_PAIRS };

/** Lets the structure-aware solver take problems with at least `minPairs` customer-action pairs. */
export function registerStructuredSolver(solve: StructuredSolver, minPairs: number): void {
  structured = { solve, minPairs };
}

function pickMethod(problem: Problem, method: SolveMethod): 'mip' | 'decomposition' {
  if (method !== 'auto') return method;
  return structured && problem.n * problem.K >= structured.minPairs ? 'decomposition' : 'mip';
}

async function solveWith(highs: Highs, problem: Problem, options: SolveOptions): Promise<SolveOutcome> {
  const timeLimitSeconds = options.timeLimitSeconds ?? 60;
  if (pickMethod(problem, options.method ?? 'auto') === 'decomposition') {
    if (!structured) throw new PlannerError('SOLVER', 'the structure-aware solver is not available in this build');
    return structured.solve(highs, problem, { timeLimitSeconds, onProgress: options.onProgress, start: options.start });
  }
  return solveMip(highs, problem, { timeLimitSeconds, start: options.start });
}

/**
 * Solves a problem with the fastest suitable method. A Wasm runtime failure reloads HiGHS
 * and tries once more; a second failure is a SOLVER error (never a raw stack to a user).
 */
export async function solveProblem(problem: Problem, options: SolveOptions = {}, loadRuntime: () => Promise<Highs> = getHighs): Promise<SolveOutcome> {
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
  throw new PlannerError('SOLVER', `the solver failed twice (${detail}); try again, and report it if it persists`, { cause: lastError });
}
