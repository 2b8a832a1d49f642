import { buildRelaxation, type Relaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import type { LinkingRow } from '../../../../../src/solver/linking-rows.ts';

/**
 * A one-action week (email at $1) with a budget of `budget` dollars and a coverage floor of
 * `floor` among the `members`: the smallest week where a floor competes with the budget.
 */
export function budgetAndFloor(budget: number, floor: number, members: number[], value: number[]): Relaxation {
  const ones = Float64Array.of(1);
  const rows: LinkingRow[] = [
    { name: 'budget', label: 'Budget', rule: 'budget', sense: '<=', limit: budget, actionCoef: ones, members: null },
    {
      name: 'min_segment_coverage:Free',
      label: 'Free',
      rule: 'min_segment_coverage',
      sense: '>=',
      limit: floor,
      actionCoef: ones,
      members: Uint8Array.from(members),
    },
  ];
  const values = Float64Array.from(value);
  return buildRelaxation({
    n: value.length,
    K: 1,
    actions: [{ id: 1, name: 'Email', channel: 'email' as const, cost: 1, uplift: 0.1 }],
    value: values,
    reduction: values,
    rows,
  });
}
