import type { Highs, Model } from 'highs';
import { createHighsModel, limitRunTime, rowBounds, type SparseColumns } from '../../highs-model.ts';

/**
 * Simplex iterations per row and column a cut model's solve may take before it counts as
 * stalled: a warm re-solve takes tens, while HiGHS's dual simplex can cycle on these degenerate
 * models for millions, until the caller's deadline.
 */
const STALL_ITERATIONS_PER_ENTRY = 10;
/** The least iteration limit, for a model of few rows. */
const MIN_STALL_ITERATIONS = 1000;
/** HiGHS's `simplex_strategy` for the primal simplex. */
const PRIMAL_SIMPLEX = 4;
/** How many times more iterations the run from the slack basis after a stall may take. */
const RESTART_ALLOWANCE = 10;

/**
 * A cutting-plane master's LP: `columns` (multipliers and model values) and no row yet, cuts to
 * be appended as rows (see {@link configureCutModel}).
 */
export function createCutModel(highs: Highs, columns: SparseColumns): Model {
  const model = createHighsModel(highs, { sense: 'minimize', columns, ...rowBounds(0, 0, 0) });
  configureCutModel(model);
  return model;
}

/**
 * Simplex with tight tolerances, and no presolve, which costs more than it saves on an LP this
 * small; the dual simplex unless `primal` (the LP of a model held by its columns, to which new
 * columns keep the basis feasible).
 */
export function configureCutModel(model: Model, simplex: 'dual' | 'primal' = 'dual'): void {
  model.options.set({
    output_flag: false,
    solver: 'simplex',
    presolve: 'off',
    primal_feasibility_tolerance: 1e-9,
    dual_feasibility_tolerance: 1e-9,
    ...(simplex === 'primal' ? { simplex_strategy: PRIMAL_SIMPLEX } : {}),
  });
}

/** The simplex iterations after which a solve of a cut model of `size` rows and columns has stalled. */
export const stallLimit = (size: number): number => Math.max(MIN_STALL_ITERATIONS, STALL_ITERATIONS_PER_ENTRY * size);

/**
 * Solves a cut model within `seconds` (none when undefined), warm from its last basis. A solve
 * that takes `stallAfter` simplex iterations, or whose run HiGHS fails (its primal simplex can on
 * a degenerate model), is run once more from the slack basis, where the cycle's degenerate path
 * is left behind, with {@link RESTART_ALLOWANCE} times as many. True when optimal; a second
 * failure is not optimal, as a stall is: the caller's search stops with what it has.
 */
export function runCutModel(highs: Highs, model: Model, seconds: number | undefined, stallAfter: number): boolean {
  const { optimal, iterationLimit } = highs.constants.modelStatus;
  const started = performance.now();
  limitRunTime(model, seconds);
  model.options.set({ simplex_iteration_limit: stallAfter });
  if (runs(highs, model) && model.getModelStatus() !== iterationLimit) return model.getModelStatus() === optimal;
  limitRunTime(model, seconds === undefined ? undefined : seconds - (performance.now() - started) / 1000);
  model.options.set({ simplex_iteration_limit: RESTART_ALLOWANCE * stallAfter });
  model.setLogicalBasis();
  return runs(highs, model) && model.getModelStatus() === optimal;
}

/**
 * Runs `model`; false when HiGHS's own run fails (native status -1). Any other error is thrown
 * on, the wrapper's own among them (a disposed model, an invalid input), which are subclasses.
 */
function runs(highs: Highs, model: Model): boolean {
  try {
    model.run();
    return true;
  } catch (error) {
    if (error instanceof Error && error.constructor === highs.errors.HighsError) return false;
    throw error;
  }
}
