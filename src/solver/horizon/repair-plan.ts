import { sequenceCoefficient } from './count-model.ts';
import { optionValue, planColumns, type CustomerOptions } from './customer-candidates.ts';
import type { HorizonModel } from './model.ts';
import { rowTolerance } from './plan-score.ts';

/** Most greedy moves the repair and the improvement each make: far more than a small week needs. */
const MOST_MOVES = 4_000;
/** Row reads the repair and the improvement make together, at most: their work stays small beside a MIP's. */
const MOST_WORK = 20_000_000;

/** The listed options as flat arrays: each option's value and its coefficient on every row. */
interface OptionTable {
  /** Options of listed customer j at start[j] .. start[j + 1]. */
  start: Int32Array;
  value: Float64Array;
  /** Coefficient of option o on row r at o * R + r. */
  coef: Float64Array;
  R: number;
}

function tabulate(model: HorizonModel, listed: readonly CustomerOptions[]): OptionTable {
  const { R, classOf } = model.relax;
  const start = new Int32Array(listed.length + 1);
  listed.forEach(({ options }, j) => (start[j + 1] = start[j] + options.length));
  const value = new Float64Array(start[listed.length]);
  const coef = new Float64Array(start[listed.length] * R);
  listed.forEach(({ customer, options }, j) =>
    options.forEach((option, k) => {
      const o = start[j] + k;
      value[o] = optionValue(model, customer, option);
      for (let r = 0; r < R; r++) coef[o * R + r] = sequenceCoefficient(model, classOf[customer], r, option);
    }),
  );
  return { start, value, coef, R };
}

/**
 * A plan over the listed options found without a MIP, the way the weekly decomposition repairs
 * its Lagrangian point: each customer on its best option at the multipliers (the first listed),
 * or on its sequence in the plan `from` when given (undefined when one is not listed), the rows
 * then repaired greedily (the switch that removes the most violation, scaled per row, for the
 * least value), then improved by switches of one customer, or of two together, that keep every
 * row and gain value. Returns `choices[t * n + i]`, or undefined when the repair leaves a row
 * broken. A plan only: the caller scores and checks it.
 */
export function repairPlan(
  model: HorizonModel,
  listed: readonly CustomerOptions[],
  from?: Int16Array,
): Int16Array | undefined {
  const { start, value, coef, R } = tabulate(model, listed);
  const { sign, limit } = model.relax;
  const J = listed.length;
  const scale = new Float64Array(R);
  for (let o = 0; o < value.length; o++)
    for (let r = 0; r < R; r++) scale[r] = Math.max(scale[r], Math.abs(coef[o * R + r]));
  const tol = Float64Array.from(limit, (l) => rowTolerance(l));
  const over = (r: number, u: number) => {
    const v = sign[r] > 0 ? u - limit[r] : limit[r] - u;
    return v > tol[r] ? v / (scale[r] || 1) : 0;
  };
  const columns = from ? planColumns(model, listed, from) : undefined;
  if (from && !columns) return undefined;
  const current = columns ? Int32Array.from(columns) : Int32Array.from(listed, (_, j) => start[j]);
  const usage = new Float64Array(R);
  for (let j = 0; j < J; j++) for (let r = 0; r < R; r++) usage[r] += coef[current[j] * R + r];
  const apply = (j: number, o: number) => {
    for (let r = 0; r < R; r++) usage[r] += coef[o * R + r] - coef[current[j] * R + r];
    current[j] = o;
  };
  // Change of the scaled violation when customer j moves to o.
  const work = { left: MOST_WORK };
  const violationChange = (j: number, o: number) => {
    work.left -= R;
    let change = 0;
    const from = current[j] * R;
    for (let r = 0; r < R; r++) {
      const d = coef[o * R + r] - coef[from + r];
      if (d !== 0) change += over(r, usage[r] + d) - over(r, usage[r]);
    }
    return change;
  };
  const broken = () => {
    for (let r = 0; r < R; r++) if (over(r, usage[r]) > 0) return true;
    return false;
  };

  for (let moves = 0; broken(); moves++) {
    if (moves === MOST_MOVES || work.left < 0) return undefined;
    let pick = -1;
    let pickJ = -1;
    let rate = Infinity;
    for (let j = 0; j < J; j++)
      for (let o = start[j]; o < start[j + 1]; o++) {
        if (o === current[j]) continue;
        const fixed = -violationChange(j, o);
        if (fixed <= 1e-12) continue;
        const cost = (value[current[j]] - value[o]) / fixed;
        if (cost < rate) {
          rate = cost;
          pick = o;
          pickJ = j;
        }
      }
    if (pick < 0) return undefined;
    apply(pickJ, pick);
  }
  improve({ value, coef, R, start }, current, usage, work, (r, u) => over(r, u) === 0, apply);

  const { n, weeks: W } = model;
  const choices = new Int16Array(W * n).fill(-1);
  listed.forEach(({ customer, options }, j) => {
    const option = options[current[j] - start[j]];
    for (let t = 0; t < W; t++) choices[t * n + customer] = option.actions[t];
  });
  return choices;
}

/**
 * Best-gain switches that keep every row: of one customer, else of two (the second making room
 * for the first), until none gains or the work left is spent.
 */
function improve(
  { value, coef, R, start }: OptionTable,
  current: Int32Array,
  usage: Float64Array,
  work: { left: number },
  fits: (r: number, u: number) => boolean,
  apply: (j: number, o: number) => void,
): void {
  const J = current.length;
  const delta = new Float64Array(R);
  const broken: number[] = [];
  for (let moves = 0; moves < MOST_MOVES && work.left > 0; moves++) {
    let best = 1e-9;
    let move: [number, number, number, number] | undefined;
    for (let j = 0; j < J; j++)
      for (let o = start[j]; o < start[j + 1]; o++) {
        const gain = value[o] - value[current[j]];
        if (o === current[j] || gain <= best) continue;
        broken.length = 0;
        work.left -= R;
        for (let r = 0; r < R; r++) {
          delta[r] = coef[o * R + r] - coef[current[j] * R + r];
          if (delta[r] !== 0 && !fits(r, usage[r] + delta[r])) broken.push(r);
        }
        if (broken.length === 0) {
          best = gain;
          move = [j, o, -1, -1];
          continue;
        }
        if (work.left < 0) continue;
        for (let j2 = 0; j2 < J; j2++) {
          if (j2 === j) continue;
          const from = current[j2] * R;
          for (let o2 = start[j2]; o2 < start[j2 + 1]; o2++) {
            if (o2 === current[j2] || gain + value[o2] - value[current[j2]] <= best) continue;
            work.left -= broken.length;
            // The rows the first switch breaks first: most pairs fail there.
            if (!broken.every((r) => fits(r, usage[r] + delta[r] + coef[o2 * R + r] - coef[from + r]))) continue;
            work.left -= R;
            let keeps = true;
            for (let r = 0; r < R && keeps; r++)
              keeps = fits(r, usage[r] + delta[r] + coef[o2 * R + r] - coef[from + r]);
            if (!keeps) continue;
            best = gain + value[o2] - value[current[j2]];
            move = [j, o, j2, o2];
          }
        }
      }
    if (!move) return;
    apply(move[0], move[1]);
    if (move[2] >= 0) apply(move[2], move[3]);
  }
}
