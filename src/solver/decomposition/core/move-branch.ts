import type { Highs } from 'highs';
import { createHighsModel, limitRunTime, type HighsModelSpec } from '../../highs-model.ts';
import { diveToWholeCounts } from './count-dive.ts';

/** Distance from a whole number under which an LP's count is taken as whole. */
const WHOLE = 1e-6;
/** Steps of the dive from the root, as a share of the node budget (a step re-solves once or twice). */
const DIVE_SHARE = 0.25;

export interface BranchAnswer {
  /** Every node was settled: no plan is worth more than `bound`. */
  done: boolean;
  /** The best plan's columns (the start's when no better was found); undefined without one. */
  x: Float64Array | undefined;
  /** No plan is worth more than this (the best plan's worth at least; meaningful when done). */
  bound: number;
  /** Seconds it ran, so a caller's next run keeps the same deadline. */
  seconds: number;
}

export interface BranchOptions {
  /** Only these columns must be whole. */
  integer: Int32Array;
  /** A plan keeping every row: its columns and worth. */
  start?: { x: Float64Array; value: number };
  /** Nodes whose LP is worth at most the best plan plus this are pruned. */
  absoluteGap: number;
  /** Most nodes' LPs solved before giving up (undefined answer). */
  maxNodes: number;
  timeLimitSeconds: number;
}

interface BranchNode {
  lower: Float64Array;
  upper: Float64Array;
  /** The parent's LP worth: no plan of the node is worth more. */
  bound: number;
}

/**
 * A maximizing MIP (`spec`, integrality ignored) solved by best-first branch-and-bound on the
 * `integer` columns, each node's LP re-solved by HiGHS's dual simplex from the last basis. The
 * simplex is the code every dual pass runs, while HiGHS's MIP machinery (root cuts, probing)
 * runs cold in a fresh process: on a model of a few dozen counts whose LP a few branches close,
 * this settles in a fraction of the MIP's first run. Branches on the most fractional count.
 * When the root's LP is worth more than the best plan settles, the count search's dive from it
 * (`diveToWholeCounts`, the whole counts held from the start) looks for a plan near it first: over
 * thousands of kinds best-first nodes reach a whole plan late, and until one is found none is pruned.
 * Returns done: false when `maxNodes` LP solves or the time do not settle it, or an LP fails.
 */
export function branchAndBound(highs: Highs, spec: HighsModelSpec, options: BranchOptions): BranchAnswer {
  const { integer, absoluteGap } = options;
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const remaining = () => options.timeLimitSeconds - seconds();
  const model = createHighsModel(highs, { ...spec, integer: undefined });
  const statuses = highs.constants.modelStatus;
  let best = options.start?.value ?? -Infinity;
  let x = options.start?.x;
  // The most any pruned node may hold: with the best plan, the bound once every node is settled.
  let pruned = -Infinity;
  const open: BranchNode[] = [
    {
      lower: Float64Array.from(integer, (j) => spec.columns.lower[j]),
      upper: Float64Array.from(integer, (j) => spec.columns.upper[j]),
      bound: Infinity,
    },
  ];
  try {
    model.options.set({ output_flag: false, presolve: 'off', solver: 'simplex' });
    const failed = (): BranchAnswer => ({ done: false, x, bound: Infinity, seconds: seconds() });
    // LP solves so far, the dive's included.
    let solves = 0;
    while (open.length > 0) {
      const node = takeBest(open);
      if (node.bound <= best + absoluteGap) {
        pruned = Math.max(pruned, node.bound);
        continue;
      }
      if (solves >= options.maxNodes || remaining() <= 0) return failed();
      const root = solves === 0;
      solves++;
      model.changeColsBounds({ kind: 'set', indices: integer }, node.lower, node.upper);
      limitRunTime(model, remaining());
      model.run();
      const status = model.getModelStatus();
      if (status === statuses.infeasible) continue;
      if (status !== statuses.optimal) return failed();
      const worth = Number(model.info.get('objective_function_value'));
      if (worth <= best + absoluteGap) {
        pruned = Math.max(pruned, Math.min(worth, node.bound));
        continue;
      }
      const { colValue: values, colDual } = model.getSolution();
      const at = mostFractional(values, integer);
      if (at < 0) {
        best = worth;
        x = Float64Array.from(values);
        continue;
      }
      if (root) {
        let steps = Math.floor(DIVE_SHARE * options.maxNodes);
        const canRun = () => steps-- > 0 && remaining() > 0;
        const dived = diveToWholeCounts(model, statuses, integer, node.lower, node.upper, canRun, true);
        solves += dived.solves;
        const diveWorth = Number(model.info.get('objective_function_value'));
        if (dived.x && diveWorth > best) {
          best = diveWorth;
          x = dived.x;
        }
        if (worth <= best + absoluteGap) {
          pruned = Math.max(pruned, Math.min(worth, node.bound));
          continue;
        }
      }
      pruned = Math.max(pruned, narrowByReducedCost(node, values, colDual, integer, worth, best + absoluteGap));
      const down = { lower: node.lower, upper: node.upper.slice(), bound: worth };
      down.upper[at] = Math.floor(values[integer[at]]);
      const up = { lower: node.lower.slice(), upper: node.upper, bound: worth };
      up.lower[at] = Math.ceil(values[integer[at]]);
      open.push(down, up);
    }
    return { done: true, x, bound: Math.max(best, pruned), seconds: seconds() };
  } finally {
    model.dispose();
  }
}

/**
 * Narrows the node's counts that sit at a bound of its LP (worth `worth`): a count moved off its
 * bound by t loses at least t times its reduced cost, so a plan worth more than `floor` moves it
 * less than (worth − floor) / |reduced cost| (the node's bounds are replaced, not changed in
 * place). Returns the most a plan it leaves out can be worth (below `floor`; −∞ when none).
 */
function narrowByReducedCost(
  node: BranchNode,
  values: ArrayLike<number>,
  reduced: ArrayLike<number>,
  integer: Int32Array,
  worth: number,
  floor: number,
): number {
  let lower = node.lower;
  let upper = node.upper;
  let left = -Infinity;
  for (let q = 0; q < integer.length; q++) {
    const value = values[integer[q]];
    const cost = reduced[integer[q]];
    if (cost < 0 && value <= lower[q] + WHOLE) {
      const most = Math.floor(lower[q] + (worth - floor) / -cost + WHOLE);
      if (most >= upper[q]) continue;
      if (upper === node.upper) upper = upper.slice();
      upper[q] = most;
      left = Math.max(left, worth + cost * (most + 1 - lower[q]));
    } else if (cost > 0 && value >= upper[q] - WHOLE) {
      const least = Math.ceil(upper[q] - (worth - floor) / cost - WHOLE);
      if (least <= lower[q]) continue;
      if (lower === node.lower) lower = lower.slice();
      lower[q] = least;
      left = Math.max(left, worth - cost * (upper[q] - least + 1));
    }
  }
  node.lower = lower;
  node.upper = upper;
  return left;
}

/** Removes and returns the open node of the largest bound (the first such). */
function takeBest(open: BranchNode[]): BranchNode {
  let at = 0;
  for (let q = 1; q < open.length; q++) if (open[q].bound > open[at].bound) at = q;
  const [node] = open.splice(at, 1);
  return node;
}

/** Position in `integer` of the column farthest from a whole number, or -1 when all are whole. */
function mostFractional(values: ArrayLike<number>, integer: Int32Array): number {
  let at = -1;
  let far = WHOLE;
  for (let q = 0; q < integer.length; q++) {
    const value = values[integer[q]];
    const off = Math.abs(value - Math.round(value));
    if (off > far) {
      far = off;
      at = q;
    }
  }
  return at;
}
