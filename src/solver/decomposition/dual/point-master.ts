import type { Highs, Model } from 'highs';
import { SparseColumns } from '../../highs-model.ts';
import { createCutModel, runCutModel, stallLimit } from './cut-model.ts';

/** One evaluation of a concave-dual function L: its value and a subgradient at `lambda`. */
export interface SubgradientPoint {
  lambda: Float64Array;
  value: number;
  subgradient: Float64Array;
}

/** The cutting-plane model of L with one cut per evaluation, for duals with no class structure to split by. */
export interface PointMaster {
  addCut(point: SubgradientPoint): void;
  /**
   * Minimises the model over `lower ≤ λ ≤ upper`, within `seconds` if given; undefined when HiGHS
   * does not prove an optimum (in time).
   */
  solve(
    lower: Float64Array,
    upper: Float64Array,
    seconds?: number,
  ): { lambda: Float64Array; theta: number } | undefined;
  /** The HiGHS model behind it. */
  readonly model: Model;
  dispose(): void;
}

/** Cuts held before the longest-inactive ones are dropped. */
const MAX_CUTS = 120;
/** A cut is kept while it was active within this many solves. */
const KEEP_ACTIVE_FOR = 15;

/**
 * `min θ  s.t.  θ ≥ L(λ_j) + g_j·(λ − λ_j)` for every cut j, λ ≥ 0 in a box: a persistent HiGHS
 * LP over R multipliers and θ, cuts appended as rows, the box changed in place so that every
 * solve warm-starts. The decomposition's own dual uses the per-class model (`createMaster`);
 * this one serves a dual whose evaluation gives one aggregate cut (the horizon's). Call `dispose`.
 */
export function createPointMaster(highs: Highs, R: number): PointMaster {
  const columns = new SparseColumns();
  for (let r = 0; r < R; r++) columns.close(0, 0, Infinity);
  columns.close(1, -Infinity, Infinity);
  const model = createCutModel(highs, columns);
  const lastActive: number[] = [];
  let solves = 0;

  function pruneCuts(): void {
    if (lastActive.length <= MAX_CUTS) return;
    const drop: number[] = [];
    lastActive.forEach((at, row) => {
      if (solves - at > KEEP_ACTIVE_FOR) drop.push(row);
    });
    if (drop.length === 0) return;
    model.deleteRows({ kind: 'set', indices: Int32Array.from(drop) });
    for (let j = drop.length - 1; j >= 0; j--) lastActive.splice(drop[j], 1);
  }

  return {
    model,
    addCut(point) {
      // θ − g·λ ≥ L(λ_j) − g·λ_j
      let rhs = point.value;
      const indices: number[] = [];
      const values: number[] = [];
      for (let r = 0; r < R; r++) {
        const g = point.subgradient[r];
        rhs -= g * point.lambda[r];
        if (g === 0) continue;
        indices.push(r);
        values.push(-g);
      }
      indices.push(R);
      values.push(1);
      model.addRows({
        lower: Float64Array.of(rhs),
        upper: Float64Array.of(Infinity),
        matrix: {
          format: 'csr',
          numRows: 1,
          numCols: R + 1,
          starts: Int32Array.of(0, indices.length),
          indices: Int32Array.from(indices),
          values: Float64Array.from(values),
        },
      });
      lastActive.push(solves);
    },
    solve(lower, upper, seconds) {
      if (R > 0) model.changeColsBounds({ kind: 'range', from: 0, to: R - 1 }, lower, upper);
      const optimal = runCutModel(highs, model, seconds, stallLimit(lastActive.length + R + 1));
      solves++;
      if (!optimal) return undefined;
      const solution = model.getSolution();
      for (let row = 0; row < lastActive.length; row++)
        if (Math.abs(solution.rowDual[row]) > 1e-12) lastActive[row] = solves;
      const lambda = Float64Array.from(solution.colValue.subarray(0, R), (x, r) =>
        Math.min(upper[r], Math.max(lower[r], x)),
      );
      const theta = solution.colValue[R];
      pruneCuts();
      return { lambda, theta };
    },
    dispose() {
      model.dispose();
    },
  };
}
