import type { Highs } from 'highs';
import { relativeGap, OPTIMAL_GAP, type SolveOutcome } from './outcome.ts';
import { rowCoefficient, type Problem } from './problem.ts';

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
 * HiGHS, built as CSC arrays: one binary column per eligible pair, one "at most one"
 * row per customer with two or more eligible pairs, then the linking rows.
 */
export function solveMip(highs: Highs, problem: Problem, options: MipOptions = {}): SolveOutcome {
  const started = performance.now();
  const { K, value, rows } = problem;
  const customers = options.customers ?? Int32Array.from({ length: problem.n }, (_, i) => i);
  const limits = options.limits ?? Float64Array.from(rows, (r) => r.limit);

  let numCols = 0;
  let numCustomerRows = 0;
  const customerRow = new Int32Array(customers.length).fill(-1);
  customers.forEach((i, c) => {
    let eligible = 0;
    for (let k = 0; k < K; k++) if (!Number.isNaN(value[i * K + k])) eligible++;
    numCols += eligible;
    if (eligible >= 2) customerRow[c] = numCustomerRows++;
  });

  const colPair = new Int32Array(numCols);
  const colCost = new Float64Array(numCols);
  const starts = new Int32Array(numCols + 1);
  const indices: number[] = [];
  const coefs: number[] = [];
  let col = 0;
  customers.forEach((i, c) => {
    for (let k = 0; k < K; k++) {
      const pair = i * K + k;
      if (Number.isNaN(value[pair])) continue;
      colPair[col] = pair;
      colCost[col] = value[pair];
      if (customerRow[c] >= 0) {
        indices.push(customerRow[c]);
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
  });

  const numRows = numCustomerRows + rows.length;
  const rowLower = new Float64Array(numRows).fill(-Infinity);
  const rowUpper = new Float64Array(numRows).fill(1);
  rows.forEach((row, r) => {
    if (row.sense === '<=') rowUpper[numCustomerRows + r] = limits[r];
    else {
      rowLower[numCustomerRows + r] = limits[r];
      rowUpper[numCustomerRows + r] = Infinity;
    }
  });

  const model = highs.createModel({
    numCols,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost,
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(1),
    rowLower,
    rowUpper,
    matrix: {
      format: 'csc',
      numRows,
      numCols,
      starts,
      indices: Int32Array.from(indices),
      values: Float64Array.from(coefs),
    },
    integrality: new Int32Array(numCols).fill(highs.constants.variableType.integer),
  });
  try {
    model.options.set({
      output_flag: false,
      mip_rel_gap: OPTIMAL_GAP / 10,
      mip_abs_gap: 1e-9,
      time_limit: options.timeLimitSeconds ?? 60,
    });
    if (options.start) {
      const colValue = new Float64Array(numCols);
      let at = 0;
      customers.forEach((i, c) => {
        for (let k = 0; k < K; k++) {
          if (Number.isNaN(value[i * K + k])) continue;
          if (options.start?.[c] === k) colValue[at] = 1;
          at++;
        }
      });
      model.setSolution({ colValue });
    }
    const { modelStatus } = model.run();
    const statuses = highs.constants.modelStatus;
    const seconds = (performance.now() - started) / 1000;
    const method = 'highs-mip';
    if (modelStatus === statuses.infeasible) {
      return {
        status: 'infeasible',
        choice: undefined,
        objective: 0,
        bound: Number.NEGATIVE_INFINITY,
        gap: 0,
        seconds,
        method,
      };
    }
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
        : {
            status: 'infeasible',
            choice: undefined,
            objective: 0,
            bound: Number.NEGATIVE_INFINITY,
            gap: 0,
            seconds,
            method,
          };
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
        const pair = colPair[j];
        choice[Math.floor(pair / K)] = pair % K;
        objective += value[pair];
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
