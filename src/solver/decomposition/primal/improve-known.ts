import type { Relaxation } from '../lagrangian.ts';
import type { Ranking } from '../ranking.ts';
import type { ScoredChoice } from '../scored-plan.ts';
import { improveChoice, nearCustomers } from './improve.ts';

/**
 * A known plan that keeps every row, made better at the dual point `ranking` was read at: the
 * greedy improvement among the customers nearest to changing only (see `nearCustomers`),
 * spending the room the rows leave. What a check of a relaxed limit tries before a repair: the
 * base plan keeps the relaxed rows, and when the new room is spent by single moves this
 * settles the check at a small share of a repair's cost.
 */
export function improveKnown(
  relax: Relaxation,
  plan: ScoredChoice,
  ranking: Ranking,
  stop: () => boolean = () => false,
): ScoredChoice {
  return improveChoice(relax, plan, ranking, nearCustomers(relax, ranking, plan.choice), stop);
}
