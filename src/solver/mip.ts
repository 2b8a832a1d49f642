import type { Highs } from 'highs';
import { buildProblemModel } from './assignment-model.ts';
import { relativeGap, OPTIMAL_GAP, type SolveOutcome } from './outcome.ts';
import type { Problem } from './problem.ts';

export interface MipOptions {
  /** Solve only these customers; every other customer takes no action. Default: all. */
  customers?: Int32Array;
  /** Replaces the rows' limits (same order as `problem.rows`), e.g. reduced by fixed customers. */
  limits?: Float64Array;
  timeLimitSeconds?: number;
  /** A known plan for the same customers (index into `customers`), given to HiGHS as a start. */
  start?: Int16Array;
}

/**
 * Solves the model of SPEC 3 (or its restriction to a subset of customers) as one MIP in
 * HiGHS (see `buildAssignmentModel`).
 */
export function solveMip(highs: Highs, problem: Problem, options: MipOptions = {}): SolveOutcome {
  const started = performance.now();
  const { rows } = problem;
  const customers = options.customers ?? Int32Array.from({ length: problem.n }, (_, i) => i);
  const limits = options.limits ?? Float64Array.from(rows, (r) => r.limit);
  const { model, pairs } = buildProblemModel(highs, problem, { integer: true, customers, limits });
  const numCols = pairs.count;
  try {
    model.options.set({
      output_flag: false,
      mip_rel_gap: OPTIMAL_GAP / 10,
      mip_abs_gap: 1e-9,
      time_limit: options.timeLimitSeconds ?? 60,
    });
    if (options.start) {
      const colValue = new Float64Array(numCols);
      for (let j = 0; j < numCols; j++) if (options.start[pairs.customer[j]] === pairs.action[j]) colValue[j] = 1;
      model.setSolution({ colValue });
    }
    const { modelStatus } = model.run();
    const statuses = highs.constants.modelStatus;
    const seconds = (performance.now() - started) / 1000;
    const method = 'highs-mip';
    const infeasible: SolveOutcome = {
      status: 'infeasible',
      choice: undefined,
      objective: 0,
      bound: Number.NEGATIVE_INFINITY,
      gap: 0,
      seconds,
      method,
    };
    if (modelStatus === statuses.infeasible) return infeasible;
    if (modelStatus === statuses.empty || numCols === 0) {
      // No eligible pair: the empty plan is the only plan, feasible only if no floor asks for anyone.
      const feasible = rows.every((row, r) => (row.sense === '<=' ? limits[r] >= 0 : limits[r] <= 0));
      return feasible
        ? {
            status: 'optimal',
            choice: new Int16Array(problem.n).fill(-1),
            objective: 0,
            bound: 0,
            gap: 0,
            seconds,
            method,
          }
        : infeasible;
    }
    const hasPlan = Number(model.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    if (!hasPlan) {
      const why =
        modelStatus === statuses.timeLimit
          ? 'the time limit passed before HiGHS found any plan'
          : `HiGHS stopped with model status ${modelStatus}`;
      return {
        status: 'error',
        choice: undefined,
        objective: 0,
        bound: Number.POSITIVE_INFINITY,
        gap: Number.POSITIVE_INFINITY,
        seconds,
        method,
        message: why,
      };
    }
    const colValue = model.getSolution().colValue;
    const choice = new Int16Array(problem.n).fill(-1);
    let objective = 0;
    for (let j = 0; j < numCols; j++) {
      if (colValue[j] > 0.5) {
        choice[customers[pairs.customer[j]]] = pairs.action[j];
        objective += pairs.value[j];
      }
    }
    const reported = Number(model.info.get('mip_dual_bound'));
    const proven = modelStatus === statuses.optimal;
    const bound = Number.isFinite(reported)
      ? Math.max(objective, reported)
      : proven
        ? objective
        : Number.POSITIVE_INFINITY;
    const gap = relativeGap(objective, bound);
    return {
      status: proven && gap <= OPTIMAL_GAP ? 'optimal' : 'feasible',
      choice,
      objective,
      bound,
      gap,
      seconds,
      method,
    };
  } finally {
    model.dispose();
  }
}
