import type { Highs } from 'highs';
import type { HorizonModel } from './model.ts';
import type { NearSequence } from './near-sequences.ts';

export interface SequenceCore {
  /** Core customers. */
  customers: Int32Array;
  /** Per core customer, the sequences it may take (exactly one is chosen). */
  options: NearSequence[][];
}

export interface SequenceCoreResult {
  status: 'optimal' | 'stopped' | 'infeasible' | 'failed';
  /** Per core customer, the index of its chosen option. */
  pick: Int32Array | undefined;
  objective: number;
  /** HiGHS's proven bound on the core's objective (+Infinity when unknown). */
  bound: number;
}

/** Rows' allowed slack: the weekly model's tolerance. */
const tolerance = (limit: number): number => 1e-6 * Math.max(1, Math.abs(limit));

/** Row r's coefficient of a whole sequence for a customer of class c. */
function sequenceCoefficient(model: HorizonModel, c: number, r: number, actions: Int16Array): number {
  const { K, weeks: W, weekRows } = model;
  const { R, rowCoef } = model.relax;
  const week = r < W * weekRows ? Math.floor(r / weekRows) : -1;
  let sum = 0;
  for (let t = week < 0 ? 0 : week; t <= (week < 0 ? W - 1 : week); t++)
    if (actions[t] >= 0) sum += rowCoef[(c * R + r) * K + actions[t]];
  return sum;
}

/**
 * The MIP over the core customers' sequences: one binary column per (customer, option), "exactly
 * one" per customer, and every row with the limits left once the fixed customers are counted.
 * `absoluteGap` is the whole plan's tolerance, as in the decomposition's core.
 */
export function solveSequenceCore(
  highs: Highs,
  model: HorizonModel,
  core: SequenceCore,
  limits: Float64Array,
  options: { timeLimitSeconds: number; absoluteGap: number; start?: Int32Array },
): SequenceCoreResult {
  const { R, sign, classOf } = model.relax;
  const size = core.customers.length;
  const holds = (r: number) => (sign[r] > 0 ? limits[r] >= -tolerance(limits[r]) : limits[r] <= tolerance(limits[r]));
  if (size === 0) {
    const feasible = limits.every((_, r) => holds(r));
    return feasible
      ? { status: 'optimal', pick: new Int32Array(0), objective: 0, bound: 0 }
      : { status: 'infeasible', pick: undefined, objective: 0, bound: -Infinity };
  }
  const columnsOf: number[] = [];
  const indices: number[] = [];
  const values: number[] = [];
  const starts: number[] = [0];
  const cost: number[] = [];
  const touched = new Uint8Array(R);
  const coefs: { r: number; a: number }[][] = [];
  core.options.forEach((list, j) => {
    list.forEach((option) => {
      const entries: { r: number; a: number }[] = [];
      for (let r = 0; r < R; r++) {
        const a = sequenceCoefficient(model, classOf[core.customers[j]], r, option.actions);
        if (a !== 0) {
          entries.push({ r, a });
          touched[r] = 1;
        }
      }
      coefs.push(entries);
      columnsOf.push(j);
      cost.push(option.value);
    });
  });
  const rowOf = new Int32Array(R).fill(-1);
  let linking = 0;
  for (let r = 0; r < R; r++) {
    if (touched[r]) rowOf[r] = size + linking++;
    else if (!holds(r)) return { status: 'infeasible', pick: undefined, objective: 0, bound: -Infinity };
  }
  coefs.forEach((entries, col) => {
    indices.push(columnsOf[col]);
    values.push(1);
    for (const { r, a } of entries) {
      indices.push(rowOf[r]);
      values.push(a);
    }
    starts.push(indices.length);
  });
  const numRows = size + linking;
  const numCols = cost.length;
  const rowLower = new Float64Array(numRows).fill(1);
  const rowUpper = new Float64Array(numRows).fill(1);
  for (let r = 0; r < R; r++) {
    if (rowOf[r] < 0) continue;
    rowLower[rowOf[r]] = sign[r] > 0 ? -Infinity : limits[r] - tolerance(limits[r]);
    rowUpper[rowOf[r]] = sign[r] > 0 ? limits[r] + tolerance(limits[r]) : Infinity;
  }
  const mip = highs.createModel({
    numCols,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: Float64Array.from(cost),
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(1),
    rowLower,
    rowUpper,
    matrix: {
      format: 'csc',
      numRows,
      numCols,
      starts: Int32Array.from(starts),
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
    },
    integrality: new Int32Array(numCols).fill(highs.constants.variableType.integer),
  });
  try {
    mip.options.set({
      output_flag: false,
      mip_rel_gap: 1e-9,
      mip_abs_gap: Math.max(1e-9, options.absoluteGap),
      time_limit: Math.max(0.05, options.timeLimitSeconds),
    });
    if (options.start) {
      const colValue = new Float64Array(numCols);
      let col = 0;
      core.options.forEach((list, j) => {
        list.forEach((_, o) => {
          if (options.start?.[j] === o) colValue[col] = 1;
          col++;
        });
      });
      mip.setSolution({ colValue });
    }
    mip.run();
    const statuses = highs.constants.modelStatus;
    const status = mip.getModelStatus();
    if (status === statuses.infeasible) return { status: 'infeasible', pick: undefined, objective: 0, bound: -Infinity };
    const hasPlan = Number(mip.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    if (!hasPlan) return { status: 'failed', pick: undefined, objective: 0, bound: Infinity };
    const colValue = mip.getSolution().colValue;
    const pick = new Int32Array(size).fill(-1);
    let objective = 0;
    let col = 0;
    core.options.forEach((list, j) => {
      list.forEach((option, o) => {
        if (colValue[col] > 0.5) {
          pick[j] = o;
          objective += option.value;
        }
        col++;
      });
    });
    const proven = status === statuses.optimal;
    const reported = Number(mip.info.get('mip_dual_bound'));
    const bound = Number.isFinite(reported) ? Math.max(objective, reported) : proven ? objective : Infinity;
    return { status: proven ? 'optimal' : 'stopped', pick, objective, bound };
  } finally {
    mip.dispose();
  }
}
