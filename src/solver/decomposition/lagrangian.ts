import { membershipClasses } from '../membership.ts';
import type { Problem } from '../problem.ts';

/**
 * The problem seen by the Lagrangian relaxation of its linking rows. Customers are grouped
 * into classes by their membership signature over the rows that have `members`, so a row's
 * coefficient of pair (i, k) is `rowCoef[(classOf[i] * R + r) * K + k]` and the penalty of a
 * pair depends only on (class, action): one K-vector per class, not per customer.
 */
export interface Relaxation {
  problem: Problem;
  n: number;
  K: number;
  /** Number of linking rows. */
  R: number;
  /** Number of membership classes. */
  C: number;
  classOf: Uint32Array;
  /** Coefficient of action k in row r for class c, at `(c * R + r) * K + k`. */
  rowCoef: Float64Array;
  /**
   * The rows class c has a nonzero coefficient in: `classRows[classRowStart[c] .. classRowStart[c + 1])`,
   * ascending. A class is in one segment's floor, not in the others': walking these instead of
   * every row keeps each step linear in the segments.
   */
  classRowStart: Int32Array;
  classRows: Int32Array;
  /** +1 for '<=' rows, -1 for '>=' rows: the sign of λ_r in the relaxed objective. */
  sign: Float64Array;
  /**
   * Each row's limit, rounded to the grid its coefficients allow (see {@link tightenToGrid}):
   * with costs in multiples of $0.50, a budget of $68,181.82 holds exactly the plans that
   * spend at most $68,181.50. The same plans, a tighter LP.
   */
  limit: Float64Array;
  /** Σ_i min(0, min_k value): no plan can be worth less than this. */
  worstPlan: number;
  /** Largest |value| of any eligible pair (1 when there is none): the scale of the multipliers. */
  valueScale: number;
}

/** Groups customers into classes by membership signature and tabulates row coefficients per class. */
export function buildRelaxation(problem: Problem): Relaxation {
  const { n, K, rows, value } = problem;
  const R = rows.length;
  const { classOf, count: C, firstOfClass } = membershipClasses(n, rows);
  const rowCoef = new Float64Array(C * R * K);
  const classRowStart = new Int32Array(C + 1);
  const classRows: number[] = [];
  // Each row's nonzero coefficients over every class, for its grid.
  const coefsOfRow: number[][] = rows.map(() => []);
  for (let c = 0; c < C; c++) {
    const i = firstOfClass[c];
    rows.forEach((row, r) => {
      if (row.members && row.members[i] === 0) return;
      let nonzero = false;
      for (let k = 0; k < K; k++) {
        const coef = row.actionCoef[k];
        rowCoef[(c * R + r) * K + k] = coef;
        if (coef === 0) continue;
        nonzero = true;
        coefsOfRow[r].push(coef);
      }
      if (nonzero) classRows.push(r);
    });
    classRowStart[c + 1] = classRows.length;
  }

  let worstPlan = 0;
  let valueScale = 0;
  for (let i = 0; i < n; i++) {
    let worst = 0;
    for (let k = 0; k < K; k++) {
      const v = value[i * K + k];
      if (v < worst) worst = v;
      if (Math.abs(v) > valueScale) valueScale = Math.abs(v);
    }
    worstPlan += worst;
  }
  const sign = Float64Array.from(rows, (row) => (row.sense === '<=' ? 1 : -1));
  const limit = Float64Array.from(rows, (row, r) => tightenToGrid(row.limit, sign[r], coefsOfRow[r]));
  return {
    problem,
    n,
    K,
    R,
    C,
    classOf,
    rowCoef,
    classRowStart,
    classRows: Int32Array.from(classRows),
    sign,
    limit,
    worstPlan,
    valueScale: valueScale > 0 ? valueScale : 1,
  };
}

/**
 * The relaxation of `problem`, which has the same values and row coefficients as `relax`'s
 * (only limits differ, as between the levels of a sweep): the classes are kept, the limits are
 * the new rows' on their grids.
 */
export function relimitRelaxation(relax: Relaxation, problem: Problem): Relaxation {
  const steps = rowGridSteps(relax);
  const limit = Float64Array.from(problem.rows, (row, r) => snapToStep(row.limit, relax.sign[r], steps[r]));
  return withLimits(relax, limit, problem);
}

/**
 * `relax` with other limits (and `problem`, when given): an object of the same shape as
 * {@link buildRelaxation}'s, so code optimised for one relaxation is not deoptimised by the next
 * (a spread copy gets another hidden class).
 */
export function withLimits(relax: Relaxation, limit: Float64Array, problem = relax.problem): Relaxation {
  const { n, K, R, C, classOf, rowCoef, classRowStart, classRows, sign, worstPlan, valueScale } = relax;
  return { problem, n, K, R, C, classOf, rowCoef, classRowStart, classRows, sign, limit, worstPlan, valueScale };
}

/**
 * `compute` kept per class structure (`rowCoef`): a relaxation's re-limited copies (a sweep's
 * levels, a check's re-solves) share its coefficients, so what follows from them alone is found once.
 */
export function keptPerStructure<V>(compute: (relax: Relaxation) => V): (relax: Relaxation) => V {
  const kept = new WeakMap<Float64Array, V>();
  return (relax) => {
    const known = kept.get(relax.rowCoef);
    if (known !== undefined) return known;
    const value = compute(relax);
    kept.set(relax.rowCoef, value);
    return value;
  };
}

/** Each row's {@link coefficientGrid} over every class. */
const rowGridSteps = keptPerStructure((relax) => rowCoefficients(relax).map((coefs) => coefficientGrid(coefs)));

/** Each row's nonzero coefficients over every class (with repeats). */
function rowCoefficients(relax: Relaxation): number[][] {
  const { R, K, rowCoef } = relax;
  const coefs: number[][] = Array.from({ length: R }, () => []);
  forEachClassRow(relax, (c, r) => {
    for (let k = 0; k < K; k++) if (rowCoef[(c * R + r) * K + k] !== 0) coefs[r].push(rowCoef[(c * R + r) * K + k]);
  });
  return coefs;
}

/** Calls `visit(c, r)` for every class c and every row r it has a nonzero coefficient in. */
export function forEachClassRow(relax: Relaxation, visit: (c: number, r: number) => void): void {
  const { C, classRowStart, classRows } = relax;
  for (let c = 0; c < C; c++) for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++) visit(c, classRows[q]);
}

function gcd(a: number, b: number): number {
  while (b > 0) [a, b] = [b, a % b];
  return a;
}

/** Largest d such that every coefficient is a whole multiple of d, tried in whole units, cents and 1e-4; undefined if none. */
export function coefficientGrid(coefs: readonly number[]): number | undefined {
  if (coefs.length === 0) return undefined;
  for (const scale of [1, 100, 10_000]) {
    const scaled = coefs.map((c) => Math.abs(c) * scale);
    if (scaled.some((x) => x > 2 ** 40 || Math.abs(x - Math.round(x)) > 1e-9 * Math.max(1, x))) continue;
    return scaled.reduce((g, x) => gcd(g, Math.round(x)), 0) / scale;
  }
  return undefined;
}

/**
 * A row's limit moved to the nearest value on its coefficients' grid that keeps every plan it
 * admits: any plan's usage is a whole multiple of the grid step, so `≤ limit` is `≤ floor` to
 * the grid and `≥ limit` is `≥ ceil`. Integer plans are unchanged; the LP and Lagrangian bounds
 * lose the fractional remainder no plan can use (which branching alone cannot close).
 */
export function tightenToGrid(limit: number, sign: number, coefs: readonly number[]): number {
  return snapToStep(limit, sign, coefficientGrid(coefs));
}

/** {@link tightenToGrid} on a grid already found (`step` undefined: no grid, the limit as it is). */
function snapToStep(limit: number, sign: number, step: number | undefined): number {
  if (!step || !Number.isFinite(limit)) return limit;
  const units = limit / step;
  const snapped = sign > 0 ? Math.floor(units + 1e-9) : Math.ceil(units - 1e-9);
  return snapped * step;
}

/** Per-class penalty of each action under multipliers λ: `Σ_r λ_r · sign_r · a_r(c, k)`, at `c * K + k`. */
export function classPenalties(
  relax: Relaxation,
  lambda: Float64Array,
  out: Float64Array = new Float64Array(relax.C * relax.K),
): Float64Array {
  const { C, R, K, rowCoef, sign, classRowStart, classRows } = relax;
  out.fill(0);
  for (let c = 0; c < C; c++) {
    for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++) {
      const r = classRows[q];
      const w = lambda[r] * sign[r];
      if (w === 0) continue;
      const base = (c * R + r) * K;
      for (let k = 0; k < K; k++) out[c * K + k] += w * rowCoef[base + k];
    }
  }
  return out;
}

/** How a class-c customer's move from action `from` to `to` (-1 = none) changes row r. */
export function moveChange(
  shape: Pick<Relaxation, 'R' | 'K' | 'rowCoef'>,
  c: number,
  from: number,
  to: number,
  r: number,
): number {
  const { R, K, rowCoef } = shape;
  const at = (c * R + r) * K;
  return (to < 0 ? 0 : rowCoef[at + to]) - (from < 0 ? 0 : rowCoef[at + from]);
}

/** Class c's use of row r when `counts[from + k]` of its customers take action k. */
export function classRowUse(
  shape: Pick<Relaxation, 'R' | 'K' | 'rowCoef'>,
  c: number,
  r: number,
  counts: ArrayLike<number>,
  from = 0,
): number {
  const { R, K, rowCoef } = shape;
  const coefBase = (c * R + r) * K;
  let sum = 0;
  for (let k = 0; k < K; k++) sum += counts[from + k] * rowCoef[coefBase + k];
  return sum;
}

/** Row usage of a plan given as customers per (class, action), `counts[c * K + k]`. */
export function countUsage(relax: Relaxation, counts: Float64Array): Float64Array {
  const { K, R, C, classRowStart, classRows } = relax;
  const usage = new Float64Array(R);
  for (let c = 0; c < C; c++)
    for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++)
      usage[classRows[q]] += classRowUse(relax, c, classRows[q], counts, c * K);
  return usage;
}
