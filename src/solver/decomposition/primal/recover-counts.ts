import type { Highs } from 'highs';
import { createHighsModel, limitRunTime, rowBounds, setLinkingBounds, SparseColumns } from '../../highs-model.ts';
import type { ClassChoice } from '../dual/master.ts';
import { classOfPiece, piecesPerClass } from '../dual/pieces.ts';
import { classRowUse, type Relaxation } from '../lagrangian.ts';

/**
 * Fractional customers per (class, action), at `c * K + k`, that keep every linking row and are
 * worth nearly the dual's bound: the primal of the cutting-plane master (Dantzig-Wolfe). Each
 * evaluated point gave class c whole counts N_c at value V_c; the LP
 *   max Σ_{c,j} w_cj·V_cj  s.t.  Σ_j w_cj = 1 per class,  Σ_{c,j} w_cj·a_r(N_cj) ≤ / ≥ limit_r,  w ≥ 0
 * mixes them. Its optimum is the cut model's minimum over every λ ≥ 0, so at a certified point it
 * is within the certificate of the bound, whatever λ the dual stopped at. Undefined when the
 * points mix into no plan that keeps the rows (or HiGHS does not prove an optimum). Where the
 * dual splits classes into pieces (see pieces.ts), each piece mixes its own counts, as its cuts do.
 * HiGHS is held to `seconds` (none when undefined): its run blocks the event loop.
 */
export function recoverCounts(
  highs: Highs,
  relax: Relaxation,
  points: readonly ClassChoice[],
  seconds?: number,
): Float64Array | undefined {
  const { C, K, R, sign, limit, classRowStart, classRows } = relax;
  if (points.length === 0) return undefined;
  const perClass = piecesPerClass(relax);
  const P = C * perClass;
  const columns = new SparseColumns();
  const columnPiece: number[] = [];
  const columnPoint: number[] = [];
  const seen = new Set<string>();
  for (let p = 0; p < P; p++) {
    const c = classOfPiece(p, perClass);
    for (let j = 0; j < points.length; j++) {
      const counts = points[j].classCounts.subarray(p * K, (p + 1) * K);
      const key = `${p}:${counts.join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      columns.entry(p, 1);
      for (let q = classRowStart[c]; q < classRowStart[c + 1]; q++)
        columns.entry(P + classRows[q], classRowUse(relax, c, classRows[q], counts));
      columns.close(points[j].classValue[p], 0, Infinity);
      columnPiece.push(p);
      columnPoint.push(j);
    }
  }
  const bounds = rowBounds(P + R, 1, 1);
  setLinkingBounds(bounds, sign, limit, P);
  const model = createHighsModel(highs, { sense: 'maximize', columns, ...bounds });
  try {
    model.options.set({ output_flag: false, solver: 'simplex', presolve: 'off' });
    limitRunTime(model, seconds);
    model.run();
    if (model.getModelStatus() !== highs.constants.modelStatus.optimal) return undefined;
    const weight = model.getSolution().colValue;
    const target = new Float64Array(C * K);
    for (let col = 0; col < columnPiece.length; col++) {
      const w = weight[col];
      if (!(w > 1e-12)) continue;
      const p = columnPiece[col];
      const c = classOfPiece(p, perClass);
      const counts = points[columnPoint[col]].classCounts;
      for (let k = 0; k < K; k++) target[c * K + k] += w * counts[p * K + k];
    }
    return target;
  } finally {
    model.dispose();
  }
}
