import type { Highs } from 'highs';
import type { Relaxation } from '../lagrangian.ts';
import { buildAssignmentModel, listPairs } from '../../assignment-model.ts';
import { rowSlackTolerance } from '../scored-plan.ts';
import { countOverTypes, groupCoreTypes, spreadOverTypes } from './core-types.ts';

export interface CoreMipOptions {
  /** Row limits left for the core once fixed customers are counted. */
  limits: Float64Array;
  timeLimitSeconds: number;
  /** Absolute gap (objective units) at which HiGHS may stop: the whole plan's tolerance, not the core's. */
  absoluteGap: number;
  /** Start: an action per core customer (-1 = none). */
  start?: Int16Array;
}

export interface CoreMipResult {
  status: 'optimal' | 'stopped' | 'infeasible' | 'failed';
  /** Action per core customer (-1 = none), when HiGHS has a plan. */
  choice: Int16Array | undefined;
  objective: number;
  /** HiGHS's proven bound on the core's objective (+Infinity when unknown). */
  bound: number;
  message?: string;
}

/** A core in which nobody can be treated: the empty plan, if the rows' remaining limits allow it. */
export function solveEmptyCore(relax: Relaxation, limits: Float64Array, size: number): CoreMipResult {
  const holds = limits.every((limit, r) =>
    relax.sign[r] > 0 ? limit >= -rowSlackTolerance(relax.limit[r]) : limit <= rowSlackTolerance(relax.limit[r]),
  );
  return holds
    ? { status: 'optimal', choice: new Int16Array(size).fill(-1), objective: 0, bound: 0 }
    : { status: 'infeasible', choice: undefined, objective: 0, bound: -Infinity };
}

/**
 * The MIP over the core customers only (see `buildAssignmentModel`), one integer column per
 * type of interchangeable customers and action (see `groupCoreTypes`), its linking rows at the
 * limits left by the fixed customers and read from the class coefficients. Unlike the whole-model path it
 * accepts an absolute gap sized to the whole plan's objective, which a small core needs:
 * proving a core to 1e-7 of its own (small) value costs many nodes for nothing.
 */
export function solveCoreMip(
  highs: Highs,
  relax: Relaxation,
  core: Int32Array,
  options: CoreMipOptions,
): CoreMipResult {
  const { K, R, classOf, rowCoef } = relax;
  const types = groupCoreTypes(relax, core);
  const pairs = listPairs(relax.problem.value, K, types.representative);
  const numCols = pairs.count;
  if (numCols === 0) return solveEmptyCore(relax, options.limits, core.length);
  const { customer: colType, action: colAction, value: colCost } = pairs;
  const { model } = buildAssignmentModel(highs, {
    value: relax.problem.value,
    K,
    customers: types.representative,
    sign: relax.sign,
    limits: options.limits,
    coefficient: (i, k, r) => rowCoef[(classOf[i] * R + r) * K + k],
    integer: true,
    pairs,
    multiplicity: types.size,
  });
  try {
    // Presolve off: on these cores HiGHS's presolve costs far more than it saves.
    model.options.set({
      output_flag: false,
      presolve: 'off',
      mip_detect_symmetry: false,
      mip_rel_gap: 1e-9,
      mip_abs_gap: Math.max(1e-9, options.absoluteGap),
      time_limit: Math.max(0.05, options.timeLimitSeconds),
    });
    if (options.start) model.setSolution({ colValue: countOverTypes(types, K, colType, colAction, options.start) });
    model.run();
    const statuses = highs.constants.modelStatus;
    const modelStatus = model.getModelStatus();
    if (modelStatus === statuses.infeasible)
      return { status: 'infeasible', choice: undefined, objective: 0, bound: -Infinity };
    const hasPlan = Number(model.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    const proven = modelStatus === statuses.optimal;
    if (!hasPlan)
      return {
        status: 'failed',
        choice: undefined,
        objective: 0,
        bound: Infinity,
        message: `HiGHS stopped on the core without a plan (model status ${modelStatus})`,
      };
    const colValue = model.getSolution().colValue;
    const choice = spreadOverTypes(types, colType, colAction, colValue);
    let objective = 0;
    for (let j = 0; j < numCols; j++) objective += Math.round(colValue[j]) * colCost[j];
    const reported = Number(model.info.get('mip_dual_bound'));
    const bound = Number.isFinite(reported) ? Math.max(objective, reported) : proven ? objective : Infinity;
    return { status: proven ? 'optimal' : 'stopped', choice, objective, bound };
  } finally {
    model.dispose();
  }
}
