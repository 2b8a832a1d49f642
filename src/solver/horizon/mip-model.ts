import type { Highs, Model } from 'highs';

/** A maximisation MIP (or its LP) in rows of sparse coefficients, as the horizon's searches build them. */
export interface MipData {
  numCols: number;
  colCost: number[];
  colLower: number[];
  colUpper: number[];
  /** Columns that take whole values. */
  integer: number[];
  rowLower: number[];
  rowUpper: number[];
  rows: { indices: number[]; values: number[] }[];
  offset: number;
}

/** A MIP with no column and no row yet. */
export function emptyMip(): MipData {
  return {
    numCols: 0,
    colCost: [],
    colLower: [],
    colUpper: [],
    integer: [],
    rowLower: [],
    rowUpper: [],
    rows: [],
    offset: 0,
  };
}

/** The HiGHS model of `data`, its `integer` columns whole unless `integer` is false (the LP). */
function createMipModel(highs: Highs, data: MipData, integer: boolean): Model {
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of data.rows) {
    for (let k = 0; k < row.indices.length; k++) {
      indices.push(row.indices[k]);
      values.push(row.values[k]);
    }
    starts.push(indices.length);
  }
  const integrality = new Int32Array(data.numCols);
  if (integer) for (const col of data.integer) integrality[col] = highs.constants.variableType.integer;
  return highs.createModel({
    numCols: data.numCols,
    numRows: data.rows.length,
    sense: highs.constants.objectiveSense.maximize,
    offset: data.offset,
    colCost: Float64Array.from(data.colCost),
    colLower: Float64Array.from(data.colLower),
    colUpper: Float64Array.from(data.colUpper),
    rowLower: Float64Array.from(data.rowLower),
    rowUpper: Float64Array.from(data.rowUpper),
    matrix: {
      format: 'csr',
      numRows: data.rows.length,
      numCols: data.numCols,
      starts: Int32Array.from(starts),
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
    },
    integrality,
  });
}

/** How one run of HiGHS on a {@link MipData} goes. */
export interface MipRunSettings {
  /** False: the LP (the integer columns relaxed). */
  integer: boolean;
  /** HiGHS stops once its plan is within this of its bound. */
  absoluteGap: number;
  seconds: number;
  /** HiGHS stops at a plan worth at least this. */
  target?: number;
  /**
   * HiGHS looks only for plans worth more than this: its pruning and reduced-cost fixing use it
   * as an incumbent's value; `infeasible` when there is none. HiGHS reads `objective_bound` in
   * its own minimising sense, so a maximisation passes it negated.
   */
  cutoff?: number;
  /** Branch-and-bound nodes at most. */
  maxNodes?: number;
  /** A start, as sparse column values. */
  start?: { indices: Int32Array; values: Float64Array };
  /** False: presolve without probing (HiGHS's presolve rule 15), which on the direct MIP's binaries costs more than it settles. */
  probing?: boolean;
}

/** HiGHS's `presolve_rule_off` bit of its probing rule. */
const PROBING_OFF = 1 << 15;

/** One run's outcome: the column values of its plan (none when it has none) and its bound on the objective. */
export interface MipRun {
  status: 'optimal' | 'stopped' | 'infeasible';
  /** HiGHS stopped on `target` (with or without a plan). */
  reachedTarget: boolean;
  x: Float64Array | undefined;
  /** HiGHS's bound (the LP's value for the LP); +Infinity when it gives none; -Infinity when infeasible. */
  bound: number;
}

/**
 * Runs HiGHS once on `data`, without root restarts: near the Lagrangian bound reduced-cost
 * fixing settles many columns at the root, and each restart presolves again and separates its
 * cuts anew, costlier than searching the tree. A MIP solved in presolve may leave HiGHS's dual
 * bound unset: its optimum is then its own bound.
 */
export function runMip(highs: Highs, data: MipData, settings: MipRunSettings): MipRun {
  const mip = createMipModel(highs, data, settings.integer);
  try {
    mip.options.set({
      output_flag: false,
      mip_rel_gap: 0,
      mip_allow_restart: false,
      mip_abs_gap: Math.max(1e-9, settings.absoluteGap),
      time_limit: Math.max(0.05, settings.seconds),
      ...(settings.target !== undefined ? { objective_target: settings.target } : {}),
      ...(settings.cutoff !== undefined && Number.isFinite(settings.cutoff)
        ? { objective_bound: -settings.cutoff }
        : {}),
      ...(settings.maxNodes !== undefined ? { mip_max_nodes: settings.maxNodes } : {}),
      ...(settings.probing === false ? { presolve_rule_off: PROBING_OFF } : {}),
    });
    if (settings.start) mip.setSolution(settings.start);
    mip.run();
    const statuses = highs.constants.modelStatus;
    const status = mip.getModelStatus();
    const reachedTarget = status === statuses.objectiveTarget;
    if (status === statuses.infeasible) return { status: 'infeasible', reachedTarget, x: undefined, bound: -Infinity };
    const solved = status === statuses.optimal ? 'optimal' : 'stopped';
    const feasible = Number(mip.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    const reported = settings.integer ? Number(mip.info.get('mip_dual_bound')) : mip.getObjectiveValue();
    const bound = Number.isFinite(reported)
      ? reported
      : settings.integer && solved === 'optimal' && feasible
        ? mip.getObjectiveValue()
        : Infinity;
    return { status: solved, reachedTarget, x: feasible ? mip.getSolution().colValue : undefined, bound };
  } finally {
    mip.dispose();
  }
}
