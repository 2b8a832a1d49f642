import type { Highs } from 'highs';
import type { Problem } from '../../problem.ts';
import { buildRelaxation, withLimits } from '../lagrangian.ts';
import { createWorkspace } from '../evaluation.ts';
import { minimizeDual } from './dual.ts';
import { piecesPerClass } from './pieces.ts';
import {
  lowestPoint,
  predictOptimum,
  recallCuts,
  recallDual,
  rememberDual,
  type DualMemory,
  type DualOptimum,
} from './dual-memory.ts';

/** The Lagrangian dual's optimum at one set of limits. */
export interface LimitDualSolution {
  /** True when L fell below the worst plan: no plan, fractional or not, meets the limits. */
  infeasible: boolean;
  /** True when the deadline cut the dual short of its optimum: the multipliers are not the LP's duals. */
  stopped: boolean;
  /** min L: for this model the LP relaxation's optimum. */
  value: number;
  /** The optimal multipliers, one per row (≥ 0; the LP's row duals up to the sign of the row). */
  lambda: Float64Array;
  /** Row usage of the relaxed choice at `lambda`. */
  usage: Float64Array;
  /** True when the solve stopped at its `below`: `value` is then only an upper bound, and `lambda` not optimal. */
  below: boolean;
}

/** The dual of one problem at limits that move between solves, each solve warm from the last one's cutting planes. */
export interface LimitDual {
  /**
   * Minimises L at `limits` (as given, not snapped to their grids) until `deadline`, or until L is
   * at most `below`, to `tolerance` (default the dual's); from `from`'s points if given, else the
   * last solve's; with `proven`, stopping only where the model over every λ ≥ 0 proves it.
   */
  solve(
    limits: ArrayLike<number>,
    deadline: number,
    options?: { below?: number; from?: DualMemory; tolerance?: number; proven?: boolean },
  ): Promise<LimitDualSolution>;
  /**
   * Minimises L at `limits` from `from`'s points (a memory of this problem) with a master and
   * buffers of its own: the answer depends on `from`, `limits` and `tolerance` (default the dual's) only.
   */
  solveApart(
    limits: ArrayLike<number>,
    deadline: number,
    options: { from?: DualMemory; tolerance?: number },
  ): Promise<LimitDualSolution>;
  /**
   * How far row r's limit can move the relaxing way, from `limits`, before its multiplier falls to
   * `slope`: L minimised with that multiplier at most `slope`, whose bound's own multiplier is that
   * distance (LP duality: the bounded minimum is the most of v(limit + d) − slope·d over d ≥ 0,
   * reached where v's slope falls to `slope`). Read off the cutting-plane model at the bounded
   * optimum; undefined when the search stops short. Its points are the next solve's start.
   */
  reach(limits: ArrayLike<number>, r: number, slope: number, deadline: number): Promise<number | undefined>;
  /** The last solve's dual, for a decomposition solve of the same problem at new limits. */
  memory(): DualMemory | undefined;
  /** True once a warm re-solve walked {@link LONG_RESOLVE} iterations or more: re-solves on this problem are long. */
  walksFar(): boolean;
}

/**
 * Iterations of the last re-solve from which the next starts at the predicted optimum: below
 * it the re-solves are already short, and the extra evaluation would only move the points a
 * check starts from (and so its time).
 */
const PREDICT_AFTER = 20;

/**
 * Iterations of a warm re-solve from which re-solves count as walking far on this problem (many
 * actions under share caps): a check then settles at the recalled point first where it can.
 */
const LONG_RESOLVE = 20;

/**
 * A master solve's work per entry (a cut times the master's columns) against a pass's (the values
 * it read, see `PassResult.reads`: a screened pass reads far fewer than a customer times the
 * actions). Once re-solves walk far with a master whose solves cost half a pass or more, each
 * later re-solve drops the shared master's long-inactive cuts and starts in `longWidthShare`'s
 * box: the optima lie close together and the cuts slow every solve. Where passes dominate (many
 * customers evaluated, few classes), those cuts save passes.
 */
const MASTER_ENTRY_COST = 20;

/**
 * The Lagrangian dual of `problem` as a function of its rows' limits. Each customer's choice set
 * has the integrality property, so min L equals the LP relaxation and its multipliers are the
 * LP's row duals; it scales where a simplex over every pair does not. Every re-solve starts from
 * the previous points moved to the new limits (exact, see `DualMemory`) and, after a long
 * re-solve along one line of limits (a range search), from where the last optima point (see
 * `predictOptimum`).
 */
export function createLimitDual(
  highs: Highs,
  problem: Problem,
  options: {
    now?: () => number;
    memory?: DualMemory;
    tolerance?: number;
    /** Each warm `solve`'s first box, as a share of each multiplier (see `DualOptions.startWidthShare`). */
    widthShare?: number;
    /** The same once re-solves walk far on a dear master (see {@link MASTER_ENTRY_COST}); default `widthShare`. */
    longWidthShare?: number;
  } = {},
): LimitDual {
  const now = options.now ?? (() => performance.now());
  // A solve of this same problem left its relaxation, screen and cuts: start from them.
  const recalled = options.memory ? recallDual(options.memory, problem) : undefined;
  const base = recalled?.relax ?? buildRelaxation(problem);
  const work = recalled?.work ?? createWorkspace(base);
  let memory: DualMemory | undefined = recalled ? options.memory : undefined;
  // The optima since the last solve apart, to predict the next along their line; `memory` does not carry them.
  let trail: DualOptimum[] = [];
  // The last solve's iterations: a prediction is tried only after a re-solve that walked far.
  let walked = 0;
  // Whether a warm re-solve has walked far (see LONG_RESOLVE), and done so on a dear master (see MASTER_ENTRY_COST).
  let far = false;
  let long = false;
  const columns = base.R + base.C * piecesPerClass(base);
  async function solveFrom(
    limits: ArrayLike<number>,
    deadline: number,
    from: DualMemory | undefined,
    how: { apart: boolean; tolerance?: number; below?: number; fixed?: boolean; proven?: boolean },
  ): Promise<LimitDualSolution> {
    const { apart, below } = how;
    const tolerance = how.tolerance ?? options.tolerance;
    const relax = withLimits(base, Float64Array.from(limits));
    const cuts = from ? recallCuts(from, problem, relax) : undefined;
    const own = apart ? createWorkspace(base) : work;
    const startWidthShare = apart
      ? undefined
      : long
        ? (options.longWidthShare ?? options.widthShare)
        : options.widthShare;
    // A start given by the caller is kept: no guess along the last optima's line.
    const start = apart || how.fixed || walked < PREDICT_AFTER ? undefined : predictOptimum(trail, relax.limit);
    const reads = own.reads;
    const dual = await minimizeDual(highs, relax, own, {
      deadline,
      now,
      cuts,
      tolerance,
      apart,
      target: below,
      // A range's tries lie far apart: the shared master's cuts long inactive only slow its solves (as a sweep's levels').
      pruneCuts: !apart && long,
      provenStop: how.proven,
      ...(start ? { start } : {}),
      ...(startWidthShare === undefined ? {} : { startWidthShare }),
    });
    memory = rememberDual(relax, dual.points, own);
    trail = [...(apart ? [] : trail.slice(-2)), ...memory.optima];
    walked = dual.iterations;
    if (!apart && walked >= LONG_RESOLVE) {
      far = true;
      // The re-solve's passes, each as it was screened: what one more pass would cost.
      const passWork = (own.reads - reads) / walked;
      long ||= 2 * MASTER_ENTRY_COST * dual.cuts * columns >= passWork;
    }
    return {
      infeasible: dual.infeasible,
      stopped: !dual.converged && now() >= deadline,
      value: dual.best.value,
      lambda: dual.best.lambda,
      usage: dual.best.usage,
      below: below !== undefined && dual.best.value <= below,
    };
  }
  return {
    solve: (limits, deadline, { below, from, tolerance, proven } = {}) =>
      solveFrom(limits, deadline, from ?? memory, {
        apart: false,
        below,
        tolerance,
        proven,
        fixed: from !== undefined,
      }),
    solveApart: (limits, deadline, { from, tolerance }) =>
      solveFrom(limits, deadline, from, { apart: true, tolerance }),
    async reach(limits, r, slope, deadline) {
      const relax = withLimits(base, Float64Array.from(limits));
      const cuts = memory ? recallCuts(memory, problem, relax) : undefined;
      const ceiling = new Float64Array(base.R).fill(Infinity);
      ceiling[r] = slope;
      // Any point within the bound is a start: the best seed's, clamped to it.
      const start = lowestPoint(cuts ?? [])?.lambda.map((x, q) => Math.min(x, ceiling[q]));
      const dual = await minimizeDual(highs, relax, work, {
        deadline,
        now,
        cuts,
        tolerance: options.tolerance,
        ceiling,
        // The bound's multiplier is read off the whole model: it must hold the bounded optimum.
        provenStop: true,
        pruneCuts: long,
        ...(start ? { start } : {}),
        ...(options.widthShare === undefined ? {} : { startWidthShare: options.widthShare }),
      });
      memory = rememberDual(relax, dual.points, work);
      // Its optimum lies off the line of the unbounded ones: no guess along it for the next solve.
      walked = 0;
      return dual.reduced && Math.abs(dual.reduced[r]);
    },
    memory: () => memory,
    walksFar: () => far,
  };
}
