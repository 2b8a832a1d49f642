import type { Highs } from 'highs';
import { minimizeHorizonDual } from './bound.ts';
import { createHorizonWork } from './evaluate.ts';
import type { HorizonModel } from './model.ts';

/** The same rows with nothing to gain: its Lagrangian is 0 at λ = 0 and falls below 0 only when no plan, even fractional, meets the rows. */
function feasibilityModel(model: HorizonModel): HorizonModel {
  return {
    ...model,
    weight: new Float64Array(model.n),
    costWeight: 0,
    types: model.types.map((type) => ({
      ...type,
      weights: new Float64Array(type.weights.length),
      prefix: new Float64Array(type.prefix.length),
    })),
  };
}

/**
 * When the count search found no plan and could not settle whether one exists: true when the
 * dual of the rows alone proves that not even a fractional plan meets them.
 */
export async function proveInfeasible(
  highs: Highs,
  model: HorizonModel,
  options: { deadline: number; now: () => number },
): Promise<boolean> {
  const rows = feasibilityModel(model);
  const dual = await minimizeHorizonDual(highs, rows, createHorizonWork(rows), { ...options, worstPlan: 0 });
  return dual.infeasible;
}
