import type { Highs } from 'highs';
import { createHighsModel, rowBounds, SparseColumns } from '../../highs-model.ts';
import type { DualPoint } from '../lagrangian.ts';

/** The cutting-plane model of L: `min θ  s.t.  θ ≥ L(λ_j) + g_j·(λ − λ_j)` for every cut j, λ in a box. */
export interface CuttingPlaneMaster {
  addCut(point: DualPoint): void;
  /** Adds many cuts in one call (a warm start's remembered points): one crossing into HiGHS instead of one per cut. */
  addCuts(points: readonly DualPoint[]): void;
  /** Minimises the model over `lower ≤ λ ≤ upper`; undefined when HiGHS does not prove an optimum. */
  solve(lower: Float64Array, upper: Float64Array): { lambda: Float64Array; theta: number } | undefined;
  /** Number of cuts currently held. */
  readonly cuts: number;
  dispose(): void;
}

/** Cuts kept at most; older cuts that have been inactive the longest are dropped first. */
const MAX_CUTS = 120;
/** A cut is kept while it was active within this many solves. */
const KEEP_ACTIVE_FOR = 15;

/**
 * A persistent HiGHS LP over R multipliers and θ: cuts are appended as rows and the box is
 * changed in place, so every solve warm-starts from the previous basis. Call `dispose`.
 */
export function createMaster(highs: Highs, R: number): CuttingPlaneMaster {
  const numCols = R + 1;
  const columns = new SparseColumns();
  for (let r = 0; r < R; r++) columns.close(0, 0, Infinity);
  columns.close(1, -Infinity, Infinity);
  const model = createHighsModel(highs, { sense: 'minimize', columns, ...rowBounds(0, 0, 0) });
  // Presolve costs more than it saves on an LP of R + 1 columns.
  model.options.set({
    output_flag: false,
    solver: 'simplex',
    presolve: 'off',
    primal_feasibility_tolerance: 1e-9,
    dual_feasibility_tolerance: 1e-9,
  });
  const lastActive: number[] = [];
  let solves = 0;
  const lambdaColumns = { kind: 'range' as const, from: 0, to: R - 1 };

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

  function addCuts(points: readonly DualPoint[]): void {
    if (points.length === 0) return;
    const lower = new Float64Array(points.length);
    const starts = new Int32Array(points.length + 1);
    const indices: number[] = [];
    const values: number[] = [];
    points.forEach((point, row) => {
      let rhs = point.value;
      for (let r = 0; r < R; r++) {
        const g = point.subgradient[r];
        rhs -= g * point.lambda[r];
        if (g !== 0) {
          indices.push(r);
          values.push(-g);
        }
      }
      indices.push(R);
      values.push(1);
      lower[row] = rhs;
      starts[row + 1] = indices.length;
      lastActive.push(solves);
    });
    model.addRows({
      lower,
      upper: new Float64Array(points.length).fill(Infinity),
      matrix: {
        format: 'csr',
        numRows: points.length,
        numCols,
        starts,
        indices: Int32Array.from(indices),
        values: Float64Array.from(values),
      },
    });
  }

  return {
    get cuts() {
      return lastActive.length;
    },
    addCut(point) {
      addCuts([point]);
    },
    addCuts,
    solve(lower, upper) {
      if (R > 0) model.changeColsBounds(lambdaColumns, lower, upper);
      model.run();
      solves++;
      if (model.getModelStatus() !== highs.constants.modelStatus.optimal) return undefined;
      const solution = model.getSolution();
      const rowDual = solution.rowDual;
      for (let row = 0; row < lastActive.length; row++) if (Math.abs(rowDual[row]) > 1e-12) lastActive[row] = solves;
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
