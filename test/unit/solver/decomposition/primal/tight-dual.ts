import type { Highs } from 'highs';
import { minimizeDual } from '../../../../../src/solver/decomposition/dual/dual.ts';
import { createWorkspace } from '../../../../../src/solver/decomposition/evaluation.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { tightInstance } from '../tight-instance.ts';

/**
 * The tight instance of `seed` (120 customers and up to 6 actions unless asked for others) solved
 * to its dual optimum, with the choices ranked there: what the primal heuristics start from.
 * Undefined when it is infeasible.
 */
export async function tightDual(highs: Highs, seed: number, customers = 120, maxActions = 6) {
  const instance = tightInstance(seed, customers, maxActions);
  const problem = buildProblem(instance.predictions, instance.catalog, instance.policy);
  const relax = buildRelaxation(problem);
  const dual = await minimizeDual(highs, relax, createWorkspace(relax), { deadline: Infinity, now: () => 0 });
  if (dual.infeasible) return undefined;
  return { instance, problem, relax, dual, ranking: rankChoices(relax, dual.best.lambda) };
}
