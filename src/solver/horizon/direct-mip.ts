import { sequenceCoefficient } from './count-model.ts';
import { optionCount, optionValue, type CustomerOptions } from './customer-candidates.ts';
import { floorCuts } from './floor-cuts.ts';
import { emptyMip, type MipData } from './mip-model.ts';
import { rowWeek, type HorizonModel } from './model.ts';
import { rowTolerance } from './plan-score.ts';

/** Week columns pay when each stands, on average, for at least this many of the customers' sequences. */
const SEQUENCES_PER_WEEK_COLUMN = 2;

/** One customer's choice in one week (an action, or K for resting), and the option columns that make it. */
interface WeekChoice {
  customer: number;
  t: number;
  choice: number;
  columns: number[];
}

/** Every (customer, week, choice) some listed option takes, with the options that take it. */
function listWeekChoices(model: HorizonModel, listed: readonly CustomerOptions[]): WeekChoice[] {
  const { K, weeks: W } = model;
  const choices: WeekChoice[] = [];
  let first = 0;
  for (const { customer, options } of listed) {
    for (let t = 0; t < W; t++) {
      const byChoice = new Map<number, number[]>();
      options.forEach((option, o) => {
        const a = option.actions[t];
        const choice = a >= 0 ? a : option.rests[t] ? K : -1;
        if (choice < 0) return;
        let columns = byChoice.get(choice);
        if (!columns) byChoice.set(choice, (columns = []));
        columns.push(first + o);
      });
      for (const [choice, columns] of byChoice) choices.push({ customer, t, choice, columns });
    }
    first += options.length;
  }
  return choices;
}

type SparseRow = { indices: number[]; values: number[] };

/**
 * Week columns: one binary per (customer, week, choice), the sum of the options that make that
 * choice, with the linking rows and the floors' hull cuts (`floorCuts`) over them: HiGHS
 * branches on a customer's week rather than on one sequence, and its cuts see the floors.
 */
function addWeekColumns(
  model: HorizonModel,
  data: MipData,
  choices: readonly WeekChoice[],
  linking: readonly SparseRow[],
): void {
  const { K, restCoef } = model;
  const { R, rowCoef, classOf } = model.relax;
  const cuts = floorCuts(model);
  const cutRows = cuts.map((): SparseRow => ({ indices: [], values: [] }));
  for (const { customer, t, choice, columns } of choices) {
    const y = data.numCols++;
    data.colCost.push(0);
    data.colLower.push(0);
    data.colUpper.push(1);
    data.integer.push(y);
    data.rows.push({ indices: [y, ...columns], values: [1, ...columns.map(() => -1)] });
    data.rowLower.push(0);
    data.rowUpper.push(0);
    const c = classOf[customer];
    for (let r = 0; r < R; r++) {
      const week = rowWeek(model, r);
      if (week >= 0 && week !== t) continue;
      const a = choice < K ? rowCoef[(c * R + r) * K + choice] : restCoef[c * R + r];
      if (a === 0) continue;
      linking[r].indices.push(y);
      linking[r].values.push(a);
    }
    cuts.forEach((cut, j) => {
      if (rowWeek(model, cut.row) !== t) return;
      const member = rowCoef[(c * R + cut.row) * K + (choice < K ? choice : 0)];
      const a = choice < K ? member : restCoef[c * R + cut.row] > 0 ? cut.restCoef : 0;
      if (a === 0) return;
      cutRows[j].indices.push(y);
      cutRows[j].values.push(a);
    });
  }
  cuts.forEach((cut, j) => {
    data.rows.push(cutRows[j]);
    data.rowLower.push(cut.limit - rowTolerance(cut.limit));
    data.rowUpper.push(Infinity);
  });
}

/**
 * The direct MIP over the listed options: one binary per (customer, option), each customer on
 * one option, every linking row kept, the customers' shortfalls at most `slack` (which every
 * plan within `slack` of the bound keeps: a cut the LP alone does not see) and the objective at
 * least `floor`. Where the options are many per customer-week, the linking rows read week
 * columns instead of the options (see `addWeekColumns`). Option columns come first, in the
 * order listed.
 */
export function buildDirectMip(
  model: HorizonModel,
  listed: readonly CustomerOptions[],
  slack: number,
  floor: number,
): MipData {
  const { R, sign, limit, classOf } = model.relax;
  const data = emptyMip();
  const linking = Array.from({ length: R }, (): SparseRow => ({ indices: [], values: [] }));
  const shortfall: SparseRow = { indices: [], values: [] };
  const objective: SparseRow = { indices: [], values: [] };
  const choices = listWeekChoices(model, listed);
  const byWeek = SEQUENCES_PER_WEEK_COLUMN * choices.length <= optionCount(listed);
  for (const { customer, options, shortfall: below } of listed) {
    const first = data.numCols;
    options.forEach((option, o) => {
      const col = data.numCols++;
      const value = optionValue(model, customer, option);
      data.colCost.push(value);
      objective.indices.push(col);
      objective.values.push(value);
      data.colLower.push(0);
      data.colUpper.push(1);
      data.integer.push(col);
      for (let r = 0; r < R && !byWeek; r++) {
        const a = sequenceCoefficient(model, classOf[customer], r, option);
        if (a === 0) continue;
        linking[r].indices.push(col);
        linking[r].values.push(a);
      }
      if (below[o] > 0) {
        shortfall.indices.push(col);
        shortfall.values.push(below[o]);
      }
    });
    data.rows.push({ indices: options.map((_, o) => first + o), values: options.map(() => 1) });
    data.rowLower.push(1);
    data.rowUpper.push(1);
  }
  if (byWeek) addWeekColumns(model, data, choices, linking);
  linking.forEach((row, r) => {
    const tol = rowTolerance(limit[r]);
    data.rows.push(row);
    data.rowLower.push(sign[r] > 0 ? -Infinity : limit[r] - tol);
    data.rowUpper.push(sign[r] > 0 ? limit[r] + tol : Infinity);
  });
  data.rows.push(shortfall, objective);
  data.rowLower.push(-Infinity, floor);
  data.rowUpper.push(slack * (1 + 1e-9) + 1e-9, Infinity);
  return data;
}
