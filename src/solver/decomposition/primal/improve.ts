import { coreHolding, sampledThresholdForSize, type Ranking } from '../ranking.ts';
import type { Relaxation } from '../lagrangian.ts';
import { holdsAt, type ScoredChoice } from '../scored-plan.ts';
import { buildKindHeaps, fitsRows, makeMoves, STOP_CHECK_MASK, type Candidates } from './improve-moves.ts';

/**
 * Greedy improvement of a feasible choice: while some single-customer change of action raises
 * the objective and fits the rows' current slack, the one that raises it most is made. It
 * spends the slack a repaired plan leaves (a dollar of budget, a push or two), which is often
 * all that separates it from the Lagrangian bound on large instances.
 *
 * Whether a move fits depends only on the customer's class and the two actions, so each
 * customer's best move is kept under its kind (class, from, to), each kind's moves in a heap of
 * their own (best gain first, then the lower customer index), and a heap of the kinds gives the
 * best move of a kind that fits: one look at the customers, then a logarithmic step per move,
 * however many moves are equally good.
 *
 * With the `ranking` the start was repaired from, a customer still at its ranked best is
 * skipped without reading its values when no move can gain: moving from k to j gains
 * (reduced_j − reduced_k) + (penalty_j − penalty_k) ≤ penalty_j − penalty_k − gap, so a gap
 * above the largest penalty difference of any fitting move rules every move out.
 *
 * With `customers`, only they are looked at (see {@link improveNear}). Once `stop()` (the
 * deadline) holds, the moves made so far are the answer: each one keeps every row. `byPrices`
 * (with a ranking): each customer's move, and the order of the moves, by the gain less the
 * ranking's penalties (the reduced gain), so a row's slack goes first to the moves that use it
 * best; every move made still gains.
 */
export function improveChoice(
  relax: Relaxation,
  start: ScoredChoice,
  ranking?: Ranking,
  customers?: Int32Array,
  stop: () => boolean = () => false,
  byPrices = false,
): ScoredChoice {
  const { K, C } = relax;
  const choice = Int16Array.from(start.choice);
  const usage = Float64Array.from(start.usage);
  const fit = fittingMoves(relax, usage);
  const skipAbove = skipThresholds(relax, fit, ranking);
  const prices = byPrices ? ranking?.penalty : undefined;
  const moves = lookForMoves(relax, choice, fit, skipAbove, { ranking, customers, prices, stop });
  const kinds = C * (K + 1) * (K + 1);
  const heaps = buildKindHeaps(moves, kinds);
  const objective = makeMoves(relax, { choice, usage, objective: start.objective }, moves, heaps, stop);
  return { choice, objective, usage };
}

/** The moves that fit the rows now, listed per (class, from) at `fitFrom[c · (K+1) + from + 1]`: most customers have none or one or two. */
interface FittingMoves {
  fitFrom: Int32Array;
  fitting: Int16Array;
}

/**
 * Every (class, from, to) move that keeps the rows at `usage`. A row with slack for the largest
 * change any move of the class makes to it stops none of them: only the class's other rows are
 * tested, often none or one or two of many (on a catalog of K actions, (K + 1)² moves a class).
 */
function fittingMoves(relax: Relaxation, usage: Float64Array): FittingMoves {
  const { K, C, classRowStart, classRows } = relax;
  const moves = K + 1;
  const fitFrom = new Int32Array(C * moves + 1);
  const fitting = new Int16Array(C * moves * K);
  const tight: number[] = [];
  let count = 0;
  for (let c = 0; c < C; c++) {
    tight.length = 0;
    for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++)
      if (!holdsAnyMove(relax, usage, c, classRows[q])) tight.push(classRows[q]);
    for (let from = -1; from < K; from++) {
      for (let to = -1; to < K; to++)
        if (to !== from && fitsRows(relax, usage, c, from, to, tight, 0, tight.length)) fitting[count++] = to;
      fitFrom[c * moves + from + 2] = count;
    }
  }
  return { fitFrom, fitting: fitting.subarray(0, count) };
}

/**
 * Whether row r holds after any move of class c from `usage`: its use then changes by at most
 * the spread of the class's coefficients on it (0 for no action among them). Rounding is
 * monotone, so a move's own change, computed as `fitsRows` does, never passes the spread's.
 */
function holdsAnyMove(relax: Relaxation, usage: Float64Array, c: number, r: number): boolean {
  const { R, K, rowCoef, sign } = relax;
  let lowest = 0;
  let highest = 0;
  for (let k = 0, at = (c * R + r) * K; k < K; k++, at++) {
    lowest = Math.min(lowest, rowCoef[at]);
    highest = Math.max(highest, rowCoef[at]);
  }
  return holdsAt(relax, r, usage[r] + (sign[r] > 0 ? highest - lowest : lowest - highest));
}

/**
 * Per (class, from): the largest penalty difference of a fitting move, plus a rounding
 * allowance, above which a customer still at its ranked best has no gaining move (Infinity
 * without a ranking).
 */
function skipThresholds(relax: Relaxation, { fitFrom, fitting }: FittingMoves, ranking?: Ranking): Float64Array {
  const { K, C } = relax;
  const moves = K + 1;
  const skipAbove = new Float64Array(C * moves).fill(Number.POSITIVE_INFINITY);
  if (!ranking) return skipAbove;
  const { penalty } = ranking;
  let scale = relax.valueScale;
  for (let j = 0; j < C * K; j++) scale = Math.max(scale, Math.abs(penalty[j]));
  for (let c = 0; c < C; c++) {
    for (let from = -1; from < K; from++) {
      const list = c * moves + from + 1;
      let most = Number.NEGATIVE_INFINITY;
      for (let j = fitFrom[list]; j < fitFrom[list + 1]; j++) {
        const to = fitting[j];
        most = Math.max(most, (to < 0 ? 0 : penalty[c * K + to]) - (from < 0 ? 0 : penalty[c * K + from]));
      }
      skipAbove[list] = most + 1e-9 * scale;
    }
  }
  return skipAbove;
}

/**
 * Each candidate's best move that fits the rows now and gains, in one look at the candidates
 * (`customers`, or all): by the gain, or with `prices` by the gain less the penalties.
 */
function lookForMoves(
  relax: Relaxation,
  choice: Int16Array,
  { fitFrom, fitting }: FittingMoves,
  skipAbove: Float64Array,
  look: { ranking?: Ranking; customers?: Int32Array; prices?: Float64Array; stop: () => boolean },
): Candidates {
  const { n, K, classOf } = relax;
  const value = relax.problem.value;
  const { customers, prices, stop } = look;
  const rankedBest = look.ranking?.best;
  const rankedGap = look.ranking?.gap;
  const moves = K + 1;
  const count = customers ? customers.length : n;
  const customer = new Int32Array(count);
  const gain = new Float64Array(count);
  // Without prices the gain orders the moves: one array.
  const key = prices ? new Float64Array(count) : gain;
  const kind = new Int32Array(count);
  let found = 0;
  for (let at = 0; at < count; at++) {
    if ((at & STOP_CHECK_MASK) === 0 && stop()) break;
    const i = customers ? customers[at] : at;
    const from = choice[i];
    const list = classOf[i] * moves + from + 1;
    if (fitFrom[list] === fitFrom[list + 1]) continue;
    if (rankedBest && rankedGap && rankedBest[i] === from && rankedGap[i] >= skipAbove[list]) continue;
    const here = from < 0 ? 0 : value[i * K + from];
    const c = classOf[i];
    let bestGain = 0;
    let bestKey = Number.NEGATIVE_INFINITY;
    let bestTo = -2;
    for (let j = fitFrom[list]; j < fitFrom[list + 1]; j++) {
      const to = fitting[j];
      // An ineligible pair's value is NaN: never a gain.
      const there = to < 0 ? 0 : value[i * K + to];
      if (!(there - here > 0)) continue;
      const moveKey = prices
        ? there - here - (to < 0 ? 0 : prices[c * K + to]) + (from < 0 ? 0 : prices[c * K + from])
        : there - here;
      if (!(moveKey > bestKey)) continue;
      bestKey = moveKey;
      bestGain = there - here;
      bestTo = to;
    }
    if (bestTo === -2) continue;
    customer[found] = i;
    gain[found] = bestGain;
    key[found] = bestKey;
    kind[found++] = list * moves + bestTo + 1;
  }
  return { count: found, customer, gain, key, kind };
}

/** Customers nearest to changing their choice that {@link improveNear} looks at first: a sixteenth, at least this many. */
const NEAR_CUSTOMERS = 4096;

/**
 * {@link improveChoice} among the customers nearest to changing their choice in `ranking`
 * (and those `start` moved off their ranked best) first, then, unless that plan is `enough`,
 * among all. A customer far from changing gains little by any move, and the slack a repair
 * leaves is mostly spent on the near ones, at a sixteenth of the cost of a look at all.
 */
export function improveNear(
  relax: Relaxation,
  start: ScoredChoice,
  ranking: Ranking,
  enough: (objective: number) => boolean,
  stop: () => boolean = () => false,
  byPrices = false,
): ScoredChoice {
  const size = Math.max(NEAR_CUSTOMERS, relax.n >> 4);
  if (2 * size > relax.n) return improveChoice(relax, start, ranking, undefined, stop, byPrices);
  const near = coreHolding(ranking, sampledThresholdForSize(ranking, size), start.choice);
  const first = improveChoice(relax, start, ranking, near, stop, byPrices);
  return enough(first.objective) || stop() ? first : improveChoice(relax, first, ranking, undefined, stop, byPrices);
}
