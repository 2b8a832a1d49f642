import type { Highs } from 'highs';
import type { Relaxation } from './lagrangian.ts';
import { rowSlackTolerance } from './repair.ts';

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
  const holds = limits.every((limit, r) => (relax.sign[r] > 0 ? limit >= -rowSlackTolerance(relax.limit[r]) : limit <= rowSlackTolerance(relax.limit[r])));
  return holds ? { status: 'optimal', choice: new Int16Array(size).fill(-1), objective: 0, bound: 0 } : { status: 'infeasible', choice: undefined, objective: 0, bound: -Infinity };
}

/**
 * The MIP over the core customers only, as CSC arrays built from the class coefficients:
 * one binary column per eligible pair, "at most one" per customer with two or more eligible
 * pairs, then the linking rows with the reduced limits. Unlike the whole-model path it
 * accepts an absolute gap sized to the whole plan's objective, which a small core needs:
 * proving a core to 1e-7 of its own (small) value costs many nodes for nothing.
 */
export function solveCoreMip(highs: Highs, relax: Relaxation, core: Int32Array, options: CoreMipOptions): CoreMipResult {
  const { K, R, classOf, rowCoef, sign } = relax;
  const value = relax.problem.value;
  let numCols = 0;
  let numNonzeros = 0;
  let numCustomerRows = 0;
  for (const i of core) {
    let eligible = 0;
    for (let k = 0; k < K; k++) {
      if (Number.isNaN(value[i * K + k])) continue;
      eligible++;
      const base = classOf[i] * R * K + k;
      for (let r = 0; r < R; r++) if (rowCoef[base + r * K] !== 0) numNonzeros++;
    }
    numCols += eligible;
    if (eligible >= 2) {
      numCustomerRows++;
      numNonzeros += eligible;
    }
  }
  if (numCols === 0) return solveEmptyCore(relax, options.limits, core.length);
  const numRows = numCustomerRows + R;
  const colCustomer = new Int32Array(numCols);
  const colAction = new Int16Array(numCols);
  const colCost = new Float64Array(numCols);
  const starts = new Int32Array(numCols + 1);
  const indices = new Int32Array(numNonzeros);
  const values = new Float64Array(numNonzeros);
  let col = 0;
  let nz = 0;
  let customerRow = 0;
  core.forEach((i, c) => {
    let eligible = 0;
    for (let k = 0; k < K; k++) if (!Number.isNaN(value[i * K + k])) eligible++;
    for (let k = 0; k < K; k++) {
      if (Number.isNaN(value[i * K + k])) continue;
      colCustomer[col] = c;
      colAction[col] = k;
      colCost[col] = value[i * K + k];
      if (eligible >= 2) {
        indices[nz] = customerRow;
        values[nz++] = 1;
      }
      const base = classOf[i] * R * K + k;
      for (let r = 0; r < R; r++) {
        const a = rowCoef[base + r * K];
        if (a === 0) continue;
        indices[nz] = numCustomerRows + r;
        values[nz++] = a;
      }
      starts[++col] = nz;
    }
    if (eligible >= 2) customerRow++;
  });

  const rowLower = new Float64Array(numRows).fill(-Infinity);
  const rowUpper = new Float64Array(numRows).fill(1);
  for (let r = 0; r < R; r++) {
    rowLower[numCustomerRows + r] = sign[r] > 0 ? -Infinity : options.limits[r];
    rowUpper[numCustomerRows + r] = sign[r] > 0 ? options.limits[r] : Infinity;
  }
  const model = highs.createModel({
    numCols,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost,
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(1),
    rowLower,
    rowUpper,
    matrix: { format: 'csc', numRows, numCols, starts, indices, values },
    integrality: new Int32Array(numCols).fill(highs.constants.variableType.integer),
  });
  try {
    // Presolve off: on these cores HiGHS's presolve costs far more than it saves (2,000
    // customers: 10 s with it, 2.5 s without, same optimum).
    model.options.set({ output_flag: false, presolve: 'off', mip_detect_symmetry: false, mip_rel_gap: 1e-9, mip_abs_gap: Math.max(1e-9, options.absoluteGap), time_limit: Math.max(0.05, options.timeLimitSeconds) });
    if (options.start) {
      const colValue = new Float64Array(numCols);
      for (let j = 0; j < numCols; j++) if (options.start[colCustomer[j]] === colAction[j]) colValue[j] = 1;
      model.setSolution({ colValue });
    }
    model.run();
    const statuses = highs.constants.modelStatus;
    const modelStatus = model.getModelStatus();
    if (modelStatus === statuses.infeasible) return { status: 'infeasible', choice: undefined, objective: 0, bound: -Infinity };
    const hasPlan = Number(model.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    const proven = modelStatus === statuses.optimal;
    if (!hasPlan) return { status: 'failed', choice: undefined, objective: 0, bound: Infinity, message: `HiGHS stopped on the core without a plan (model status ${modelStatus})` };
    const colValue = model.getSolution().colValue;
    const choice = new Int16Array(core.length).fill(-1);
    let objective = 0;
    for (let j = 0; j < numCols; j++) {
      if (colValue[j] > 0.5) {
        choice[colCustomer[j]] = colAction[j];
        objective += colCost[j];
      }
    }
    const reported = Number(model.info.get('mip_dual_bound'));
    const bound = Number.isFinite(reported) ? Math.max(objective, reported) : proven ? objective : Infinity;
    return { status: proven ? 'optimal' : 'stopped', choice, objective, bound };
  } finally {
    model.dispose();
  }
}
