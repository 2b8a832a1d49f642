import { type Problem } from '../../problem.ts';
import { sameRowCoefficients, type LinkingRow } from '../../linking-rows.ts';
import { relimitRelaxation, type Relaxation } from '../lagrangian.ts';
import { type DualPoint, type Workspace } from '../evaluation.ts';

/**
 * What one solve's dual leaves for the next solve of a related problem (the levels of a
 * sweep): its evaluated points, and what they were evaluated on. Each point splits into a
 * part that depends only on the values and the rows' coefficients, Φ(λ), and the term
 * Σ_r λ_r·sign_r·limit_r. When the next problem differs only in limits, every point is an
 * exact evaluation of the new L after moving that term, so the new dual starts with the old
 * cutting-plane model instead of from nothing.
 */
export interface DualMemory {
  /** The objective coefficients the points were evaluated on (the same array means the same values). */
  value: Float64Array;
  rows: readonly LinkingRow[];
  /** The limits the points were evaluated with (the relaxation's, on the grid). */
  limits: Float64Array;
  points: readonly DualPoint[];
  /** The relaxation they were evaluated on: its classes serve any problem with the same coefficients. */
  relax: Relaxation;
  /** The evaluation buffers and screen reference (see screen.ts) the last solve left, for the next one on these classes. */
  work?: Workspace;
  /** The optima of the last solves on these values and rows, oldest first (three at most): where the next one may lie. */
  optima: readonly DualOptimum[];
  /**
   * Whether the last solve's certificate was closed by the plan meeting the master's mix (true)
   * or by the mending of the relaxed choices (false): the next tries that one first (see
   * `repairAt`). Unset until a certificate has closed.
   */
  mixFirst?: boolean;
}

/** A solve's best multipliers, and the limits (on their grids) they were found for. */
export interface DualOptimum {
  limits: Float64Array;
  lambda: Float64Array;
}

/** Points kept per memory: the most recent, which lie nearest the optimum; each gives one cut per class, so about this many cuts. */
const KEPT_POINTS = 150;
const KEPT_CUTS = 3_000;

/** The point of least L among `points` (undefined when there is none). */
export function lowestPoint(points: readonly DualPoint[]): DualPoint | undefined {
  return points.reduce<DualPoint | undefined>(
    (most, point) => (!most || point.value < most.value ? point : most),
    undefined,
  );
}

/**
 * What a solve of `relax` leaves: its last {@link KEPT_POINTS} points, and its optimum after
 * those of `previous` (the memory it started from, when that was on the same values and rows).
 */
export function rememberDual(
  relax: Relaxation,
  points: readonly DualPoint[],
  work?: Workspace,
  previous?: DualMemory,
  mixFirst?: boolean,
): DualMemory {
  const best = lowestPoint(points);
  const earlier = previous && sameCoefficients(previous, relax.problem) ? previous.optima.slice(-2) : [];
  const optima = best ? [...earlier, { limits: Float64Array.from(relax.limit), lambda: best.lambda }] : earlier;
  return {
    value: relax.problem.value,
    rows: relax.problem.rows,
    limits: Float64Array.from(relax.limit),
    points: points.slice(-Math.max(10, Math.min(KEPT_POINTS, Math.floor(KEPT_CUTS / Math.max(1, relax.C))))),
    relax,
    optima,
    ...(work ? { work } : {}),
    ...(mixFirst === undefined ? {} : { mixFirst }),
  };
}

function sameCoefficients(memory: DualMemory, problem: Problem): boolean {
  return memory.value === problem.value && sameRowCoefficients(memory.rows, problem.rows);
}

/**
 * When `problem` differs from the remembered one only in limits: its relaxation (the remembered
 * classes, new limits) and the remembered points as exact evaluations of its L. Else undefined.
 */
export function recallDual(
  memory: DualMemory,
  problem: Problem,
): { relax: Relaxation; cuts: DualPoint[]; work?: Workspace; predicted?: Float64Array } | undefined {
  if (!sameCoefficients(memory, problem)) return undefined;
  const relax = relimitRelaxation(memory.relax, problem);
  const predicted = predictOptimum(memory.optima, relax.limit);
  return {
    relax,
    cuts: moveCuts(memory, relax),
    ...(memory.work ? { work: memory.work } : {}),
    ...(predicted ? { predicted } : {}),
  };
}

/** How far off the line through the last two solves' limits new limits may lie (share of the step) and still count as on it. */
const ON_LINE = 1e-3;
/** With one step to go by, the next step of the multipliers is guessed at this share of it, per unit of limit. */
const FIRST_STEP_SHARE = 0.5;
/**
 * The guess aims this much past the expected step: an optimum between the last one and the
 * guess is bracketed by the cutting-plane model, so the next steps land close (aiming at the
 * step itself often fell short and cost a second full pass).
 */
const OVERSHOOT = 1.25;

/** How many steps of `step` lead from `from` to `to` (t > 0 only), or undefined when `to − from` is not along `step`. */
function stepsAlong(step: Float64Array, from: Float64Array, to: Float64Array): number | undefined {
  let stepSquared = 0;
  let along = 0;
  for (let r = 0; r < step.length; r++) {
    stepSquared += step[r] * step[r];
    along += step[r] * (to[r] - from[r]);
  }
  if (!(stepSquared > 0)) return undefined;
  const t = along / stepSquared;
  let off = 0;
  for (let r = 0; r < step.length; r++) off += (to[r] - from[r] - t * step[r]) ** 2;
  return t > 0 && off <= ON_LINE * ON_LINE * t * t * stepSquared ? t : undefined;
}

const difference = (a: Float64Array, b: Float64Array) => Float64Array.from(a, (x, r) => x - b[r]);

/**
 * Where the optimum for `limits` may lie when they and the last solves' limits lie on one line,
 * as along the levels of a sweep. The multipliers of a sweep move smoothly with the swept
 * limit, and their steps shrink as returns diminish: the next step is the last one per unit
 * of limit, shrunk as the last step shrank against the one before (or by
 * {@link FIRST_STEP_SHARE} with only one step known), and kept at or above 0.
 */
export function predictOptimum(optima: readonly DualOptimum[], limits: Float64Array): Float64Array | undefined {
  if (optima.length < 2) return undefined;
  const last = optima[optima.length - 1];
  const older = optima[optima.length - 2];
  const t = stepsAlong(difference(last.limits, older.limits), last.limits, limits);
  if (t === undefined) return undefined;
  const move = difference(last.lambda, older.lambda);
  let shrink = FIRST_STEP_SHARE;
  const oldest = optima.length >= 3 ? optima[optima.length - 3] : undefined;
  const per = oldest && stepsAlong(difference(older.limits, oldest.limits), older.limits, last.limits);
  if (oldest && per !== undefined) {
    // The last move against the one before, both per unit of limit.
    const before = difference(older.lambda, oldest.lambda).map((x) => x * per);
    let dot = 0;
    let squared = 0;
    for (let r = 0; r < move.length; r++) {
      dot += move[r] * before[r];
      squared += before[r] * before[r];
    }
    shrink = squared > 0 ? Math.min(1, Math.max(0, dot / squared)) : FIRST_STEP_SHARE;
  }
  return Float64Array.from(last.lambda, (x, r) => Math.max(0, x + t * OVERSHOOT * shrink * move[r]));
}

/** The remembered points as evaluations of `relax`'s L, when only the rows' limits changed; else undefined. */
export function recallCuts(memory: DualMemory, problem: Problem, relax: Relaxation): DualPoint[] | undefined {
  if (memory.points.length === 0 || !sameCoefficients(memory, problem)) return undefined;
  return moveCuts(memory, relax);
}

/** Each remembered point moved from the limits it was evaluated with to `relax`'s. */
function moveCuts(memory: DualMemory, relax: Relaxation): DualPoint[] {
  const { R, sign, limit } = relax;
  return memory.points.map((point) => {
    let value = point.value;
    const subgradient = new Float64Array(R);
    for (let r = 0; r < R; r++) {
      value += point.lambda[r] * sign[r] * (limit[r] - memory.limits[r]);
      subgradient[r] = sign[r] * (limit[r] - point.usage[r]);
    }
    return { ...point, value, subgradient };
  });
}

/** The best remembered multipliers, matched to `problem`'s rows by name (new rows start at 0). */
export function recallMultipliers(memory: DualMemory, problem: Problem): Float64Array | undefined {
  const best = lowestPoint(memory.points);
  if (!best) return undefined;
  const byName = new Map(memory.rows.map((row, r) => [row.name, best.lambda[r]]));
  return Float64Array.from(problem.rows, (row) => byName.get(row.name) ?? 0);
}
