import type { Highs } from 'highs';
import { OPTIMAL_GAP } from '../../outcome.ts';
import type { ClassChoice } from '../dual/master.ts';
import type { Workspace } from '../evaluation.ts';
import { exactGaps, rankAtPrices, selectCore } from '../ranking.ts';
import { PROGRESS, type DecompositionRun } from '../run.ts';
import { improveNear } from '../primal/improve.ts';
import { repairChoice } from '../primal/repair.ts';
import { solveCore } from './core.ts';
import { groupCoreTypes } from './core-types.ts';
import { CountDual, type CountBox, type NodeBound } from './count-bound.ts';

/** Nodes at most; the best open bound is the answer's bound when they run out. */
const MAX_NODES = 2_000;
/**
 * The search's time: this many times what the solve took before it, at least
 * {@link PROOF_MIN_SECONDS}, within the time left. Degenerate weeks leave many nodes of one
 * bound, and the answer then carries the gap proven so far rather than the whole time limit.
 */
const PROOF_TIME_FACTOR = 2;
const PROOF_MIN_SECONDS = 1;
/** Share of the optimality gap within which a node is pruned; the rest is left for rounding. */
const PRUNE_SHARE = 0.5;
/** A node's dual has converged once its bound is proven within this share of the pruning tolerance. */
const CONVERGE_SHARE = 0.1;
/** Fractional counts whose branches are scored by the cutting-plane model before one is chosen. */
const CANDIDATES = 16;
/** A count this close to a whole number counts as whole. */
const WHOLE = 1e-5;
/** Largest node core (in types of interchangeable customers) solved exactly. */
const NODE_CORE_MAX = 2_000;

interface CountNode {
  box: CountBox;
  start: Float64Array;
  /** No plan in this node is worth more. */
  bound: number;
}

/**
 * The proof when the LP's integrality gap keeps the exact core too large to solve (a policy
 * near infeasibility, where the LP splits customers between actions): branch-and-bound on the
 * customers per (class, action). Each node's bound is the dual of the problem restricted to its
 * box of counts (`CountDual`), all nodes sharing one pool of per-class cuts. The count to branch
 * on is the one whose two branches the cuts already say fall furthest (strong branching on the
 * cutting-plane model, no pass over the customers). A node whose plan in counts is whole is a
 * leaf: its plan is searched in the small core its prices leave. Returns the proven bound.
 */
export async function proveByCounts(
  highs: Highs,
  run: DecompositionRun,
  work: Workspace,
  seeds: readonly ClassChoice[],
  lambda: Float64Array,
  upper: number,
): Promise<number> {
  const { relax } = run;
  const dual = new CountDual(highs, relax, work, seeds);
  const tolerance = () => PRUNE_SHARE * OPTIMAL_GAP * Math.max(1, Math.abs(run.incumbent?.objective ?? upper));
  const pruneAt = () => (run.incumbent ? run.incumbent.objective + tolerance() : -Infinity);
  const root = { lower: new Float64Array(relax.C * relax.K), upper: Float64Array.from(dual.capacity) };
  const open: CountNode[] = [{ box: root, start: dual.rootPoint(lambda), bound: upper }];
  const elapsed = (run.now() - run.started) / 1000;
  const stopAt = run.now() + 1000 * Math.min(run.remaining(), Math.max(PROOF_MIN_SECONDS, PROOF_TIME_FACTOR * elapsed));
  let closed = -Infinity;
  const unresolved: number[] = [];
  try {
    for (let nodes = 0; open.length > 0 && nodes < MAX_NODES && run.now() < stopAt; nodes++) {
      let pick = 0;
      for (let q = 1; q < open.length; q++) if (open[q].bound > open[pick].bound) pick = q;
      const node = open.splice(pick, 1)[0];
      if (node.bound <= pruneAt()) {
        closed = Math.max(closed, node.bound);
        continue;
      }
      run.progress({
        phase: 'count-search',
        fraction: PROGRESS.exactCore,
        objective: run.incumbent?.objective,
        bound: node.bound,
      });
      await new Promise<void>((resolve) => setImmediate(resolve));
      const found = dual.bound(node.box, node.start, pruneAt(), CONVERGE_SHARE * tolerance());
      let bound = Math.min(node.bound, found.value);
      repairAtPrices(run, work, found);
      bound = Math.min(bound, closeByCore(highs, run, work, found, bound));
      if (bound <= pruneAt()) {
        closed = Math.max(closed, bound);
        continue;
      }
      const children = Number.isFinite(found.floor) ? branch(dual, node.box, found, bound) : [];
      if (children.length > 0) {
        open.push(...children);
        continue;
      }
      unresolved.push(bound);
    }
  } finally {
    dual.dispose();
  }
  const best = run.incumbent?.objective ?? -Infinity;
  return Math.max(best, closed, ...unresolved, ...open.map((node) => node.bound));
}

/**
 * The children of the count whose branches (at most ⌊N⌋, at least ⌈N⌉ customers) the cuts
 * say fall furthest, by the product of the two falls; none when every count is whole.
 */
function branch(dual: CountDual, box: CountBox, found: NodeBound, bound: number): CountNode[] {
  const fractional: number[] = [];
  found.counts.forEach((x, j) => {
    if (Math.abs(x - Math.round(x)) > WHOLE) fractional.push(j);
  });
  if (fractional.length === 0) return [];
  fractional.sort((a, b) => distanceFromHalf(found.counts[a]) - distanceFromHalf(found.counts[b]));
  let chosen: CountBox[] = [];
  let bestScore = -Infinity;
  for (const j of fractional.slice(0, CANDIDATES)) {
    const sides = splitBox(box, j, found.counts[j]);
    const falls = sides.map((side) => Math.max(1e-9, bound - Math.min(bound, dual.modelFloor(side))));
    const score = falls.length === 2 ? falls[0] * falls[1] : Infinity;
    if (score > bestScore) {
      bestScore = score;
      chosen = sides;
    }
  }
  return chosen.map((side) => ({ box: side, start: found.multipliers, bound }));
}

const distanceFromHalf = (x: number) => Math.abs(0.5 - (x - Math.floor(x)));

/** The boxes of at most ⌊x⌋ and at least ⌈x⌉ customers on count j (an empty one left out). */
function splitBox(box: CountBox, j: number, x: number): CountBox[] {
  const down = { lower: box.lower, upper: Float64Array.from(box.upper) };
  down.upper[j] = Math.floor(x);
  const up = { lower: Float64Array.from(box.lower), upper: box.upper };
  up.lower[j] = Math.ceil(x);
  return [down, up].filter((side) => side.lower[j] <= side.upper[j]);
}

/** The greedy repair and improvement at a node's prices, which lean towards its box of counts. */
function repairAtPrices(run: DecompositionRun, work: Workspace, found: NodeBound): void {
  const ranking = rankAtPrices(run.relax, found.prices, work);
  const repaired = repairChoice(run.relax, ranking);
  run.offer(repaired);
  if (repaired) run.offer(improveNear(run.relax, repaired, ranking, () => false));
}

/**
 * The node's own exact core: at the node's prices (its count bounds priced in), a customer whose
 * gap exceeds the node's bound less the best plan keeps its best choice in every better plan of
 * the node. When the rest is small, it is solved exactly: the plan found is offered, and the
 * core's bound (over every plan that agrees with the fixing, the node's better ones among them)
 * bounds the node. Returns that bound, or the node's when the core is too large.
 */
function closeByCore(highs: Highs, run: DecompositionRun, work: Workspace, found: NodeBound, bound: number): number {
  const { relax } = run;
  const known = run.incumbent;
  if (!known) return bound;
  const ranking = rankAtPrices(relax, found.prices, work);
  const threshold = bound - known.objective + 1e-9 * Math.max(1, Math.abs(bound));
  exactGaps(relax, ranking, threshold);
  const core = selectCore(ranking, threshold);
  if (core.length > NODE_CORE_MAX && groupCoreTypes(relax, core).count > NODE_CORE_MAX) return bound;
  const result = solveCore(highs, relax, ranking, core, {
    timeLimitSeconds: run.remaining(),
    absoluteGap: 0.5 * OPTIMAL_GAP * Math.max(1, Math.abs(known.objective)),
  });
  run.offerChoice(result.choice);
  if (result.core.status === 'infeasible') return -Infinity;
  if (result.core.status !== 'optimal' && result.core.status !== 'stopped') return bound;
  return Math.max(result.core.bound + result.fixedValue, run.incumbent?.objective ?? -Infinity);
}
