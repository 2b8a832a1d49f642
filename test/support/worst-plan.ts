import type { Relaxation } from '../../src/solver/decomposition/lagrangian.ts';
import { keepsRows, scoreChoice, type ScoredChoice } from '../../src/solver/decomposition/scored-plan.ts';

/** The least valuable eligible plan that keeps every row, by enumeration (undefined when none does). */
export function worstPlan(relax: Relaxation): Int16Array | undefined {
  const choice = new Int16Array(relax.n).fill(-1);
  let worst: ScoredChoice | undefined;
  for (;;) {
    const scored = scoreChoice(relax, Int16Array.from(choice));
    // An ineligible pair's value is NaN: such a plan is none.
    const valid = Number.isFinite(scored.objective) && keepsRows(relax, scored.usage);
    if (valid && (!worst || scored.objective < worst.objective)) worst = scored;
    let i = 0;
    while (i < relax.n && choice[i] === relax.K - 1) choice[i++] = -1;
    if (i === relax.n) return worst?.choice;
    choice[i]++;
  }
}
