import type { Highs } from 'highs';
import { OPTIMAL_GAP, relativeGap, type SolveOutcome } from '../../outcome.ts';
import type { Problem } from '../../problem.ts';
import { rememberDual, type DualMemory } from '../dual/dual-memory.ts';
import { DecompositionRun } from '../run.ts';
import { borrowWeekCountModel } from './count-memory.ts';
import { searchCounts } from './count-search.ts';
import { COUNT_SEARCH_METHOD } from './count-solve.ts';
import { MAX_CORE_TYPES, type CoreSearchOptions } from './search-cores.ts';

/** Customer-action pairs from which a week of few types is first tried by the count search alone; below, the dual costs little. */
const FEW_TYPES_MIN_PAIRS = 100_000;
/** Nodes, and share of the time limit, that count search gets before the dual starts. */
const FEW_TYPES_NODES = 12;
/**
 * A week of more types than this (up to the count search's largest) gets the root alone: its LP
 * and dive prove most such weeks at once, where the dual's repairs over thousands of customers a
 * type cost seconds; its nodes cost more than the dual started at the root's duals.
 */
const ROOT_ONLY_TYPES = 200;
const ROOT_ONLY_NODES = 1;
const FEW_TYPES_TIME_SHARE = 0.1;
/**
 * The search prunes within this share of the optimality gap: its nodes go on bettering the
 * plan, which the next level of a sweep starts from (a search that stops within the whole gap
 * leaves plans that prove later levels less often).
 */
const SEARCH_GAP_SHARE = 0.25;
/**
 * With a plan from the root's duals (a sweep's level), the search stops once its best plan is
 * within this share of the optimality gap of its bound: proven, and a close start for the next level.
 */
const ROOT_PLAN_GAP_SHARE = 0.5;
const closesHalf = (objective: number, bound: number) =>
  relativeGap(objective, bound) <= ROOT_PLAN_GAP_SHARE * OPTIMAL_GAP;
/**
 * With a plan from the root's duals, the search stops when its best plan is then this close to
 * its bound (relative) without closing: more nodes rarely better that plan, and the dual and the
 * exact core's MIP that follow prove it. Further short, the nodes often find a better plan.
 */
const ROOT_PLAN_STOP_GAP = 3 * OPTIMAL_GAP;
/** Customers whose types are counted first. */
const FIRST_LOOK = 4096;

/**
 * What the count search over a week of few types found: the answer, or multipliers for the dual
 * to start from and whether the search ran out of nodes (its branching did not close the counts).
 */
export type FewTypesResult =
  | { proven: SolveOutcome }
  | {
      lambda?: Float64Array;
      capped: boolean;
      /** The search stopped with its plan a few optimality gaps short of the LP's bound (`root-plan`). */
      nearBound: boolean;
    };

/**
 * Phase 0, for a large week whose customers form no more types of interchangeable ones than
 * the core search solves at once: the count search over the whole week, for a few nodes. Its
 * answer when it proves the optimum (with the relaxation, for the next solve on these values);
 * else its plan starts the dual's run and its root LP's row duals, the optimal multipliers,
 * the dual's search (the count search alone can need thousands of nodes where the dual's
 * fixing leaves a small core). Undefined for other weeks.
 */
export async function proveFewTypes(
  highs: Highs,
  run: DecompositionRun,
  problem: Problem,
  options: CoreSearchOptions & {
    start?: Int16Array;
    dual?: DualMemory;
    /** A whole-week plan from the root LP's row duals (see `CountSearchOptions.planAtRoot`); the search then stops at {@link ROOT_PLAN_GAP_SHARE}. */
    planAtRoot?: (lambda: Float64Array, best?: Int16Array) => Int16Array | undefined;
  },
): Promise<FewTypesResult | undefined> {
  const { relax } = run;
  const limit = Math.min(options.exactCoreLimit ?? MAX_CORE_TYPES, options.maxCoreTypes ?? Infinity);
  if (problem.n * problem.K < FEW_TYPES_MIN_PAIRS) return undefined;
  const lease = borrowWeekCountModel(highs, relax, limit, FIRST_LOOK);
  if (!lease) return undefined;
  const counted = (() => {
    try {
      return searchCounts(highs, relax, lease.customers, {
        limits: relax.limit,
        timeLimitSeconds: run.remaining() * FEW_TYPES_TIME_SHARE,
        absoluteGap: 1e-9,
        relativeGap: SEARCH_GAP_SHARE * OPTIMAL_GAP,
        maxNodes:
          lease.counts.types.count > (options.exactCoreLimit ?? ROOT_ONLY_TYPES) ? ROOT_ONLY_NODES : FEW_TYPES_NODES,
        start: options.start,
        now: run.now,
        counts: lease.counts,
        planAtRoot: options.planAtRoot,
        ...(options.planAtRoot ? { settled: closesHalf, rootPlanStopGap: ROOT_PLAN_STOP_GAP } : {}),
      });
    } finally {
      lease.release();
    }
  })();
  if (counted.status === 'infeasible') return { proven: run.finish('infeasible', -Infinity) };
  run.offerChoice(counted.choice);
  await new Promise<void>((resolve) => setImmediate(resolve));
  // Stopped by its node cap, the search still proves the week when the best plan is within the
  // optimality gap of its bound (the whole week's bound).
  const known = run.incumbent;
  const proven =
    counted.status === 'optimal' ||
    (counted.status === 'stopped' && known !== undefined && DecompositionRun.closes(known.objective, counted.bound));
  if (!proven || !known)
    return {
      lambda: counted.rootLambda,
      capped: counted.stoppedBy === 'nodes' || counted.stoppedBy === 'root-plan',
      nearBound: counted.stoppedBy === 'root-plan',
    };
  // No points, but the relaxation: the next solve on these values re-limits it instead of building one.
  run.memory = rememberDual(relax, [], undefined, options.dual);
  const answer = run.finish('feasible', Math.max(counted.bound, known.objective));
  return { proven: { ...answer, method: COUNT_SEARCH_METHOD } };
}
