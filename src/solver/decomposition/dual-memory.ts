import { sameRowCoefficients, type LinkingRow, type Problem } from '../problem.ts';
import { relimitRelaxation, type DualPoint, type Relaxation, type Workspace } from './lagrangian.ts';

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
}

/** Points kept per memory: the most recent, which lie nearest the optimum. */
const KEPT_POINTS = 150;

export function rememberDual(relax: Relaxation, points: readonly DualPoint[], work?: Workspace): DualMemory {
  return { value: relax.problem.value, rows: relax.problem.rows, limits: Float64Array.from(relax.limit), points: points.slice(-KEPT_POINTS), relax, ...(work ? { work } : {}) };
}

function sameCoefficients(memory: DualMemory, problem: Problem): boolean {
  return memory.value === problem.value && sameRowCoefficients(memory.rows, problem.rows);
}

/**
 * When `problem` differs from the remembered one only in limits: its relaxation (the remembered
 * classes, new limits) and the remembered points as exact evaluations of its L. Else undefined.
 */
export function recallDual(memory: DualMemory, problem: Problem): { relax: Relaxation; cuts: DualPoint[]; work?: Workspace } | undefined {
  if (!sameCoefficients(memory, problem)) return undefined;
  const relax = relimitRelaxation(memory.relax, problem);
  return { relax, cuts: moveCuts(memory, relax), ...(memory.work ? { work: memory.work } : {}) };
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
    return { lambda: point.lambda, value, subgradient, usage: point.usage };
  });
}

/** The best remembered multipliers, matched to `problem`'s rows by name (new rows start at 0). */
export function recallMultipliers(memory: DualMemory, problem: Problem): Float64Array | undefined {
  const best = memory.points.reduce<DualPoint | undefined>((most, point) => (!most || point.value < most.value ? point : most), undefined);
  if (!best) return undefined;
  const byName = new Map(memory.rows.map((row, r) => [row.name, best.lambda[r]]));
  return Float64Array.from(problem.rows, (row) => byName.get(row.name) ?? 0);
}
