import type { Predictions } from '../../domain/predictions.ts';
import { solveProblem } from '../solve.ts';
import type { HorizonModel } from './model.ts';
import { scoreHorizonPlan } from './plan-score.ts';
import { weekProblem } from './week-problem.ts';

export interface MyopicPlan {
  /** The plan over every week (`choices[t * n + i]`), when every week had one. */
  choices: Int16Array | undefined;
  /** Its objective in the horizon model (the compounding value), or NaN without a plan. */
  objective: number;
  /** The first week (1-based) with no plan, when one had none. */
  failedWeek?: number;
  /** Whether every week's solve was proven optimal. */
  proven: boolean;
}

/**
 * The myopic baseline: week 1 planned alone, then each following week planned alone given the
 * weeks before it (their contacts under the same rules, the risk they left), each week by the
 * weekly solver. Valued in the horizon model, it is what planning ahead is measured against.
 */
export async function planMyopic(
  model: HorizonModel,
  predictions: Predictions,
  options: { timeLimitSeconds: number },
): Promise<MyopicPlan> {
  const { n, weeks: W } = model;
  const choices = new Int16Array(W * n).fill(-1);
  let proven = true;
  for (let t = 0; t < W; t++) {
    const { problem } = weekProblem(model, predictions, choices, t);
    const solved = await solveProblem(problem, { timeLimitSeconds: options.timeLimitSeconds / W });
    if (!solved.choice || (solved.status !== 'optimal' && solved.status !== 'feasible'))
      return { choices: undefined, objective: Number.NaN, failedWeek: t + 1, proven: false };
    if (solved.status !== 'optimal') proven = false;
    choices.set(solved.choice, t * n);
  }
  const scored = scoreHorizonPlan(model, choices);
  return scored
    ? { choices, objective: scored.objective, proven }
    : { choices: undefined, objective: Number.NaN, failedWeek: W, proven: false };
}
