import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { buildRelaxation, type Relaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { meetCounts } from '../../../../../src/solver/decomposition/primal/meet-counts.ts';
import { recoverCounts } from '../../../../../src/solver/decomposition/primal/recover-counts.ts';
import { rankChoices, type Ranking } from '../../../../../src/solver/decomposition/ranking.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { weekOf } from '../../../../support/email-push-week.ts';
import { tightDual } from './tight-dual.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/** The choices' reduced value at the ranking's penalties, and their count per (class, action). */
function reducedAndCounts(relax: Relaxation, ranking: Ranking, choice: Int16Array) {
  const { K, C, classOf } = relax;
  const value = relax.problem.value;
  const counts = new Float64Array(C * K);
  let reduced = 0;
  choice.forEach((k, i) => {
    if (k < 0) return;
    counts[classOf[i] * K + k]++;
    reduced += value[i * K + k] - ranking.penalty[classOf[i] * K + k];
  });
  return { reduced, counts };
}

describe('meeting the recovered counts', () => {
  it('loses as little reduced value when customers are offered a few at a time as when all are offered at once', async () => {
    let moved = 0;
    for (let seed = 9100; seed < 9130; seed++) {
      // Prepare
      const solved = await tightDual(highs, seed);
      if (!solved) continue;
      const { relax, dual, ranking } = solved;
      const target = recoverCounts(highs, relax, dual.points);
      if (!target) continue;

      // Act
      const allOffered = meetCounts(relax, ranking, target, Infinity).choice;
      const atOnce = reducedAndCounts(relax, ranking, allOffered);
      const inSteps = reducedAndCounts(relax, ranking, meetCounts(relax, ranking, target, 2).choice);

      // Assess
      expect(inSteps.counts).toEqual(atOnce.counts);
      expect(inSteps.reduced).toBeCloseTo(atOnce.reduced, 6);
      if (ranking.best.some((k, i) => k !== allOffered[i])) moved++;
    }
    expect(moved).toBeGreaterThan(5);
  });

  it('prices each chain at the moves as they stand: a customer just moved moves on, one that left is not taken', () => {
    // Prepare: every customer's best is email; the counts ask one email, one push and one none.
    // x (1 by email, 0.9 by push) moves to push for 0.1 and is the only one near enough to drop;
    // y and z (10 by email, 9.8 by push) move to push for 0.2.
    const relax = buildRelaxation(
      weekOf(
        [
          [1, 0.9],
          [10, 9.8],
          [10, 9.8],
        ],
        100,
        100,
      ),
    );
    const ranking = rankChoices(relax, new Float64Array(relax.R));

    // Act
    const { choice } = meetCounts(relax, ranking, Float64Array.of(1, 1), Infinity);

    // Assess: x to push first, then y to push and x on to none (0.2 + 0.9): 1.2 lost in all
    expect(choice[0]).toBe(-1);
    expect([...choice.slice(1)].sort()).toEqual([0, 1]);
    expect(reducedAndCounts(relax, ranking, choice).reduced).toBeCloseTo(21 - 1.2, 9);
  });
});
