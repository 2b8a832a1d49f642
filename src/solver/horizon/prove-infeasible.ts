import type { Highs } from 'highs';
import { minimizeHorizonDual } from './bound.ts';
import { createHorizonWork } from './evaluate.ts';
import type { HorizonModel } from './model.ts';
import type { Pricing } from './pricing.ts';
import { solveAroundCore } from './repair.ts';

/** Customers up to which a missing plan is settled by the whole MIP (every customer, every sequence). */
const WHOLE_MIP_CUSTOMERS = 64;

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
 * When the repair found no plan: true when none exists. First the dual of the rows alone (a
 * Lagrangian below 0 proves that not even a fractional plan meets them), then, for a few
 * customers, the whole MIP over every sequence of every customer.
 */
export async function proveInfeasible(
  highs: Highs,
  model: HorizonModel,
  pricing: Pricing,
  options: { deadline: number; now: () => number },
): Promise<boolean> {
  const rows = feasibilityModel(model);
  const dual = await minimizeHorizonDual(highs, rows, createHorizonWork(rows), { ...options, worstPlan: 0 });
  if (dual.infeasible) return true;
  if (model.n > WHOLE_MIP_CUSTOMERS) return false;
  const everyone = Int32Array.from({ length: model.n }, (_, i) => i);
  const whole = solveAroundCore(highs, model, pricing, everyone, {
    slack: Infinity,
    cap: 4096,
    timeLimitSeconds: Math.max(0.05, (options.deadline - options.now()) / 1000),
    absoluteGap: 1e-9,
  });
  return !whole.overflow && whole.result.status === 'infeasible';
}
