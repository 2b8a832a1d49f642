import type { Highs } from 'highs';
import { PlannerError } from '../domain/errors.ts';
import { rowCoefficient, type Problem } from '../solver/problem.ts';

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
}

/** The LP relaxation of one problem, kept open so that limits can move and the simplex warm-starts. */
export interface LpRelaxation {
  /** Solves at the current limits; `infeasible` when no fractional plan meets them. */
  solve(): LpSolution | Promise<LpSolution>;
  /** Moves the limit of linking row `r` (index into `problem.rows`). */
  setLimit(r: number, limit: number): void;
  dispose(): void;
}

/**
 * Builds the LP relaxation of the model of SPEC 3 (pairs continuous in [0, 1], the same rows as
 * the MIP) in HiGHS as CSC arrays, like the MIP path. Each solve reads the linking rows' duals
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
  const { n, K, value, rows } = problem;
  let numCols = 0;
  let numCustomerRows = 0;
  const customerRow = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    let eligible = 0;
    for (let k = 0; k < K; k++) if (!Number.isNaN(value[i * K + k])) eligible++;
    numCols += eligible;
    if (eligible >= 2) customerRow[i] = numCustomerRows++;
  }
  const colCost = new Float64Array(numCols);
  const starts = new Int32Array(numCols + 1);
  const indices: number[] = [];
  const coefs: number[] = [];
  let col = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      const pair = i * K + k;
      if (Number.isNaN(value[pair])) continue;
      colCost[col] = value[pair];
      if (customerRow[i] >= 0) {
        indices.push(customerRow[i]);
        coefs.push(1);
      }
      rows.forEach((row, r) => {
        const a = rowCoefficient(row, i, k);
        if (a !== 0) {
          indices.push(numCustomerRows + r);
          coefs.push(a);
        }
      });
      starts[++col] = indices.length;
    }
  }
  const limits = Float64Array.from(rows, (row) => row.limit);
  const bounds = (r: number): [number, number] =>
    rows[r].sense === '<=' ? [-Infinity, limits[r]] : [limits[r], Infinity];
  const numRows = numCustomerRows + rows.length;
  const rowLower = new Float64Array(numRows).fill(-Infinity);
  const rowUpper = new Float64Array(numRows).fill(1);
  rows.forEach((_, r) => {
    [rowLower[numCustomerRows + r], rowUpper[numCustomerRows + r]] = bounds(r);
  });
  // A model with no column is refused by HiGHS: one free column with no coefficient stands in.
  const padded = numCols === 0;
  const model = highs.createModel({
    numCols: padded ? 1 : numCols,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: padded ? new Float64Array(1) : colCost,
    colLower: new Float64Array(padded ? 1 : numCols),
    colUpper: new Float64Array(padded ? 1 : numCols).fill(1),
    rowLower,
    rowUpper,
    matrix: {
      format: 'csc',
      numRows,
      numCols: padded ? 1 : numCols,
      starts: padded ? new Int32Array(2) : starts,
      indices: Int32Array.from(indices),
      values: Float64Array.from(coefs),
    },
  });
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
