import type { Highs, Model } from 'highs';
import { createHighsModel, rowBounds, type SparseColumns } from '../../highs-model.ts';

/**
 * A cutting-plane master's LP: `columns` (multipliers and model values) and no row yet, cuts to
 * be appended as rows; simplex with tight tolerances, and no presolve, which costs more than it
 * saves on an LP this small.
 */
export function createCutModel(highs: Highs, columns: SparseColumns): Model {
  const model = createHighsModel(highs, { sense: 'minimize', columns, ...rowBounds(0, 0, 0) });
  model.options.set({
    output_flag: false,
    solver: 'simplex',
    presolve: 'off',
    primal_feasibility_tolerance: 1e-9,
    dual_feasibility_tolerance: 1e-9,
  });
  return model;
}
