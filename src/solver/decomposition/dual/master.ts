import type { Highs, Model } from 'highs';
import { classRowUse, type Relaxation } from '../lagrangian.ts';
import { columnForm, rowForm, type CutSpec } from './cut-forms.ts';
import { classOfPiece, piecesPerClass } from './pieces.ts';

/** What a cut needs from one evaluation: the relaxed choice's customers per (piece, action) and each piece's value (see pieces.ts). */
export interface ClassChoice {
  classCounts: Float64Array;
  classValue: Float64Array;
}

/**
 * The cutting-plane model of L, one piece per class: L = Σ_c g_c(P_c) + Σ_r λ_r·sign_r·limit_r,
 * where g_c(P) is the best reduced value of class c's customers at action prices P (the class
 * penalties). An evaluation whose relaxed choice gave class c N_ck customers per action for a
 * value V_c shows g_c(P) ≥ V_c − Σ_k N_ck·P_ck at every P. With P = penalties of λ, the model is
 * `min Σ_c t_c + Σ_r λ_r·sign_r·limit_r` over those cuts, λ in a box. Kept per class, one pass
 * gives C cuts instead of one: far fewer passes to converge.
 */
export interface CuttingPlaneMaster {
  addCut(point: ClassChoice): void;
  /**
   * Adds many cuts in one call (a warm start's remembered points): one crossing into HiGHS instead
   * of one per cut. A point this master took before is skipped: its cuts are held, or were
   * dropped as long inactive (see `relimit`).
   */
  addCuts(points: readonly ClassChoice[]): void;
  /**
   * Minimises the model with the multipliers in `[lower, upper]`, within `seconds` if given;
   * undefined when HiGHS does not prove an optimum (in time). `reduced`: the multipliers' reduced costs.
   */
  solve(
    lower: Float64Array,
    upper: Float64Array,
    seconds?: number,
  ): { lambda: Float64Array; theta: number; reduced: Float64Array } | undefined;
  /**
   * The last solve's weights on its cuts (its row duals) mixed into customers per (class,
   * action), at `c * K + k`: after a solve with no box (λ ≥ 0 only), the Dantzig-Wolfe primal
   * that `recoverCounts` would find over these cuts, without building its LP. Undefined before
   * any optimal solve.
   */
  mix(): Float64Array | undefined;
  /** Moves the model to `limit` (a relaxation of the same classes, re-limited): only the multipliers' costs change, every cut still holds. */
  relimit(limit: Float64Array): void;
  /**
   * Drops the cuts inactive through the last {@link KEEP_ACTIVE_FOR} solves, however few (a
   * sweep's earlier levels' cuts lie far from the next level's optimum and only slow its solves).
   */
  prune(): void;
  /** Number of cuts currently held. */
  readonly cuts: number;
  /** The HiGHS model behind it now. */
  readonly model: Model;
  /** Holds the model behind it as it changes form, for disposing it once the owner is collected (no reference to the relaxation). */
  readonly held: { model: Model };
  dispose(): void;
}

/** Cuts kept per class at most; older cuts that have been inactive the longest are dropped first. */
const MAX_CUTS_PER_CLASS = 120;
/** A cut is kept while it was active within this many solves. */
const KEEP_ACTIVE_FOR = 15;
/**
 * A solve of the rows' form that takes more simplex iterations than this many per column of the
 * model (multipliers and pieces) moves the master to the columns' form for good: its cuts are
 * many and degenerate, and each dual simplex step over all their rows costs more than a primal
 * step over R + P (see cut-forms.ts). Below it the rows' form's warm solves take a few steps each.
 */
export const COLUMN_FORM_ITERATIONS = 8;
/** ...and only when it holds more than this many cuts per column: over fewer rows a dual simplex step is cheap. */
export const COLUMN_FORM_CUTS = 10;

/** Class structures (by their `rowCoef`) whose masters moved to columns: later masters on them start there. */
const degenerate = new WeakSet<Float64Array>();

interface Cut extends CutSpec {
  key: number;
  counts: Float64Array;
  lastActive: number;
}

/**
 * A persistent HiGHS LP over the multipliers and one value per piece: cuts are appended and the
 * box is changed in place, so every solve warm-starts from the previous basis. A piece whose
 * choice repeats an earlier cut's counts keeps one cut, the higher. Held as rows until a solve
 * walks far (see {@link COLUMN_FORM_ITERATIONS}), then as columns. Call `dispose`.
 */
export function createMaster(
  highs: Highs,
  relax: Relaxation,
  /** When a solve moves the master to columns (defaults {@link COLUMN_FORM_ITERATIONS} and {@link COLUMN_FORM_CUTS}). */
  options: { columnForm?: { iterations: number; cuts: number } } = {},
): CuttingPlaneMaster {
  // Only the class structure is kept (not the relaxation and its problem): a master may outlive one solve.
  const { R, C, K, rowCoef, sign, limit, classRowStart, classRows } = relax;
  const shape = { R, K, rowCoef };
  // One model value per piece of a class: a piece's cut has its class's coefficients.
  const perClass = piecesPerClass(relax);
  const P = C * perClass;
  let terms = Float64Array.from(limit, (x, r) => sign[r] * x);
  let asColumns = degenerate.has(rowCoef);
  /** The terms of piece p's cut (of class c): sign_r·u_pr for each row r its counts use. */
  const termsOf = (cut: Cut, offset: number, indices: number[], values: number[]): void => {
    const c = classOfPiece(cut.piece, perClass);
    for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++) {
      const r = classRows[q];
      const used = classRowUse(shape, c, r, cut.counts);
      if (used === 0) continue;
      indices.push(offset + r);
      values.push(sign[r] * used);
    }
  };
  let form = (asColumns ? columnForm : rowForm)({ highs, R, P, terms, termsOf });
  const held = { model: form.model };
  const toColumnsPast = options.columnForm ?? { iterations: COLUMN_FORM_ITERATIONS, cuts: COLUMN_FORM_CUTS };
  const cuts: Cut[] = [];
  // Cuts by a hash of their piece and counts (equal counts, equal hash; rarely two counts share one).
  const byKey = new Map<number, number[]>();
  const findCut = (key: number, p: number, counts: Float64Array): number | undefined =>
    byKey.get(key)?.find((at) => cuts[at].piece === p && sameCounts(cuts[at].counts, counts));
  // The points whose cuts were added (by their counts array, which a re-limited copy shares).
  const taken = new WeakSet<Float64Array>();
  let solves = 0;
  // The last optimal solve's cuts and their weights, before pruning renumbers them.
  let weighed: { cuts: Cut[]; weights: Float64Array } | undefined;

  function pruneCuts(always = false): void {
    if (!always && cuts.length <= MAX_CUTS_PER_CLASS * P) return;
    const drop: number[] = [];
    cuts.forEach((cut, at) => {
      if (solves - cut.lastActive > KEEP_ACTIVE_FOR) drop.push(at);
    });
    if (drop.length === 0) return;
    form.remove(Int32Array.from(drop));
    for (let j = drop.length - 1; j >= 0; j--) cuts.splice(drop[j], 1);
    byKey.clear();
    cuts.forEach((cut, at) => byKey.set(cut.key, [...(byKey.get(cut.key) ?? []), at]));
  }

  function addCuts(points: readonly ClassChoice[]): void {
    const committed = cuts.length;
    for (const point of points) {
      if (taken.has(point.classCounts)) continue;
      taken.add(point.classCounts);
      for (let p = 0; p < P; p++) {
        const counts = point.classCounts.subarray(p * K, p * K + K);
        const key = countsKey(p, counts);
        const known = findCut(key, p, counts);
        const value = point.classValue[p];
        if (known === undefined) {
          byKey.set(key, [...(byKey.get(key) ?? []), cuts.length]);
          cuts.push({ piece: p, value, key, counts: Float64Array.from(counts), lastActive: solves });
        } else if (value > cuts[known].value) {
          // The same counts: the cut differs only in its constant; keep the higher one.
          cuts[known].value = value;
          if (known < committed) form.setValue(known, value);
        }
      }
    }
    if (cuts.length > committed) form.add(cuts.slice(committed));
  }

  /** The same cuts and limits as columns, for this master and the next on these classes (see {@link COLUMN_FORM_ITERATIONS}). */
  function toColumns(): void {
    asColumns = true;
    degenerate.add(rowCoef);
    const rows = form.model;
    form = columnForm({ highs, R, P, terms, termsOf });
    if (cuts.length > 0) form.add(cuts);
    held.model = form.model;
    rows.dispose();
  }

  return {
    get cuts() {
      return cuts.length;
    },
    get model() {
      return form.model;
    },
    held,
    addCut(point) {
      addCuts([point]);
    },
    addCuts,
    prune: () => pruneCuts(true),
    mix() {
      if (!weighed) return undefined;
      const { cuts: mixed, weights } = weighed;
      const target = new Float64Array(C * K);
      mixed.forEach((cut, at) => {
        const w = weights[at];
        if (!(w > 1e-12)) return;
        const c = classOfPiece(cut.piece, perClass);
        for (let k = 0; k < K; k++) target[c * K + k] += w * cut.counts[k];
      });
      return target;
    },
    relimit(next) {
      terms = Float64Array.from(next, (x, r) => sign[r] * x);
      form.relimit(terms);
    },
    solve(lower, upper, seconds) {
      // Another master on these classes walked far: this one's rows are as degenerate.
      if (!asColumns && degenerate.has(rowCoef)) toColumns();
      const solved = form.solve(lower, upper, seconds, cuts.length);
      solves++;
      weighed = undefined;
      if (!solved) return undefined;
      const { iterations, cuts: many } = toColumnsPast;
      if (!asColumns && solved.iterations > iterations * (R + P) && cuts.length > many * (R + P)) toColumns();
      const { weights } = solved;
      weighed = { cuts: cuts.slice(), weights };
      for (let at = 0; at < cuts.length; at++) if (Math.abs(weights[at]) > 1e-12) cuts[at].lastActive = solves;
      const lambda = Float64Array.from(solved.lambda, (x, j) => Math.min(upper[j], Math.max(lower[j], x)));
      pruneCuts();
      return { lambda, theta: solved.theta, reduced: solved.reduced };
    },
    dispose() {
      form.model.dispose();
    },
  };
}

/** A hash of class c's counts (whole numbers), for finding a cut with the same counts. */
function countsKey(c: number, counts: Float64Array): number {
  let h = Math.imul(c + 1, 0x9e3779b1);
  for (let k = 0; k < counts.length; k++) h = Math.imul(h ^ counts[k], 0x85ebca6b) ^ (h >>> 15);
  return h;
}

function sameCounts(a: Float64Array, b: Float64Array): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
