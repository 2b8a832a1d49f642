import type { Candidates, TypeOptions } from './candidates.ts';
import { emptyMip, type MipData } from './mip-model.ts';
import type { HorizonModel } from './model.ts';
import type { NearSequence } from './near-sequences.ts';
import { rowTolerance } from './plan-score.ts';

/** Row r's coefficient of a whole sequence for a customer of class c. */
export function sequenceCoefficient(model: HorizonModel, c: number, r: number, option: NearSequence): number {
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
 * The window of a level's cumulative count M in which the model values it exactly: [from, to).
 * Outside it the value follows the tangents at its ends (an overestimate, by concavity).
 */
export interface LevelWindow {
  from: number;
  to: number;
}

/**
 * The count MIP over a candidate set (README, "Planning several weeks"): one integer column per
 * (type, option), how many of the type's customers take it. A type's value, given its counts,
 * is that of the plan giving the lowest risk to the heaviest customers:
 * Σ_ℓ (Q_{ℓ+1} − Q_ℓ)·P(M_ℓ) + (1 − Q_last)·P(size) − κ·Σ cost·count, with M_ℓ the customers on
 * levels up to ℓ and P(m) the weight of the m heaviest (concave). Per level whose M_ℓ is not
 * fixed, P is written exactly over a window of M_ℓ by one [0, 1] column per customer in it
 * (taken heaviest first, as P is concave) and by a column on each side priced at the window's
 * end slopes. Rows: each type's counts sum to its size, each level's M_ℓ is its columns' sum,
 * and every linking row holds.
 */
export interface CountModelData extends MipData {
  /** First option column of each type. */
  optionColumn: number[];
  infeasible: boolean;
}

/** The weight of the `m` heaviest customers of a type: P(m), concave in m. */
export function heaviest(model: HorizonModel, type: number, m: number): number {
  return model.types[type].prefix[m];
}

function addColumn(data: CountModelData, cost: number, upper: number): number {
  data.colCost.push(cost);
  data.colLower.push(0);
  data.colUpper.push(upper);
  return data.numCols++;
}

function addLevels(
  model: HorizonModel,
  data: CountModelData,
  options: TypeOptions,
  windows: readonly (LevelWindow | undefined)[],
  first: number,
): void {
  const { levelQ, lo, hi, level } = options;
  const { weights } = model.types[options.type];
  const L = levelQ.length;
  for (let l = 0; l + 1 < L; l++) {
    const coef = levelQ[l + 1] - levelQ[l];
    const indices: number[] = [];
    for (let o = 0; o < level.length && level[o] <= l; o++) indices.push(first + o);
    const values = indices.map(() => 1);
    const window = windows[l];
    if (!window || lo[l] === hi[l]) {
      data.offset += coef * heaviest(model, options.type, lo[l]);
      data.rows.push({ indices, values });
      data.rowLower.push(lo[l]);
      data.rowUpper.push(lo[l]);
      continue;
    }
    const { from, to } = window;
    data.offset += coef * heaviest(model, options.type, from);
    // Σ counts up to ℓ + below − Σ δ − above = from.
    if (from > lo[l]) {
      indices.push(addColumn(data, -coef * weights[from - 1], from - lo[l]));
      values.push(1);
    }
    for (let a = from; a < to; a++) {
      indices.push(addColumn(data, coef * weights[a], 1));
      values.push(-1);
    }
    if (to < hi[l]) {
      indices.push(addColumn(data, coef * weights[to], hi[l] - to));
      values.push(-1);
    }
    data.rows.push({ indices, values });
    data.rowLower.push(from);
    data.rowUpper.push(from);
  }
  if (L > 0) data.offset += (1 - levelQ[L - 1]) * heaviest(model, options.type, lo[L - 1]);
}

/** Per type, the least and most customers each option may have (a neighbourhood of the count MIP). */
export interface OptionRange {
  lower: Int32Array;
  upper: Int32Array;
}

/**
 * Builds the count MIP's data with each free level valued exactly over its window; with
 * `ranges`, each option's count is kept within its range (a restriction: its plans are the
 * MIP's, not all of them).
 */
export function buildCountModel(
  model: HorizonModel,
  candidates: Candidates,
  windows: readonly (readonly (LevelWindow | undefined)[])[],
  ranges?: readonly OptionRange[],
): CountModelData {
  const { R, sign } = model.relax;
  const limits = model.relax.limit;
  const data: CountModelData = { ...emptyMip(), optionColumn: [], infeasible: false };
  const linking = Array.from({ length: R }, () => ({ indices: [] as number[], values: [] as number[] }));
  candidates.types.forEach((options, j) => {
    const type = model.types[options.type];
    const first = data.numCols;
    data.optionColumn.push(first);
    options.options.forEach((option, o) => {
      const col = data.numCols++;
      data.colCost.push(-model.costWeight * option.cost);
      data.colLower.push(ranges ? ranges[j].lower[o] : 0);
      data.colUpper.push(ranges ? ranges[j].upper[o] : options.most[o]);
      data.integer.push(col);
      for (let r = 0; r < R; r++) {
        const a = sequenceCoefficient(model, type.cls, r, option);
        if (a === 0) continue;
        linking[r].indices.push(col);
        linking[r].values.push(a);
      }
    });
    const indices = options.options.map((_, o) => first + o);
    data.rows.push({ indices, values: indices.map(() => 1) });
    data.rowLower.push(type.weights.length);
    data.rowUpper.push(type.weights.length);
    addLevels(model, data, options, windows[j], first);
  });
  for (let r = 0; r < R; r++) {
    const tol = rowTolerance(limits[r]);
    if (linking[r].indices.length === 0) {
      if (sign[r] > 0 ? limits[r] < -tol : limits[r] > tol) data.infeasible = true;
      continue;
    }
    data.rows.push(linking[r]);
    data.rowLower.push(sign[r] > 0 ? -Infinity : limits[r] - tol);
    data.rowUpper.push(sign[r] > 0 ? limits[r] + tol : Infinity);
  }
  return data;
}

/** The value of a plan with these counts: per type, the lowest risk to the heaviest customers. */
export function countsValue(model: HorizonModel, candidates: Candidates, counts: readonly Int32Array[]): number {
  let total = 0;
  candidates.types.forEach((options, j) => {
    let before = 0;
    options.options.forEach((option, o) => {
      const m = counts[j][o];
      total += (1 - option.q) * (heaviest(model, options.type, before + m) - heaviest(model, options.type, before));
      total -= model.costWeight * option.cost * m;
      before += m;
    });
  });
  return total;
}
