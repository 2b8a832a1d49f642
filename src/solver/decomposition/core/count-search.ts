import type { Highs } from 'highs';
import { solveEmptyCore, type CoreMipResult } from './core-mip.ts';
import type { CountSearchOptions, CountSearchResult } from './count-search-options.ts';
import { branchOnCounts, mostFractional } from './count-branching.ts';
import { diveToWholeCounts } from './count-dive.ts';
import { spreadOverTypes } from './core-types.ts';
import { applyFixes, buildCountModel, linkingDuals, type CountModel } from './count-model.ts';
import type { Relaxation } from '../lagrangian.ts';
import { corePlanValue } from './core-plan-value.ts';
import { relativeGap } from '../../outcome.ts';

/** Nodes searched before `planAtRoot` is asked: most searches that a dive settles need fewer, and the plan costs a pass. */
const PLAN_AT_ROOT_NODES = 5;

/** A node: bounds on every count, and on some x columns (only after a numerical surprise). */
interface SearchNode {
  lower: Float64Array;
  upper: Float64Array;
  fixed: ReadonlyMap<number, readonly [number, number]>;
  /** The parent's LP value: no plan in this node is worth more. */
  bound: number;
}

/**
 * Solves a core exactly by best-first branch-and-bound on class-action counts over the LP of
 * {@link buildCountModel}, re-solved by HiGHS's dual simplex from the previous basis at every
 * node, choosing each branch by strong branching (see `branchOnCounts`). Customers of one
 * class are interchangeable as far as the linking rows go, so branching on "how many of class
 * c take action k" closes in a handful of nodes what branching on single customers (a general
 * MIP solver's only choice) needs hundreds of nodes and cuts for.
 * Nodes whose LP value is within `absoluteGap` of the best plan are pruned.
 */
export function searchCounts(
  highs: Highs,
  relax: Relaxation,
  core: Int32Array,
  options: CountSearchOptions,
): CountSearchResult {
  const now = options.now ?? (() => performance.now());
  const deadline = now() + 1000 * options.timeLimitSeconds;
  const maxNodes = options.maxNodes ?? 2000;
  const started = now();
  if (!core.some((i) => hasEligiblePair(relax, i)))
    return { ...solveEmptyCore(relax, options.limits, core.length), nodes: 0, seconds: (now() - started) / 1000 };
  const counts = options.counts ?? buildCountModel(highs, relax, core, options.limits);
  try {
    return {
      ...search(highs, relax, core, counts, options, { now, deadline, maxNodes }),
      seconds: (now() - started) / 1000,
    };
  } finally {
    if (!options.counts) counts.model.dispose();
  }
}

function search(
  highs: Highs,
  relax: Relaxation,
  core: Int32Array,
  counts: CountModel,
  options: CountSearchOptions,
  limits: { now: () => number; deadline: number; maxNodes: number },
): Omit<CountSearchResult, 'seconds'> {
  const { model, pairs, pairType, pairAction, pairUpper } = counts;
  const statuses = highs.constants.modelStatus;
  model.options.set({ output_flag: false, presolve: 'off', solver: 'simplex' });
  let best: Int16Array | undefined;
  let bestValue = -Infinity;
  if (options.start) {
    const known = corePlanValue(relax, core, options.limits, options.start);
    if (known !== undefined) {
      best = Int16Array.from(options.start);
      bestValue = known;
    }
  }
  /** Keeps `choice` (by core position) when it meets the core's rows and betters the best plan. */
  const offer = (choice: Int16Array | undefined) => {
    const found = choice && corePlanValue(relax, core, options.limits, choice);
    if (choice && found !== undefined && found > bestValue) {
      best = choice;
      bestValue = found;
    }
  };
  /** Nodes at or below this value cannot improve on the best plan by more than the tolerance. */
  const pruneAt = () =>
    best
      ? bestValue + Math.max(1e-9, options.absoluteGap, (options.relativeGap ?? 0) * Math.max(1, Math.abs(bestValue)))
      : -Infinity;
  const open: SearchNode[] = [
    {
      lower: new Float64Array(counts.counts),
      upper: Float64Array.from(counts.countUpper),
      fixed: new Map(),
      bound: Infinity,
    },
  ];
  let closedBound = -Infinity;
  let nodes = 0;
  // A kept model may carry the last search's bounds on x columns: every one starts at [0, its type's size].
  if (options.counts)
    model.changeColsBounds({ kind: 'range', from: 0, to: pairs - 1 }, new Float64Array(pairs), pairUpper);
  let applied = new Map<number, readonly [number, number]>();
  let rootLambda: Float64Array | undefined;
  const countColumns = { kind: 'range' as const, from: pairs, to: pairs + counts.counts - 1 };
  /** No plan is worth more than the best one, a closed node's LP value or an open node's bound. */
  const searchBound = () => open.reduce((most, node) => Math.max(most, node.bound), Math.max(bestValue, closedBound));
  const result = (
    status: CoreMipResult['status'],
    stoppedBy?: CountSearchResult['stoppedBy'],
  ): Omit<CountSearchResult, 'seconds'> => {
    const bound = status === 'infeasible' ? -Infinity : searchBound();
    return {
      status,
      choice: best,
      objective: best ? bestValue : 0,
      bound: best || status !== 'failed' ? bound : Infinity,
      nodes,
      ...(stoppedBy ? { stoppedBy } : {}),
      ...(status === 'failed' && stoppedBy !== 'time' ? { message: stoppedWithoutPlan(nodes, stoppedBy) } : {}),
      ...(rootLambda ? { rootLambda } : {}),
    };
  };

  let askRoot = options.planAtRoot;
  while (open.length > 0) {
    if (best && options.settled?.(bestValue, searchBound())) return result('stopped', 'settled');
    let pick = 0;
    for (let q = 1; q < open.length; q++) if (open[q].bound > open[pick].bound) pick = q;
    const node = open[pick];
    if (node.bound <= pruneAt()) {
      closedBound = Math.max(closedBound, node.bound);
      open.splice(pick, 1);
      continue;
    }
    if (askRoot && rootLambda && nodes >= PLAN_AT_ROOT_NODES) {
      offer(askRoot(rootLambda, best));
      askRoot = undefined;
      if (best && relativeGap(bestValue, searchBound()) <= (options.rootPlanStopGap ?? 0))
        return result('stopped', options.settled?.(bestValue, searchBound()) ? 'settled' : 'root-plan');
      continue;
    }
    if (nodes >= limits.maxNodes || limits.now() >= limits.deadline)
      return result(best ? 'stopped' : 'failed', nodes >= limits.maxNodes ? 'nodes' : 'time');
    open.splice(pick, 1);
    nodes++;
    model.changeColsBounds(countColumns, node.lower, node.upper);
    applied = applyFixes(model, pairUpper, applied, node.fixed);
    model.options.set({ time_limit: Math.max(0.01, (limits.deadline - limits.now()) / 1000) });
    model.run();
    const status = model.getModelStatus();
    if (status === statuses.infeasible) continue;
    if (status !== statuses.optimal) {
      open.push(node);
      return result(best ? 'stopped' : 'failed', status === statuses.timeLimit ? 'time' : 'numerics');
    }
    const lpValue = model.getObjectiveValue();
    if (nodes === 1) rootLambda = linkingDuals(model, relax.sign, counts.linkRow0);
    if (lpValue <= pruneAt()) {
      closedBound = Math.max(closedBound, lpValue);
      continue;
    }
    // From the root, a dive to whole counts: a plan near the LP's optimum to prune with.
    const dive = () => {
      const countIndices = Int32Array.from({ length: counts.counts }, (_, a) => pairs + a);
      const dived = diveToWholeCounts(
        model,
        statuses,
        countIndices,
        node.lower,
        node.upper,
        () => limits.now() < limits.deadline,
      ).x;
      offer(dived && spreadOverTypes(counts.types, pairType, pairAction, dived.subarray(0, pairs)));
    };
    const restoreNode = () => {
      model.changeColsBounds(countColumns, node.lower, node.upper);
      model.run();
    };
    // A caller's test may need no more than the dive's plan and the root's bound: the dive first.
    const diveFirst =
      nodes === 1 &&
      options.settled !== undefined &&
      mostFractional(model.getSolution().colValue, pairs, pairs + counts.counts) >= 0;
    if (diveFirst) {
      dive();
      if (best && options.settled?.(bestValue, Math.max(bestValue, lpValue))) {
        open.push({ ...node, bound: lpValue });
        return result('stopped', 'settled');
      }
      restoreNode();
    }
    const x = model.getSolution().colValue;
    const children = branchOnCounts(model, statuses, x, pairs, node.lower, node.upper);
    if (children && nodes === 1 && !diveFirst) {
      restoreNode();
      dive();
    }
    if (children) {
      for (const child of children) {
        const lower = Float64Array.from(node.lower);
        const upper = Float64Array.from(node.upper);
        lower[child.column] = child.lower;
        upper[child.column] = child.upper;
        open.push({ ...node, lower, upper, bound: child.bound });
      }
      continue;
    }
    const pair = mostFractional(x, 0, pairs);
    if (pair >= 0) {
      // Integral counts with a fractional x: not a vertex (tolerances); branch on the column itself.
      const [lo, hi] = node.fixed.get(pair) ?? [0, pairUpper[pair]];
      open.push(
        { ...node, fixed: new Map(node.fixed).set(pair, [Math.ceil(x[pair]), hi]), bound: lpValue },
        { ...node, fixed: new Map(node.fixed).set(pair, [lo, Math.floor(x[pair])]), bound: lpValue },
      );
      continue;
    }
    offer(spreadOverTypes(counts.types, pairType, pairAction, x.subarray(0, pairs)));
    closedBound = Math.max(closedBound, lpValue);
  }
  // A node whose rounded plan broke a row (LP tolerances) stays unproven: its LP value is in closedBound.
  if (closedBound > pruneAt()) return result(best ? 'stopped' : 'failed', 'numerics');
  return result(best ? 'optimal' : 'infeasible');
}

/** Why a search that stopped before its deadline has no plan: none is proven impossible. */
function stoppedWithoutPlan(nodes: number, stoppedBy: CountSearchResult['stoppedBy']): string {
  const why = stoppedBy === 'nodes' ? `after ${nodes.toLocaleString('en-US')} nodes` : 'on a numerical difficulty';
  return `the search for a plan stopped ${why} without finding one that meets every rule; it did not prove that none exists`;
}

function hasEligiblePair(relax: Relaxation, i: number): boolean {
  for (let k = 0; k < relax.K; k++) if (!Number.isNaN(relax.problem.value[i * relax.K + k])) return true;
  return false;
}
