import type { Highs } from 'highs';
import { minimizeHorizonDual } from '../../src/solver/horizon/bound.ts';
import { createHorizonWork } from '../../src/solver/horizon/evaluate.ts';
import type { HorizonModel } from '../../src/solver/horizon/model.ts';
import { priceTypes, type Pricing } from '../../src/solver/horizon/pricing.ts';

/** A horizon model's sequences priced at its best multipliers: its dual minimized with no deadline. */
export async function priceAtBestMultipliers(highs: Highs, model: HorizonModel): Promise<Pricing> {
  const dual = await minimizeHorizonDual(highs, model, createHorizonWork(model), {
    deadline: Infinity,
    now: () => 0,
    worstPlan: -1e12,
  });
  return priceTypes(model, dual.best.lambda);
}
