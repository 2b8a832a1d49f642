import { exactCoreHolding, sampledThresholdForSize, type Ranking } from '../ranking.ts';
import type { Relaxation } from '../lagrangian.ts';
import { holdsAt, type ScoredChoice } from '../scored-plan.ts';
import { KindDeltas } from './kind-deltas.ts';
import { createHeads, findHeads, refreshHeads, type KindHeads } from './exchange-heads.ts';

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
 * Whether a change fits depends only on its kind (class, from, to), so the exchange keeps, per
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
  const kinds = relax.C * (relax.K + 1) * (relax.K + 1);
  const plan = {
    choice: Int16Array.from(start.choice),
    usage: Float64Array.from(start.usage),
    objective: start.objective,
  };
  const heads = createHeads(kinds);
  const deltas = new KindDeltas(relax, kinds);
  findHeads(relax, plan.choice, customers, heads);
  for (let round = 0; round < MAX_ROUNDS && !stop(); round++) {
    const pick = bestExchange(relax, plan.usage, heads, deltas);
    if (pick.kindA < 0) break;
    const moved = [{ customer: pick.customerA }];
    applyChange(relax, plan, deltas, pick.kindA, pick.customerA);
    if (pick.kindB >= 0) {
      moved.push({ customer: pick.customerB });
      applyChange(relax, plan, deltas, pick.kindB, pick.customerB);
    }
    // Only the kinds the moved customers left or joined change: found again, not every kind.
    refreshHeads(relax, plan.choice, customers, heads, moved);
  }
  return plan;
}

/** One change or two: kinds and customers (kind -1 = none). */
interface Exchange {
  kindA: number;
  kindB: number;
  customerA: number;
  customerB: number;
}

/** Whether class c's rows hold at `usage` with kinds a and b (b -1 = none) made. */
function holdsWith(
  relax: Relaxation,
  usage: Float64Array,
  deltas: KindDeltas,
  a: number,
  b: number,
  c: number,
): boolean {
  const { classRowStart, classRows } = relax;
  const atA = deltas.at(a);
  const atB = b < 0 ? -1 : deltas.at(b);
  const { delta } = deltas;
  for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++) {
    const r = classRows[q];
    if (!holdsAt(relax, r, usage[r] + delta[atA + r] + (atB < 0 ? 0 : delta[atB + r]))) return false;
  }
  return true;
}

/** Whether kinds a and b (b -1 = none) made together keep every row: a plan that keeps them keeps those no move touches. */
function fits(relax: Relaxation, usage: Float64Array, deltas: KindDeltas, a: number, b: number): boolean {
  const perClass = (relax.K + 1) * (relax.K + 1);
  return (
    holdsWith(relax, usage, deltas, a, b, Math.floor(a / perClass)) &&
    (b < 0 || holdsWith(relax, usage, deltas, a, b, Math.floor(b / perClass)))
  );
}

/** The best change or pair of changes of `heads` that fits the rows at `usage` and gains (kindA -1 when none). */
function bestExchange(relax: Relaxation, usage: Float64Array, heads: KindHeads, deltas: KindDeltas): Exchange {
  const { firstGain, secondGain, firstCustomer, secondCustomer, present } = heads;
  // Kinds of equal gain in kind order: the heads' order of finding is not kept from round to round.
  present.sort((a, b) => firstGain[b] - firstGain[a] || a - b);
  let best = 0;
  let pickA = -1;
  let pickB = -1;
  let customerA = -1;
  let customerB = -1;
  let checks = 0;
  for (let p = 0; p < present.length && checks < PAIR_CHECKS; p++) {
    const a = present[p];
    const gainA = firstGain[a];
    if (gainA > best && fits(relax, usage, deltas, a, -1)) {
      best = gainA;
      pickA = a;
      pickB = -1;
      customerA = firstCustomer[a];
    }
    // Pairs within one kind: its two best customers.
    if (secondCustomer[a] >= 0 && gainA + secondGain[a] > best && fits(relax, usage, deltas, a, a)) {
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
      if (!fits(relax, usage, deltas, a, b)) continue;
      best = total;
      pickA = a;
      pickB = b;
      customerA = i;
      customerB = j;
    }
  }
  return { kindA: pickA, kindB: pickB, customerA, customerB };
}

/** Moves customer i by `kind` in `plan`: its choice, row usage and objective. */
function applyChange(
  relax: Relaxation,
  plan: { choice: Int16Array; usage: Float64Array; objective: number },
  deltas: KindDeltas,
  kind: number,
  i: number,
): void {
  const { K, classOf, classRowStart, classRows } = relax;
  const value = relax.problem.value;
  const { choice, usage } = plan;
  const c = classOf[i];
  for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++)
    usage[classRows[q]] += deltas.delta[deltas.at(kind) + classRows[q]];
  const to = (kind % (K + 1)) - 1;
  plan.objective += (to < 0 ? 0 : value[i * K + to]) - (choice[i] < 0 ? 0 : value[i * K + choice[i]]);
  choice[i] = to;
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
    current = exchangeMoves(relax, current, exactCoreHolding(relax, ranking, threshold, current.choice), stop);
  }
  return current;
}
