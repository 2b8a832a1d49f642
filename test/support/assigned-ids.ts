import type { Problem } from '../../src/solver/problem.ts';

/** A solver's plan (`choice[i]` indexes `problem.actions`, -1 = none) as the checker reads it: customer index -> action id. */
export function assignedIds(problem: Problem, choice: Int16Array): Map<number, number> {
  const assigned = new Map<number, number>();
  choice.forEach((k, i) => {
    if (k >= 0) assigned.set(i, problem.actions[k].id);
  });
  return assigned;
}
