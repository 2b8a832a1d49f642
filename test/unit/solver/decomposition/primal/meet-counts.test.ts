import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import type { Relaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { meetCounts } from '../../../../../src/solver/decomposition/primal/meet-counts.ts';
import { recoverCounts } from '../../../../../src/solver/decomposition/primal/recover-counts.ts';
import type { Ranking } from '../../../../../src/solver/decomposition/ranking.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
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
});
