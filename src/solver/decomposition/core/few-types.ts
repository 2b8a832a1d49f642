import type { Highs } from 'highs';
import { OPTIMAL_GAP, type SolveOutcome } from '../../outcome.ts';
import type { Problem } from '../../problem.ts';
import type { DecompositionRun } from '../run.ts';
import { countCoreTypes } from './core-types.ts';
import { searchCounts } from './count-search.ts';
import { COUNT_SEARCH_METHOD } from './count-solve.ts';
import { EXACT_CORE_TYPES, type CoreSearchOptions } from './search-cores.ts';

/** Customer-action pairs from which a week of few types is first tried by the count search alone; below, the dual costs little. */
const FEW_TYPES_MIN_PAIRS = 100_000;
/** Nodes, and share of the time limit, that count search gets before the dual starts. */
const FEW_TYPES_NODES = 12;
const FEW_TYPES_TIME_SHARE = 0.1;
/** Customers whose types are counted first. */
const FIRST_LOOK = 4096;

/**
 * Phase 0, for a large week whose customers form no more types of interchangeable ones than
 * the core search solves at once: the count search over the whole week, for a few nodes. Its
 * answer when it proves the optimum; else its plan starts the dual's run (the search alone
 * can need thousands of nodes where the dual's fixing leaves a small core).
 */
export async function proveFewTypes(
  highs: Highs,
  run: DecompositionRun,
  problem: Problem,
  options: CoreSearchOptions & { start?: Int16Array },
): Promise<SolveOutcome | undefined> {
  const { relax } = run;
  const limit = Math.min(options.exactCoreLimit ?? EXACT_CORE_TYPES, options.maxCoreTypes ?? Infinity);
  if (problem.n * problem.K < FEW_TYPES_MIN_PAIRS) return undefined;
  // Most weeks show more types among their first customers already: no index of everyone is built for them.
  if (countCoreTypes(relax, firstCustomers(Math.min(relax.n, FIRST_LOOK)), limit) > limit) return undefined;
  const everyone = firstCustomers(relax.n);
  if (countCoreTypes(relax, everyone, limit) > limit) return undefined;
  const counted = searchCounts(highs, relax, everyone, {
    limits: relax.limit,
    timeLimitSeconds: run.remaining() * FEW_TYPES_TIME_SHARE,
    absoluteGap: 1e-9,
    relativeGap: OPTIMAL_GAP / 4,
    maxNodes: FEW_TYPES_NODES,
    start: options.start,
    now: run.now,
  });
  if (counted.status === 'infeasible') return run.finish('infeasible', -Infinity);
  run.offerChoice(counted.choice);
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (counted.status !== 'optimal' || !run.incumbent) return undefined;
  return { ...run.finish('feasible', Math.max(counted.bound, run.incumbent.objective)), method: COUNT_SEARCH_METHOD };
}

/** The indices 0 .. n − 1. */
function firstCustomers(n: number): Int32Array {
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) indices[i] = i;
  return indices;
}
