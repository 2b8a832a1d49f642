import type { Relaxation } from './lagrangian.ts';

/** Feasibility tolerance of a row, as in the rest of the solver: relative to the limit. */
export function rowSlackTolerance(limit: number): number {
  return Math.max(1, Math.abs(limit)) * 1e-9;
}

/** Row usage of a choice, from the class coefficients. */
export function choiceUsage(relax: Relaxation, choice: Int16Array): Float64Array {
  const { n, K, R, classOf, rowCoef } = relax;
  const usage = new Float64Array(R);
  for (let i = 0; i < n; i++) {
    const k = choice[i];
    if (k < 0) continue;
    const base = classOf[i] * R * K + k;
    for (let r = 0; r < R; r++) usage[r] += rowCoef[base + r * K];
  }
  return usage;
}

function violation(relax: Relaxation, usage: Float64Array, r: number): number {
  const limit = relax.limit[r];
  const excess = relax.sign[r] > 0 ? usage[r] - limit : limit - usage[r];
  return excess > rowSlackTolerance(limit) ? excess : 0;
}

/**
 * Greedy repair of a choice that breaks some linking rows, guided by reduced values
 * `reduced(i, k)` (value minus the multipliers' penalty; none is 0). For each broken row it
 * applies the moves (change of one customer's action, or none) that mend the row at the
 * least loss of reduced value per unit, never pushing any other row past its limit.
 * Returns the repaired choice, or undefined when the greedy gets stuck.
 */
export function repairChoice(relax: Relaxation, start: Int16Array, reduced: (i: number, k: number) => number, maxRounds = 4): Int16Array | undefined {
  const { n, K, R, classOf, rowCoef, limit, sign } = relax;
  const value = relax.problem.value;
  const choice = Int16Array.from(start);
  const usage = choiceUsage(relax, choice);
  const coef = (i: number, k: number, r: number) => (k < 0 ? 0 : rowCoef[(classOf[i] * R + r) * K + k]);

  const moveAllowed = (i: number, from: number, to: number): boolean => {
    for (let r = 0; r < R; r++) {
      const d = coef(i, to, r) - coef(i, from, r);
      if (d === 0) continue;
      const after = usage[r] + d;
      const tol = rowSlackTolerance(limit[r]);
      if (sign[r] > 0 ? d > 0 && after > limit[r] + tol : d < 0 && after < limit[r] - tol) return false;
    }
    return true;
  };

  const mendRow = (r: number): boolean => {
    const wantDown = sign[r] > 0;
    const candidates: number[] = [];
    const targets: number[] = [];
    const keys: number[] = [];
    for (let i = 0; i < n; i++) {
      const from = choice[i];
      const here = from < 0 ? 0 : reduced(i, from);
      const a = coef(i, from, r);
      let bestKey = Infinity;
      let bestTo = -2;
      for (let to = -1; to < K; to++) {
        if (to === from || (to >= 0 && Number.isNaN(value[i * K + to]))) continue;
        const d = coef(i, to, r) - a;
        if (wantDown ? d >= 0 : d <= 0) continue;
        const key = (here - (to < 0 ? 0 : reduced(i, to))) / Math.abs(d);
        if (key < bestKey) {
          bestKey = key;
          bestTo = to;
        }
      }
      if (bestTo !== -2) {
        candidates.push(i);
        targets.push(bestTo);
        keys.push(bestKey);
      }
    }
    const order = Array.from(candidates.keys()).sort((x, y) => keys[x] - keys[y]);
    for (const j of order) {
      if (violation(relax, usage, r) === 0) return true;
      const i = candidates[j];
      const to = targets[j];
      if (!moveAllowed(i, choice[i], to)) continue;
      for (let q = 0; q < R; q++) usage[q] += coef(i, to, q) - coef(i, choice[i], q);
      choice[i] = to;
    }
    return violation(relax, usage, r) === 0;
  };

  for (let round = 0; round < maxRounds; round++) {
    let broken = false;
    for (const wantLe of [true, false]) {
      for (let r = 0; r < R; r++) {
        if ((sign[r] > 0) !== wantLe || violation(relax, usage, r) === 0) continue;
        if (!mendRow(r)) broken = true;
      }
    }
    let anyViolated = false;
    for (let r = 0; r < R; r++) if (violation(relax, usage, r) > 0) anyViolated = true;
    if (!anyViolated) return choice;
    if (!broken && round > 0) break;
  }
  return undefined;
}

/**
 * Greedy improvement of a feasible choice: every single-customer change of action that raises
 * the objective and fits the rows' current slack, taken in order of decreasing gain. It spends
 * the slack a repaired plan leaves (a dollar of budget, a push or two), which is often all
 * that separates it from the Lagrangian bound on large instances.
 */
export function improveChoice(relax: Relaxation, start: Int16Array): Int16Array {
  const { n, K, R, classOf, rowCoef, limit, sign } = relax;
  const value = relax.problem.value;
  const choice = Int16Array.from(start);
  const usage = choiceUsage(relax, choice);
  const coef = (i: number, k: number, r: number) => (k < 0 ? 0 : rowCoef[(classOf[i] * R + r) * K + k]);
  const fits = (i: number, from: number, to: number): boolean => {
    for (let r = 0; r < R; r++) {
      const after = usage[r] + coef(i, to, r) - coef(i, from, r);
      const tol = rowSlackTolerance(limit[r]);
      if (sign[r] > 0 ? after > limit[r] + tol : after < limit[r] - tol) return false;
    }
    return true;
  };
  const customers: number[] = [];
  const targets: number[] = [];
  const gains: number[] = [];
  for (let i = 0; i < n; i++) {
    const from = choice[i];
    const here = from < 0 ? 0 : value[i * K + from];
    let bestGain = 0;
    let bestTo = -2;
    for (let to = -1; to < K; to++) {
      const there = to < 0 ? 0 : value[i * K + to];
      if (!(there - here > bestGain) || !fits(i, from, to)) continue;
      bestGain = there - here;
      bestTo = to;
    }
    if (bestTo !== -2) {
      customers.push(i);
      targets.push(bestTo);
      gains.push(bestGain);
    }
  }
  const order = Array.from(customers.keys()).sort((x, y) => gains[y] - gains[x]);
  for (const j of order) {
    const i = customers[j];
    if (!fits(i, choice[i], targets[j])) continue;
    for (let r = 0; r < R; r++) usage[r] += coef(i, targets[j], r) - coef(i, choice[i], r);
    choice[i] = targets[j];
  }
  return choice;
}
