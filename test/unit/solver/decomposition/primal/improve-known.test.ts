import { describe, expect, it } from 'vitest';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { improveKnown } from '../../../../../src/solver/decomposition/primal/improve-known.ts';
import { rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { scoreChoice } from '../../../../../src/solver/decomposition/scored-plan.ts';
import type { LinkingRow } from '../../../../../src/solver/linking-rows.ts';

describe('a check’s known plan', () => {
  it('uses a relaxed floor by an exchange (a member steps down, freeing the budget an outsider needs), which no single move makes', () => {
    // Prepare: both members are covered and spend the whole budget of 2; the floor, relaxed from
    // 2 to 1, lets one of them make way for the outsider worth 5.
    const ones = Float64Array.of(1);
    const rows: LinkingRow[] = [
      { name: 'budget', label: 'Budget', rule: 'budget', sense: '<=', limit: 2, actionCoef: ones, members: null },
      {
        name: 'min_segment_coverage:Free',
        label: 'Free',
        rule: 'min_segment_coverage',
        sense: '>=',
        limit: 1,
        actionCoef: ones,
        members: Uint8Array.of(1, 1, 0),
      },
    ];
    const value = Float64Array.of(1, 1.5, 5);
    const problem = {
      n: 3,
      K: 1,
      actions: [{ id: 1, name: 'Email', channel: 'email' as const, cost: 1, uplift: 0.1 }],
      value,
      reduction: value,
      rows,
    };
    const relax = buildRelaxation(problem);
    const ranking = rankChoices(relax, Float64Array.of(2, 0));
    const known = scoreChoice(relax, Int16Array.of(0, 0, -1));
    const settles = (objective: number) => objective >= 6.5;

    // Act
    const improved = improveKnown(relax, known, ranking, settles);

    // Assess
    expect(known.objective).toBe(2.5);
    expect(Array.from(improved.choice)).toEqual([-1, 0, 0]);
    expect(improved.objective).toBe(6.5);
    expect(Array.from(improved.usage)).toEqual([2, 1]);
  });
});
