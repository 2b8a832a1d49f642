import { countUsage, type Relaxation } from './lagrangian.ts';
import type { Ranking } from './ranking.ts';

/** Feasibility tolerance of a row, as in the rest of the solver: relative to the limit. */
export function rowSlackTolerance(limit: number): number {
  return Math.max(1, Math.abs(limit)) * 1e-9;
}

/** A plan (`choice[i]`, -1 = none) with its objective and its use of every row. */
export interface ScoredChoice {
  choice: Int16Array;
  objective: number;
  usage: Float64Array;
}

/**
 * A choice's objective and row usage, in one pass: customers are counted per (class, action),
 * then weighed by the class coefficients. With `near`, a ranking, a customer on its best choice
 * is read from the ranking's best values (see {@link bestValues}), not from its row of values:
 * the same sum, in the same order, at less cost for a plan near those choices.
 */
export function scoreChoice(relax: Relaxation, choice: Int16Array, near?: Ranking): ScoredChoice {
  const { n, K, C, classOf } = relax;
  const value = relax.problem.value;
  // One slot more per class, for no action: counting without a branch.
  const slots = new Float64Array(C * (K + 1));
  let objective = 0;
  if (near) {
    const { best } = near;
    const bestValue = bestValues(relax, near);
    for (let i = 0; i < n; i++) {
      const k = choice[i];
      slots[classOf[i] * (K + 1) + k + 1]++;
      if (k >= 0) objective += k === best[i] ? bestValue[i] : value[i * K + k];
    }
  } else
    for (let i = 0; i < n; i++) {
      const k = choice[i];
      slots[classOf[i] * (K + 1) + k + 1]++;
      if (k >= 0) objective += value[i * K + k];
    }
  const counts = new Float64Array(C * K);
  for (let c = 0; c < C; c++) for (let k = 0; k < K; k++) counts[c * K + k] = slots[c * (K + 1) + k + 1];
  return { choice, objective, usage: countUsage(relax, counts) };
}

/**
 * `choice`, which differs from the ranking's best choices only at customers listed in `moved`
 * (each may be listed more than once), scored from the ranking's own objective and row usage:
 * a look at the moved customers, not at every customer.
 */
export function scoreMoved(relax: Relaxation, ranking: Ranking, choice: Int16Array, moved: Int32Array): ScoredChoice {
  const { K, C, classOf } = relax;
  const value = relax.problem.value;
  const { best } = ranking;
  const counts = new Float64Array(C * K);
  let objective = ranking.objective;
  const sorted = moved.slice().sort();
  for (let m = 0; m < sorted.length; m++) {
    const i = sorted[m];
    if ((m > 0 && i === sorted[m - 1]) || choice[i] === best[i]) continue;
    if (best[i] >= 0) {
      objective -= value[i * K + best[i]];
      counts[classOf[i] * K + best[i]]--;
    }
    if (choice[i] >= 0) {
      objective += value[i * K + choice[i]];
      counts[classOf[i] * K + choice[i]]++;
    }
  }
  const usage = countUsage(relax, counts);
  for (let r = 0; r < usage.length; r++) usage[r] += ranking.usage[r];
  return { choice, objective, usage };
}

/** Whether row r holds, within {@link rowSlackTolerance}, when it is used `used`: the test every move of the greedy heuristics makes. */
export function holdsAt(relax: Relaxation, r: number, used: number): boolean {
  const limit = relax.limit[r];
  const tol = rowSlackTolerance(limit);
  return !(relax.sign[r] > 0 ? used > limit + tol : used < limit - tol);
}

/** Whether `usage` keeps every row (within {@link rowSlackTolerance}): the test a repaired plan passes and an offered one must. */
export function keepsRows(relax: Relaxation, usage: Float64Array): boolean {
  for (let r = 0; r < relax.R; r++) if (violation(relax, usage, r) > 0) return false;
  return true;
}

/** How far `usage` breaks row r beyond {@link rowSlackTolerance} (0 when it holds). */
export function violation(relax: Relaxation, usage: Float64Array, r: number): number {
  const limit = relax.limit[r];
  const excess = relax.sign[r] > 0 ? usage[r] - limit : limit - usage[r];
  return excess > rowSlackTolerance(limit) ? excess : 0;
}

/**
 * Each customer's value at its ranked best choice (0 with none), kept on the ranking: the
 * phases after the dual score plans and fix customers near those choices many times, and read
 * there one value per customer, not one from each customer's row of values.
 */
export function bestValues(relax: Relaxation, ranking: Ranking): Float64Array {
  if (ranking.bestValue) return ranking.bestValue;
  const { n, K } = relax;
  const value = relax.problem.value;
  const { best } = ranking;
  const bestValue = new Float64Array(n);
  for (let i = 0; i < n; i++) if (best[i] >= 0) bestValue[i] = value[i * K + best[i]];
  ranking.bestValue = bestValue;
  return bestValue;
}
