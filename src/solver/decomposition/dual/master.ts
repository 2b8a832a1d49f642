import type { Highs, Model } from 'highs';
import { SparseColumns } from '../../highs-model.ts';
import { classRowUse, type Relaxation } from '../lagrangian.ts';
import { createCutModel, runCutModel, stallLimit } from './cut-model.ts';
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
  /** The HiGHS model behind it (for disposing it once its owner is collected). */
  readonly model: Model;
  dispose(): void;
}

/** Cuts kept per class at most; older cuts that have been inactive the longest are dropped first. */
const MAX_CUTS_PER_CLASS = 120;
/** A cut is kept while it was active within this many solves. */
const KEEP_ACTIVE_FOR = 15;

interface CutRow {
  key: number;
  c: number;
  counts: Float64Array;
  value: number;
  lastActive: number;
}

/**
 * A persistent HiGHS LP over the multipliers and one value per class: cuts are appended as rows
 * and the box is changed in place, so every solve warm-starts from the previous basis. A class
 * whose choice repeats an earlier cut's counts keeps one cut, the higher. Call `dispose`.
 */
export function createMaster(highs: Highs, relax: Relaxation): CuttingPlaneMaster {
  // Only the class structure is kept (not the relaxation and its problem): a master may outlive one solve.
  const { R, C, K, rowCoef, sign, limit, classRowStart, classRows } = relax;
  const shape = { R, K, rowCoef };
  // One model value per piece of a class: a piece's cut has its class's coefficients.
  const perClass = piecesPerClass(relax);
  const P = C * perClass;
  const columns = new SparseColumns();
  for (let r = 0; r < R; r++) columns.close(sign[r] * limit[r], 0, Infinity);
  for (let p = 0; p < P; p++) columns.close(1, -Infinity, Infinity);
  const model = createCutModel(highs, columns);
  const rows: CutRow[] = [];
  // Rows by a hash of their class and counts (equal counts, equal hash; rarely two counts share one).
  const byKey = new Map<number, number[]>();
  const findRow = (key: number, c: number, counts: Float64Array): number | undefined =>
    byKey.get(key)?.find((at) => rows[at].c === c && sameCounts(rows[at].counts, counts));
  // The points whose cuts were added (by their counts array, which a re-limited copy shares).
  const taken = new WeakSet<Float64Array>();
  let solves = 0;
  // The last optimal solve's cuts and their weights, before pruning renumbers the rows.
  let weighed: { rows: CutRow[]; duals: Float64Array } | undefined;
  const multiplierColumns = { kind: 'range' as const, from: 0, to: R - 1 };

  function pruneCuts(always = false): void {
    if (!always && rows.length <= MAX_CUTS_PER_CLASS * P) return;
    const drop: number[] = [];
    rows.forEach((row, at) => {
      if (solves - row.lastActive > KEEP_ACTIVE_FOR) drop.push(at);
    });
    if (drop.length === 0) return;
    model.deleteRows({ kind: 'set', indices: Int32Array.from(drop) });
    for (let j = drop.length - 1; j >= 0; j--) rows.splice(drop[j], 1);
    byKey.clear();
    rows.forEach((row, at) => byKey.set(row.key, [...(byKey.get(row.key) ?? []), at]));
  }

  /** The cut of piece p of class c: t_p + Σ_r λ_r·sign_r·u_pr ≥ V_p. */
  function cutEntries(p: number, counts: Float64Array, indices: number[], values: number[]): void {
    const c = classOfPiece(p, perClass);
    for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++) {
      const r = classRows[q];
      const used = classRowUse(shape, c, r, counts);
      if (used === 0) continue;
      indices.push(r);
      values.push(sign[r] * used);
    }
    indices.push(R + p);
    values.push(1);
  }

  function addCuts(points: readonly ClassChoice[]): void {
    const lower: number[] = [];
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    const committed = rows.length;
    for (const point of points) {
      if (taken.has(point.classCounts)) continue;
      taken.add(point.classCounts);
      for (let c = 0; c < P; c++) {
        const counts = point.classCounts.subarray(c * K, c * K + K);
        const key = countsKey(c, counts);
        const known = findRow(key, c, counts);
        const value = point.classValue[c];
        if (known !== undefined) {
          // The same counts: the cut differs only in its constant; keep the higher one.
          if (value > rows[known].value) {
            rows[known].value = value;
            if (known < committed) model.changeRowBounds(known, value, Infinity);
            else lower[known - committed] = value;
          }
          continue;
        }
        cutEntries(c, counts, indices, values);
        starts.push(indices.length);
        lower.push(value);
        byKey.set(key, [...(byKey.get(key) ?? []), rows.length]);
        rows.push({ key, c, counts: Float64Array.from(counts), value, lastActive: solves });
      }
    }
    if (lower.length === 0) return;
    model.addRows({
      lower: Float64Array.from(lower),
      upper: new Float64Array(lower.length).fill(Infinity),
      matrix: {
        format: 'csr',
        numRows: lower.length,
        numCols: R + P,
        starts: Int32Array.from(starts),
        indices: Int32Array.from(indices),
        values: Float64Array.from(values),
      },
    });
  }

  return {
    get cuts() {
      return rows.length;
    },
    model,
    addCut(point) {
      addCuts([point]);
    },
    addCuts,
    prune: () => pruneCuts(true),
    mix() {
      if (!weighed) return undefined;
      const { rows: cuts, duals } = weighed;
      const target = new Float64Array(C * K);
      cuts.forEach((row, at) => {
        const w = duals[at];
        if (!(w > 1e-12)) return;
        const c = classOfPiece(row.c, perClass);
        for (let k = 0; k < K; k++) target[c * K + k] += w * row.counts[k];
      });
      return target;
    },
    relimit(next) {
      if (R > 0)
        model.changeColsCost(
          multiplierColumns,
          Float64Array.from(next, (x, r) => sign[r] * x),
        );
    },
    solve(lower, upper, seconds) {
      if (R > 0) model.changeColsBounds(multiplierColumns, lower, upper);
      const optimal = runCutModel(highs, model, seconds, stallLimit(rows.length + R + P));
      solves++;
      weighed = undefined;
      if (!optimal) return undefined;
      const solution = model.getSolution();
      const duals = solution.rowDual;
      weighed = { rows: rows.slice(), duals: Float64Array.from(duals.subarray(0, rows.length)) };
      for (let at = 0; at < rows.length; at++) if (Math.abs(duals[at]) > 1e-12) rows[at].lastActive = solves;
      const lambda = Float64Array.from(solution.colValue.subarray(0, R), (x, j) =>
        Math.min(upper[j], Math.max(lower[j], x)),
      );
      const theta = model.getObjectiveValue();
      const reduced = Float64Array.from(solution.colDual.subarray(0, R));
      pruneCuts();
      return { lambda, theta, reduced };
    },
    dispose() {
      model.dispose();
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
