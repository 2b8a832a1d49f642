import { coreHolding, exactGaps, sampledThresholdForSize, type Ranking } from '../ranking.ts';
import type { Relaxation } from '../lagrangian.ts';
import { holdsAt, type ScoredChoice } from '../scored-plan.ts';

/**
 * Customers nearest to changing their choice that the exchanges look at: about this many,
 * then four times as many. Larger sets rarely close what these leave; the core search does.
 */
const EXCHANGE_SIZES = [100, 400];

/** Rounds of exchange at most (each moves one or two customers and looks at every pair of kinds again). */
const MAX_ROUNDS = 64;
/**
 * Pairs of kinds checked against the rows at most per round: with many kinds (many segments and
 * actions) the pairs whose gains add up grow with their square; the best pair found so far is made.
 */
const PAIR_CHECKS = 20_000;

/**
 * Exchanges among a few customers (the ones nearest to changing their choice): while one
 * customer's change of action, or two customers' changes together, fit every row and raise
 * the objective, the best of them is made. A pair can do what no single move can when the
 * rows are spent: one customer steps down to free a dollar of budget that another's step up
 * needs. This is what separates a repaired plan from the bound on most sweep levels that
 * would otherwise go to the core search (`solveCore`).
 *
 * Whether a change fits depends only on its kind (class, from, to), so each round keeps, per
 * kind, the two best changes among `customers` (of two different customers), and looks at
 * pairs of kinds, in order of their best gains, until no pair can beat the best found. Rounds
 * end once `stop()` (the deadline) holds: every plan between rounds keeps every row.
 */
export function exchangeMoves(
  relax: Relaxation,
  start: ScoredChoice,
  customers: Int32Array,
  stop: () => boolean = () => false,
): ScoredChoice {
  const { K, R, C, classOf, rowCoef, classRowStart, classRows } = relax;
  const value = relax.problem.value;
  const choice = Int16Array.from(start.choice);
  const usage = Float64Array.from(start.usage);
  let objective = start.objective;
  const options = K + 1;
  const kinds = C * options * options;
  // A kind (c · options + from + 1) · options + to + 1 changes row r by `delta(kind, r)`; only
  // the rows of its class (a few, however many segments) can change.
  const coef = (c: number, k: number, r: number) => (k < 0 ? 0 : rowCoef[(c * R + r) * K + k]);
  const delta = (kind: number, r: number): number => {
    const c = Math.floor(kind / (options * options));
    return coef(c, (kind % options) - 1, r) - coef(c, (Math.floor(kind / options) % options) - 1, r);
  };
  const holdsWith = (a: number, b: number, c: number): boolean => {
    for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++) {
      const r = classRows[q];
      if (!holdsAt(relax, r, usage[r] + delta(a, r) + (b < 0 ? 0 : delta(b, r)))) return false;
    }
    return true;
  };
  // A plan that keeps every row keeps those no move touches: only the two classes' rows are checked.
  const fits = (a: number, b: number): boolean =>
    holdsWith(a, b, Math.floor(a / (options * options))) &&
    (b < 0 || holdsWith(a, b, Math.floor(b / (options * options))));
  // Per kind: the best and second-best gain and their customers (-1 = none).
  const firstGain = new Float64Array(kinds);
  const secondGain = new Float64Array(kinds);
  const firstCustomer = new Int32Array(kinds);
  const secondCustomer = new Int32Array(kinds);
  firstCustomer.fill(-1);
  secondCustomer.fill(-1);
  const present: number[] = [];

  for (let round = 0; round < MAX_ROUNDS && !stop(); round++) {
    for (const kind of present) {
      firstCustomer[kind] = -1;
      secondCustomer[kind] = -1;
    }
    present.length = 0;
    for (const i of customers) {
      const from = choice[i];
      const here = from < 0 ? 0 : value[i * K + from];
      const base = (classOf[i] * options + from + 1) * options + 1;
      for (let to = -1; to < K; to++) {
        if (to === from) continue;
        const there = to < 0 ? 0 : value[i * K + to];
        // An ineligible pair's value is NaN: never a change.
        if (Number.isNaN(there)) continue;
        const gain = there - here;
        const kind = base + to;
        if (firstCustomer[kind] < 0) {
          present.push(kind);
          firstGain[kind] = gain;
          firstCustomer[kind] = i;
        } else if (gain > firstGain[kind]) {
          secondGain[kind] = firstGain[kind];
          secondCustomer[kind] = firstCustomer[kind];
          firstGain[kind] = gain;
          firstCustomer[kind] = i;
        } else if (secondCustomer[kind] < 0 || gain > secondGain[kind]) {
          secondGain[kind] = gain;
          secondCustomer[kind] = i;
        }
      }
    }
    present.sort((a, b) => firstGain[b] - firstGain[a]);
    let best = 0;
    let pickA = -1;
    let pickB = -1;
    let customerA = -1;
    let customerB = -1;
    let checks = 0;
    for (let p = 0; p < present.length && checks < PAIR_CHECKS; p++) {
      const a = present[p];
      const gainA = firstGain[a];
      if (gainA > best && fits(a, -1)) {
        best = gainA;
        pickA = a;
        pickB = -1;
        customerA = firstCustomer[a];
      }
      // Pairs within one kind: its two best customers.
      if (secondCustomer[a] >= 0 && gainA + secondGain[a] > best && fits(a, a)) {
        best = gainA + secondGain[a];
        pickA = a;
        pickB = a;
        customerA = firstCustomer[a];
        customerB = secondCustomer[a];
      }
      if (p + 1 >= present.length || gainA + firstGain[present[p + 1]] <= best) break;
      for (let q = p + 1; q < present.length && checks < PAIR_CHECKS; q++) {
        const b = present[q];
        const gainB = firstGain[b];
        if (gainA + gainB <= best) break;
        // One customer can head two kinds (the same from, two targets): then one of the runners-up.
        let total = gainA + gainB;
        let i = firstCustomer[a];
        let j = firstCustomer[b];
        if (i === j) {
          const withSecondA = secondCustomer[a] >= 0 ? secondGain[a] + gainB : Number.NEGATIVE_INFINITY;
          const withSecondB = secondCustomer[b] >= 0 ? gainA + secondGain[b] : Number.NEGATIVE_INFINITY;
          total = Math.max(withSecondA, withSecondB);
          if (!(total > best)) continue;
          if (withSecondA >= withSecondB) i = secondCustomer[a];
          else j = secondCustomer[b];
        }
        checks++;
        if (!fits(a, b)) continue;
        best = total;
        pickA = a;
        pickB = b;
        customerA = i;
        customerB = j;
      }
    }
    if (pickA < 0) break;
    const apply = (kind: number, i: number) => {
      const c = classOf[i];
      for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++) usage[classRows[q]] += delta(kind, classRows[q]);
      const to = (kind % options) - 1;
      objective += (to < 0 ? 0 : value[i * K + to]) - (choice[i] < 0 ? 0 : value[i * K + choice[i]]);
      choice[i] = to;
    };
    apply(pickA, customerA);
    if (pickB >= 0) apply(pickB, customerB);
  }
  return { choice, objective, usage };
}

/**
 * {@link exchangeMoves} among the customers nearest to changing their choice in `ranking`
 * (and those `plan` moved off their ranked best), about {@link EXCHANGE_SIZES} of them in
 * turn, until `enough` holds for the plan's objective or `stop()` does.
 */
export function exchangeNear(
  relax: Relaxation,
  ranking: Ranking,
  plan: ScoredChoice,
  enough: (objective: number) => boolean,
  stop: () => boolean = () => false,
): ScoredChoice {
  let current = plan;
  for (const size of EXCHANGE_SIZES) {
    if (enough(current.objective) || stop()) break;
    const threshold = sampledThresholdForSize(ranking, size);
    exactGaps(relax, ranking, threshold);
    current = exchangeMoves(relax, current, coreHolding(ranking, threshold, current.choice), stop);
  }
  return current;
}
