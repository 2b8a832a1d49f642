/** A small week of one class and two actions, a $2 email and a $0.50 push, under a budget and a push cap. */
import type { LinkingRow } from '../../src/solver/linking-rows.ts';
import type { Problem } from '../../src/solver/problem.ts';

const actions = [
  { id: 1, name: 'Email', channel: 'email' as const, cost: 2, uplift: 0.1 },
  { id: 2, name: 'Push', channel: 'push' as const, cost: 0.5, uplift: 0.05 },
];

function row(name: string, limit: number, actionCoef: number[]): LinkingRow {
  return {
    name,
    label: name,
    rule: 'budget',
    sense: '<=',
    limit,
    actionCoef: Float64Array.from(actionCoef),
    members: null,
  };
}

/** Customers' values per action (email, push), one class, a budget and a push cap. */
export function weekOf(values: number[][], budget: number, pushCap: number): Problem {
  const value = Float64Array.from(values.flat());
  const rows = [row('budget', budget, [2, 0.5]), row('push_cap', pushCap, [0, 1])];
  return { n: values.length, K: 2, actions, value, reduction: value, rows };
}

/** $4.50 buys two $2 emails; the LP buys 2.25, as the $0.50 push that would fill the grid is capped at 0 (optimum 19, L = 19.25). */
export function gridGapWeek(): Problem {
  return weekOf(
    [
      [10, 3],
      [9, 3],
      [1, 3],
      [1, 3],
    ],
    4.5,
    0,
  );
}
