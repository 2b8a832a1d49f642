import type { Relaxation } from '../lagrangian.ts';
import type { Ranking } from '../ranking.ts';
import type { ScoredChoice } from '../scored-plan.ts';
import { exchangeNear } from './exchange.ts';
import { improveNear } from './improve.ts';

/**
 * Customers the known plan may have off their ranked best for the exchanges to be tried: they
 * all join every exchange round, and a plan that far from the ranking is the repair's to mend.
 */
export const KNOWN_EXCHANGE_MAX_MOVED = 400;

/**
 * A known plan (a check's start: the base plan, with one row relaxed) improved at a dual point:
 * by single moves among the customers nearest to changing, then, unless `settles` holds, by
 * exchanges of two customers' actions when the plan lies within {@link KNOWN_EXCHANGE_MAX_MOVED}
 * customers of the ranked best choices. A relaxed row's slack is often of use only with a second
 * change (a step down frees the budget another's step up needs), which no single move makes.
 */
export function improveKnown(
  relax: Relaxation,
  known: ScoredChoice,
  ranking: Ranking,
  settles: (objective: number) => boolean,
  stop: () => boolean = () => false,
): ScoredChoice {
  if (settles(known.objective)) return known;
  const improved = improveNear(relax, known, ranking, () => true, stop);
  if (settles(improved.objective) || countMoved(improved.choice, ranking.best) > KNOWN_EXCHANGE_MAX_MOVED)
    return improved;
  return exchangeNear(relax, ranking, improved, settles, stop);
}

/** How many customers `choice` has off their `best` choice, counted up to one past `most`. */
export function countMoved(choice: Int16Array, best: Int16Array, most = Infinity): number {
  let count = 0;
  for (let i = 0; i < choice.length && count <= most; i++) if (choice[i] !== best[i]) count++;
  return count;
}
