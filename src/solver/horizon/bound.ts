import type { Highs } from 'highs';
import { createPointMaster } from '../decomposition/index.ts';
import { evaluateHorizon, type HorizonPoint, type HorizonWork } from './evaluate.ts';
import type { HorizonModel } from './model.ts';

export interface BoundOptions {
  /** Milliseconds on `now`'s clock after which the search stops with its best bound. */
  deadline: number;
  now: () => number;
  /** No plan is worth less than this: an L(λ) below it proves that no plan meets the rows. */
  worstPlan: number;
  start?: Float64Array;
  maxIterations?: number;
  /** Relative predicted decrease at which the method has converged. */
  tolerance?: number;
  onIteration?: (best: HorizonPoint, iteration: number) => Promise<void> | void;
}

export interface BoundResult {
  /** The evaluated point with the least L(λ): its value bounds every plan. */
  best: HorizonPoint;
  iterations: number;
  converged: boolean;
  infeasible: boolean;
}

/** The largest reduced value any customer-week can carry: the scale of the multipliers. */
function valueScale(model: HorizonModel): number {
  let w = 0;
  for (let i = 0; i < model.n; i++) w = Math.max(w, model.weight[i]);
  const cost = model.actions.reduce((most, a) => Math.max(most, a.cost), 0);
  return Math.max(1, w + model.costWeight * cost);
}

/**
 * Minimises L over λ ≥ 0, the multipliers of every week's rows and the horizon budget, by the
 * decomposition's box-step cutting-plane method (its HiGHS master LP, reused): each step
 * minimises the model of L within a box around the best point, which grows after good steps at
 * its edge and shrinks after poor ones. Every L(λ) evaluated bounds every plan, so an early
 * stop is safe.
 */
export async function minimizeHorizonDual(
  highs: Highs,
  model: HorizonModel,
  work: HorizonWork,
  options: BoundOptions,
): Promise<BoundResult> {
  const { R, C, K, rowCoef } = model.relax;
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 1000;
  const scale = valueScale(model);
  const width = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    let coef = 0;
    for (let c = 0; c < C; c++)
      for (let k = 0; k < K; k++) coef = Math.max(coef, Math.abs(rowCoef[(c * R + r) * K + k]));
    width[r] = coef > 0 ? scale / coef / 4 : 0;
  }
  let center = evaluateHorizon(model, options.start ?? new Float64Array(R), work);
  let best = center;
  let iterations = 1;
  const hopeless = (point: HorizonPoint) =>
    point.value < options.worstPlan - 1e-9 * Math.max(1, Math.abs(options.worstPlan));
  await options.onIteration?.(best, iterations);
  if (R === 0 || hopeless(best)) return { best, iterations, converged: true, infeasible: hopeless(best) };
  const master = createPointMaster(highs, R);
  const lower = new Float64Array(R);
  const upper = new Float64Array(R);
  let converged = false;
  let poorSteps = 0;
  try {
    master.addCut(center);
    while (iterations < maxIterations && options.now() < options.deadline) {
      for (let r = 0; r < R; r++) {
        lower[r] = Math.max(0, center.lambda[r] - width[r]);
        upper[r] = center.lambda[r] + width[r];
      }
      const step = master.solve(lower, upper, (options.deadline - options.now()) / 1000);
      if (!step) break;
      const predicted = center.value - step.theta;
      if (predicted <= tolerance * Math.max(1, Math.abs(center.value))) {
        converged = true;
        break;
      }
      const point = evaluateHorizon(model, step.lambda, work);
      iterations++;
      master.addCut(point);
      if (point.value < best.value) best = point;
      const decrease = center.value - point.value;
      if (decrease >= 0.1 * predicted) {
        const atEdge = step.lambda.some(
          (x, r) => width[r] > 0 && Math.abs(x - center.lambda[r]) >= width[r] * (1 - 1e-9),
        );
        if (atEdge && decrease >= 0.5 * predicted) for (let r = 0; r < R; r++) width[r] *= 2;
        center = point;
        poorSteps = 0;
      } else if (decrease < 0 && ++poorSteps >= 3) {
        for (let r = 0; r < R; r++) width[r] *= 0.5;
        poorSteps = 0;
      }
      await options.onIteration?.(best, iterations);
      if (hopeless(best)) return { best, iterations, converged: true, infeasible: true };
    }
  } finally {
    master.dispose();
  }
  return { best, iterations, converged, infeasible: false };
}
