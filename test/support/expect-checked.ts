import { expect } from 'vitest';
import type { Problem } from '../../src/solver/problem.ts';
import { assignedIds } from './assigned-ids.ts';
import { checkPlan } from './check-plan.ts';
import { expectClose, type Tolerance } from './expect-close.ts';
import type { Instance } from './random-instance.ts';

/** The solver's `choice` for `week` keeps every rule by the independent checker, which recomputes its `objective`. */
export function expectChecked(
  week: Instance,
  problem: Problem,
  choice: Int16Array,
  objective: number,
  tolerance: Tolerance = { relative: 1e-9, absolute: 1e-9 },
): void {
  const checked = checkPlan(week.predictions, week.catalog, week.policy, assignedIds(problem, choice));
  expect(checked.violations).toEqual([]);
  expectClose(checked.objective, objective, tolerance, 'objective recomputed by the checker');
}
