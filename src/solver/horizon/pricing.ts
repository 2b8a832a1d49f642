import { createHorizonWork, evaluateHorizon, weekPenalties, type HorizonPoint } from './evaluate.ts';
import type { HorizonModel } from './model.ts';
import type { PricedTypes } from './near-sequences.ts';
import type { SequenceHulls } from './sequence-dp.ts';

/** Everything the primal steps read at one point λ of the dual: its value L(λ), each type's hulls and the penalties. */
export interface Pricing extends PricedTypes {
  point: HorizonPoint;
}

/** Prices every type of customer at the point's multipliers (one dynamic program per type). */
export function priceTypes(model: HorizonModel, lambda: Float64Array): Pricing {
  const hulls: SequenceHulls[] = [];
  const work = createHorizonWork(model);
  const point = evaluateHorizon(model, lambda, work, (type, solved) => (hulls[type] = solved));
  const penalty = weekPenalties(model, lambda, new Float64Array(work.penalty.length));
  return { point, hulls, penalty };
}
