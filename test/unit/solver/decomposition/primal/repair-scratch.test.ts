import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { repairChoice } from '../../../../../src/solver/decomposition/primal/repair.ts';
import { rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { tightDual } from './tight-dual.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

describe('the repair scratch kept per class structure', () => {
  it('mends a ranking after another repair on the same classes exactly as a first repair on new classes does', async () => {
    let compared = 0;
    for (let seed = 9100; seed < 9130; seed++) {
      // Prepare
      const solved = await tightDual(highs, seed);
      if (!solved) continue;
      const { problem, relax, dual } = solved;
      const atZero = rankChoices(relax, new Float64Array(relax.R));
      const fresh = buildRelaxation(problem);

      // Act
      repairChoice(relax, atZero);
      const reused = repairChoice(relax, rankChoices(relax, dual.best.lambda));
      const first = repairChoice(fresh, rankChoices(fresh, dual.best.lambda));

      // Assess
      expect(reused === undefined).toBe(first === undefined);
      if (!reused || !first) continue;
      compared++;
      expect(Array.from(reused.choice)).toEqual(Array.from(first.choice));
      expect(reused.objective).toBe(first.objective);
    }
    expect(compared).toBeGreaterThan(10);
  });
});
