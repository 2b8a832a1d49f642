import { expect } from 'vitest';
import type { PlanOutcome } from '../../src/domain/plan.ts';
import { expectClose } from './expect-close.ts';
import { checkHorizon, type RawHistory, type WeekAssignments } from './check-horizon.ts';

/** The weeks of a horizon plan as the checker reads them: customer index -> action id. */
export function weekAssignments(outcome: PlanOutcome): WeekAssignments {
  const horizon = outcome.horizon;
  const actions = outcome.assignment?.actions ?? [];
  return (horizon?.weeks ?? []).map((week) => {
    const assigned = new Map<number, number>();
    week.choice.forEach((k, i) => {
      if (k >= 0) assigned.set(i, actions[k].id);
    });
    return assigned;
  });
}

/**
 * Every plan over several weeks a test produces goes through this: every week's rules and every
 * contact rule along each sequence hold (the independent checker), and the objective, the
 * totals and week 1 (the plan sent) agree with what the checker recomputes.
 */
export function expectValidHorizon(outcome: PlanOutcome, history?: RawHistory): void {
  expect(outcome.horizon, 'a plan over several weeks').toBeDefined();
  const horizon = outcome.horizon!;
  const weeks = weekAssignments(outcome);
  expect(weeks).toHaveLength(outcome.policy.weeks);
  const checked = checkHorizon({ ...outcome, weeks, history });
  expect(checked.violations).toEqual([]);
  expectClose(horizon.objective, checked.objective, { relative: 1e-9, absolute: 1e-9 }, 'horizon objective');
  expectClose(horizon.kpis.total_spend, checked.spend, { absolute: 1e-6 }, 'spend over the weeks');
  if (outcome.policy.objective === 'net_value')
    expectClose(
      horizon.kpis.net_value,
      checked.objective,
      { relative: 1e-9, absolute: 1e-9 },
      'net value over the weeks',
    );
  expect(outcome.assignment?.choice).toEqual(horizon.weeks[0].choice);
  expectClose(outcome.kpis.total_spend, horizon.weeks[0].kpis.total_spend, { absolute: 1e-9 }, 'week 1 spend');
  expect(horizon.bound).toBeGreaterThanOrEqual(horizon.objective - 1e-9 * Math.max(1, Math.abs(horizon.objective)));
}
