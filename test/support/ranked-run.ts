import type { Relaxation } from '../../src/solver/decomposition/lagrangian.ts';
import { rankChoices, type Ranking } from '../../src/solver/decomposition/ranking.ts';
import { testRun } from './test-run.ts';
import type { DecompositionRun } from '../../src/solver/decomposition/run.ts';

/**
 * The ranking of `relax` at multipliers λ, its Lagrangian bound L(λ) (the best choices' objective
 * less each row's price times its use past the limit), and a 30 s run on the wall clock whose
 * best plan is `plan` (when it keeps every rule): what the proof by moves starts from.
 */
export function rankedRun(
  relax: Relaxation,
  lambda: Float64Array,
  plan: Int16Array | undefined,
): { ranking: Ranking; upper: number; run: DecompositionRun } {
  const ranking = rankChoices(relax, lambda);
  let upper = ranking.objective;
  for (let r = 0; r < relax.R; r++) upper -= lambda[r] * relax.sign[r] * (ranking.usage[r] - relax.limit[r]);
  const run = testRun(relax, { seconds: 30 });
  run.offerChoice(plan);
  return { ranking, upper, run };
}
