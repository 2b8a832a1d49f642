import { describe, expect, it } from 'vitest';
import { improveMoveCounts } from '../../../../../src/solver/decomposition/core/move-local-search.ts';
import { listMoves, type MoveLists } from '../../../../../src/solver/decomposition/core/moves.ts';
import { countMoves, realizeMoves } from '../../../../../src/solver/decomposition/core/realize-moves.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { keepsRows, scoreChoice } from '../../../../../src/solver/decomposition/scored-plan.ts';
import { weekOf } from '../../../../support/email-push-week.ts';
import { expectClose } from '../../../../support/expect-close.ts';

/**
 * Four customers worth 10 by a $2 email and 3 by a $0.50 push, a $2 budget and a cap of 3
 * pushes, ranked where taking no action is each one's best: the moves off it are to email or push.
 */
function budgetGridWeek() {
  const relax = buildRelaxation(
    weekOf(
      Array.from({ length: 4 }, () => [10, 3]),
      2,
      3,
    ),
  );
  const ranking = rankChoices(relax, Float64Array.of(5.5, 0.5));
  const lists = listMoves(relax, ranking, Infinity) as MoveLists;
  const kind = (to: number) => lists.kindTo.indexOf(to);
  return { relax, ranking, lists, toEmail: kind(0), toPush: kind(1) };
}

describe("the local search on the moves' counts", () => {
  it('trades three pushes for one email where no exchange of two moves fits the budget (issue 18, wild week 33)', () => {
    // Prepare: three pushes ($1.50, worth 9) leave $0.50 and no push; an email needs $2
    const { relax, ranking, lists, toEmail, toPush } = budgetGridWeek();
    const start = new Float64Array(lists.count);
    start[toPush] = 3;

    // Act
    const better = improveMoveCounts(relax, ranking, lists, start);

    // Assess: one email, no push, a plan worth 10 that keeps both rows
    expect(better?.[toEmail]).toBe(1);
    expect(better?.[toPush]).toBe(0);
    const plan = scoreChoice(relax, realizeMoves(ranking, lists, better as Float64Array)?.choice as Int16Array);
    expect(keepsRows(relax, plan.usage)).toBe(true);
    expectClose(plan.objective, 10, { relative: 1e-12 });
    expect(countMoves(relax, ranking, lists, plan.choice)).toEqual(better);
  });

  it('offers nothing from counts that break a row, or from the best counts', () => {
    // Prepare: four pushes pass the cap of three; one email spends the whole budget
    const { relax, ranking, lists, toEmail, toPush } = budgetGridWeek();
    const broken = new Float64Array(lists.count);
    broken[toPush] = 4;
    const best = new Float64Array(lists.count);
    best[toEmail] = 1;

    // Act
    const fromBroken = improveMoveCounts(relax, ranking, lists, broken);
    const fromBest = improveMoveCounts(relax, ranking, lists, best);

    // Assess
    expect(fromBroken).toBeUndefined();
    expect(fromBest).toBeUndefined();
  });
});
