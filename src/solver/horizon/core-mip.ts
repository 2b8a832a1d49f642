import type { Highs } from 'highs';
import type { HorizonModel } from './model.ts';
import type { NearSequence } from './near-sequences.ts';

/**
 * Who chooses in the core MIP: one customer (size 1), or a group of customers of one type who
 * all take sequences leaving the same share of risk (size m, their options priced per member:
 * `unitValue[o]`), so only how many take each option matters.
 */
export interface Chooser {
  cls: number;
  size: number;
  options: NearSequence[];
  unitValue: Float64Array;
}

export interface SequenceCoreResult {
  status: 'optimal' | 'stopped' | 'infeasible' | 'failed';
  /** Per chooser, how many take each option. */
  counts: Int32Array[] | undefined;
  objective: number;
  /** HiGHS's proven bound on the objective (+Infinity when unknown). */
  bound: number;
}

/** Rows' allowed slack: the weekly model's tolerance. */
const tolerance = (limit: number): number => 1e-6 * Math.max(1, Math.abs(limit));

/** Row r's coefficient of a whole sequence for a customer of class c. */
function sequenceCoefficient(model: HorizonModel, c: number, r: number, option: NearSequence): number {
  const { K, weeks: W, weekRows, restCoef } = model;
  const { R, rowCoef } = model.relax;
  const week = r < W * weekRows ? Math.floor(r / weekRows) : -1;
  let sum = 0;
  for (let t = week < 0 ? 0 : week; t <= (week < 0 ? W - 1 : week); t++) {
    const a = option.actions[t];
    if (a >= 0) sum += rowCoef[(c * R + r) * K + a];
    else if (option.rests[t]) sum += restCoef[c * R + r];
  }
  return sum;
}

/**
 * The MIP over the choosers' options: one integer column per (chooser, option) in [0, size],
 * "exactly size" per chooser, and every row with `limits`. `absoluteGap` is the whole plan's
 * tolerance, as in the decomposition's core.
 */
export function solveSequenceCore(
  highs: Highs,
  model: HorizonModel,
  choosers: readonly Chooser[],
  limits: Float64Array,
  options: {
    timeLimitSeconds: number;
    absoluteGap: number;
    start?: Int32Array[];
    target?: number;
  },
): SequenceCoreResult {
  const { R, sign } = model.relax;
  const holds = (r: number) => (sign[r] > 0 ? limits[r] >= -tolerance(limits[r]) : limits[r] <= tolerance(limits[r]));
  if (choosers.length === 0) {
    const feasible = limits.every((_, r) => holds(r));
    return feasible
      ? { status: 'optimal', counts: [], objective: 0, bound: 0 }
      : { status: 'infeasible', counts: undefined, objective: 0, bound: -Infinity };
  }
  const size = choosers.length;
  const touched = new Uint8Array(R);
  const coefs: { r: number; a: number }[][] = [];
  const cost: number[] = [];
  const upper: number[] = [];
  choosers.forEach((chooser) => {
    chooser.options.forEach((option, o) => {
      const entries: { r: number; a: number }[] = [];
      for (let r = 0; r < R; r++) {
        const a = sequenceCoefficient(model, chooser.cls, r, option);
        if (a !== 0) {
          entries.push({ r, a });
          touched[r] = 1;
        }
      }
      coefs.push(entries);
      cost.push(chooser.unitValue[o]);
      upper.push(chooser.size);
    });
  });
  const rowOf = new Int32Array(R).fill(-1);
  let linking = 0;
  for (let r = 0; r < R; r++) {
    if (touched[r]) rowOf[r] = size + linking++;
    else if (!holds(r)) return { status: 'infeasible', counts: undefined, objective: 0, bound: -Infinity };
  }
  const indices: number[] = [];
  const values: number[] = [];
  const starts: number[] = [0];
  let col = 0;
  choosers.forEach((chooser, j) => {
    for (let o = 0; o < chooser.options.length; o++, col++) {
      indices.push(j);
      values.push(1);
      for (const { r, a } of coefs[col]) {
        indices.push(rowOf[r]);
        values.push(a);
      }
      starts.push(indices.length);
    }
  });
  const numRows = size + linking;
  const numCols = cost.length;
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  choosers.forEach((chooser, j) => (rowLower[j] = rowUpper[j] = chooser.size));
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
    colUpper: Float64Array.from(upper),
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
      // A plan this good is proven optimal by the Lagrangian bound already: HiGHS may stop there.
      ...(options.target !== undefined ? { objective_target: options.target } : {}),
    });
    if (options.start) {
      const colValue = new Float64Array(numCols);
      let at = 0;
      choosers.forEach((chooser, j) => {
        for (let o = 0; o < chooser.options.length; o++) colValue[at++] = options.start?.[j]?.[o] ?? 0;
      });
      mip.setSolution({ colValue });
    }
    mip.run();
    const statuses = highs.constants.modelStatus;
    const status = mip.getModelStatus();
    if (status === statuses.infeasible)
      return { status: 'infeasible', counts: undefined, objective: 0, bound: -Infinity };
    const hasPlan = Number(mip.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    if (!hasPlan) return { status: 'failed', counts: undefined, objective: 0, bound: Infinity };
    const colValue = mip.getSolution().colValue;
    let objective = 0;
    let at = 0;
    const counts = choosers.map((chooser) =>
      Int32Array.from(chooser.options, () => {
        const count = Math.round(colValue[at]);
        objective += count * cost[at++];
        return count;
      }),
    );
    const proven = status === statuses.optimal;
    const reported = Number(mip.info.get('mip_dual_bound'));
    const bound = Number.isFinite(reported) ? Math.max(objective, reported) : proven ? objective : Infinity;
    return { status: proven ? 'optimal' : 'stopped', counts, objective, bound };
  } finally {
    mip.dispose();
  }
}
