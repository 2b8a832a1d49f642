import { describe, expect, it } from 'vitest';
import { listMoves } from '../../../../../src/solver/decomposition/core/moves.ts';
import { realizeMoves } from '../../../../../src/solver/decomposition/core/realize-moves.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { scoreChoice, scoreMoved } from '../../../../../src/solver/decomposition/scored-plan.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { expectClose } from '../../../../support/expect-close.ts';
import { randomInstance, rng } from '../../../../support/random-instance.ts';

describe('a plan realized from moves', () => {
  it('names every customer it moved, so that scoring by them gives the full score', () => {
    let realized = 0;
    for (let seed = 1; seed <= 12; seed++) {
      // Prepare: a random week ranked at random prices, every move listed, random counts per kind
      const { predictions, catalog, policy } = randomInstance(seed, 300, 5);
      const relax = buildRelaxation(buildProblem(predictions, catalog, policy));
      const random = rng(seed);
      const ranking = rankChoices(
        relax,
        Float64Array.from({ length: relax.R }, () => random()),
      );
      const lists = listMoves(relax, ranking, Infinity);
      if (!lists || lists.count === 0) continue;
      const moves = Float64Array.from(lists.size, (size) => Math.floor(random() * Math.min(size, 20)));

      // Act
      const plan = realizeMoves(ranking, lists, moves);

      // Assess: moved are exactly the customers off the ranking; the same score
      if (!plan) continue;
      realized++;
      const off = Array.from(plan.choice.keys()).filter((i) => plan.choice[i] !== ranking.best[i]);
      expect(Array.from(plan.moved).sort((a, b) => a - b)).toEqual(off);
      const full = scoreChoice(relax, plan.choice);
      const byMoved = scoreMoved(relax, ranking, plan.choice, plan.moved);
      expectClose(byMoved.objective, full.objective, { relative: 1e-12 });
      byMoved.usage.forEach((used, r) => expectClose(used, full.usage[r], { relative: 1e-12 }));
    }
    expect(realized).toBeGreaterThanOrEqual(6);
  });
});
