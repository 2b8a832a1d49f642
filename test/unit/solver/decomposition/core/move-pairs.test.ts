import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { solveMoveMip } from '../../../../../src/solver/decomposition/core/move-mip.ts';
import { opposedKinds } from '../../../../../src/solver/decomposition/core/move-pairs.ts';
import { listMoves, type MoveLists } from '../../../../../src/solver/decomposition/core/moves.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { weekOf } from '../../../../support/email-push-week.ts';
import { expectClose } from '../../../../support/expect-close.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/**
 * Twenty customers best by email (push loses ((i + 1)/3)²) and twenty best by push (email
 * loses ((i + 1)/4)²), at most 14 pushes: at least six push customers move to email.
 */
function bothWays() {
  const values = [
    ...Array.from({ length: 20 }, (_, i) => [100, 100 - ((i + 1) / 3) ** 2]),
    ...Array.from({ length: 20 }, (_, i) => [100 - ((i + 1) / 4) ** 2, 100]),
  ];
  const relax = buildRelaxation(weekOf(values, 1_000, 14));
  const ranking = rankChoices(relax, Float64Array.of(0, 0));
  const lists = listMoves(relax, ranking, Infinity) as MoveLists;
  const kind = (from: number, to: number) => lists.kindFrom.findIndex((f, j) => f === from && lists.kindTo[j] === to);
  return { relax, ranking, lists, toPush: kind(0, 1), toEmail: kind(1, 0) };
}

describe("the moves' MIP with kinds that undo each other", () => {
  it('pairs email to push with push to email, and no kind with one that changes the rows otherwise', () => {
    // Prepare
    const { relax, lists, toPush, toEmail } = bothWays();

    // Act
    const partner = opposedKinds(relax, lists);

    // Assess: the two swaps undo each other; a move to no action has no kind to undo it here
    expect(partner[toPush]).toBe(toEmail);
    expect(partner[toEmail]).toBe(toPush);
    for (let j = 0; j < lists.count; j++) if (lists.kindTo[j] < 0) expect(partner[j]).toBe(-1);
  });

  it('answers the optimum from a start that moves customers both ways, with moves of one way only', () => {
    // Prepare: a start that keeps the cap with eight moves to email and two to push
    const { relax, ranking, lists, toPush, toEmail } = bothWays();
    const start = new Float64Array(lists.count);
    start[toEmail] = 8;
    start[toPush] = 2;
    let sixLeast = 0;
    for (let i = 0; i < 6; i++) sixLeast += ((i + 1) / 4) ** 2;

    // Act
    const result = solveMoveMip(highs, relax, ranking, lists, { timeLimitSeconds: 10, absoluteGap: 1e-9, start });

    // Assess: the six least losses to email, none to push; the bound is that plan's worth
    expect(result.optimal).toBe(true);
    expect(result.moves?.[toEmail]).toBe(6);
    expect(result.moves?.[toPush]).toBe(0);
    expectClose(result.bound, ranking.objective - sixLeast, { relative: 1e-9 });
  });
});
