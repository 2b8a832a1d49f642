import type { Highs } from 'highs';
import { PlannerError } from '../domain/errors.ts';
import { buildProblemModel } from '../solver/assignment-model.ts';
import type { Problem } from '../solver/problem.ts';

/** What the LP relaxation says about one linking row of the model. */
export interface RowSensitivity {
  /** Objective gained per unit the row's limit is RAISED (negative for a binding floor). */
  perUnitRaise: number;
  /** The range of the limit over which `perUnitRaise` holds (the optimal basis stays optimal). */
  from: number;
  to: number;
  /** Row activity in the LP optimum. */
  activity: number;
}

export interface LpSolution {
  /** `stopped`: the time given by `timeLeft` ran out before the simplex finished. */
  status: 'optimal' | 'infeasible' | 'stopped';
  objective: number;
  rows: RowSensitivity[];
  /** True when the solve stopped once its value was proven at most `below` (see `LpRelaxation.solve`): `objective` bounds it from above only. */
  below?: boolean;
}

/** The LP relaxation of one problem, kept open so that limits can move and the simplex warm-starts. */
export interface LpRelaxation {
  /**
   * Solves at the current limits; `infeasible` when no fractional plan meets them. With `below`,
   * it may stop once its value is proven at most that (the Lagrangian does; the simplex ignores it).
   */
  solve(below?: number): LpSolution | Promise<LpSolution>;
  /** Moves the limit of linking row `r` (index into `problem.rows`). */
  setLimit(r: number, limit: number): void;
  dispose(): void;
}

/**
 * Builds the LP relaxation of the model of SPEC 3 (pairs continuous in [0, 1], the same rows as
 * the MIP, see `buildAssignmentModel`). Each solve reads the linking rows' duals
 * and ranging. Call `dispose` when done (HiGHS memory is not garbage collected).
 *
 * Sign convention, independent of HiGHS's: `perUnitRaise` is d(objective)/d(limit), so a
 * binding `<=` row gives >= 0 and a binding `>=` row gives <= 0. Ranges are clipped at 0.
 * With `timeLeft` (seconds), each solve is given what is left as HiGHS's time limit.
 */
export function createLpRelaxation(
  highs: Highs,
  problem: Problem,
  options: { timeLeft?: () => number } = {},
): LpRelaxation {
  const { rows } = problem;
  const limits = Float64Array.from(rows, (row) => row.limit);
  const bounds = (r: number): [number, number] =>
    rows[r].sense === '<=' ? [-Infinity, limits[r]] : [limits[r], Infinity];
  const { model, firstLinkingRow: numCustomerRows } = buildProblemModel(highs, problem, { integer: false, limits });
  model.options.set({ output_flag: false, solver: 'simplex', presolve: 'off' });

  return {
    setLimit(r, limit) {
      limits[r] = limit;
      const [lower, upper] = bounds(r);
      model.changeRowBounds(numCustomerRows + r, lower, upper);
    },
    solve() {
      if (options.timeLeft) model.options.set({ time_limit: Math.max(0.01, options.timeLeft()) });
      const { modelStatus } = model.run();
      const statuses = highs.constants.modelStatus;
      if (modelStatus === statuses.infeasible) return { status: 'infeasible', objective: 0, rows: [] };
      if (modelStatus === statuses.timeLimit) return { status: 'stopped', objective: 0, rows: [] };
      if (modelStatus !== statuses.optimal)
        throw new PlannerError('SOLVER', `the LP relaxation stopped with model status ${modelStatus}`);
      const solution = model.getSolution();
      const ranging = model.getRanging();
      const report = rows.map((row, r): RowSensitivity => {
        const at = numCustomerRows + r;
        const magnitude = Math.abs(solution.rowDual[at]);
        const down = ranging.rowBoundDown.value[at];
        return {
          perUnitRaise: magnitude <= 1e-9 ? 0 : row.sense === '<=' ? magnitude : -magnitude,
          from: Math.max(0, Math.min(limits[r], Number.isFinite(down) ? down : 0)),
          to: Math.max(limits[r], ranging.rowBoundUp.value[at]),
          activity: solution.rowValue[at],
        };
      });
      return { status: 'optimal', objective: model.getObjectiveValue(), rows: report };
    },
    dispose() {
      model.dispose();
    },
  };
}
