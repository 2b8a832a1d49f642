import { describe, expect, it } from 'vitest';
import {
  coreHolding,
  exactCoreHolding,
  exactCorePart,
  exactGaps,
  rankChoices,
  selectCore,
  type Ranking,
} from '../../../../src/solver/decomposition/ranking.ts';
import { buildRelaxation } from '../../../../src/solver/decomposition/lagrangian.ts';
import { createWorkspace, evaluateLagrangian } from '../../../../src/solver/decomposition/evaluation.ts';
import { buildProblem } from '../../../../src/solver/problem.ts';
import { rng } from '../../../support/random-instance.ts';
import { tightInstance } from './tight-instance.ts';

/** A copy of `ranking` whose gaps and bounds can be made exact apart from the original's. */
function copyRanking(ranking: Ranking): Ranking {
  return { ...ranking, gap: ranking.gap.slice(), bounded: ranking.bounded?.slice() };
}

describe('the exact core from a screened ranking (gaps of customers kept by the screen are lower bounds)', () => {
  it('is found in one look as exactGaps then coreHolding find it, and its exact part lies in it', () => {
    let bounded = 0;
    let parts = 0;
    for (let seed = 1; seed <= 4; seed++) {
      // Prepare: a screen's reference at one point, rankings at points near it
      const instance = tightInstance(700 + seed, 3000, 6);
      const relax = buildRelaxation(buildProblem(instance.predictions, instance.catalog, instance.policy));
      const work = createWorkspace(relax, { screen: true, byLines: false });
      const random = rng(seed);
      const scale = relax.valueScale / 20;
      const centre = Float64Array.from({ length: relax.R }, () => random() * scale);
      evaluateLagrangian(relax, centre, work);
      for (let step = 0; step < 5; step++) {
        const lambda = centre.map((x) => Math.max(0, x * (1 + 0.05 * (random() - 0.5))));
        const ranking = rankChoices(relax, lambda, work);
        bounded += ranking.bounded?.reduce((sum, b) => sum + b, 0) ?? 0;
        const plan = ranking.best.slice();
        for (let i = 0; i < relax.n; i += 97) plan[i] = plan[i] < 0 ? 0 : -1;
        const threshold = Array.from(ranking.gap).sort((a, b) => a - b)[Math.floor(relax.n / 10)];
        const fused = copyRanking(ranking);
        const apart = copyRanking(ranking);
        const partOf = copyRanking(ranking);

        // Act
        const held = exactCoreHolding(relax, fused, threshold, plan);
        exactGaps(relax, apart, threshold);
        const heldApart = coreHolding(apart, threshold, plan);
        const part = exactCorePart(partOf, threshold);
        exactGaps(relax, partOf, threshold);
        const core = new Set(selectCore(partOf, threshold));

        // Assess
        expect(Array.from(held)).toEqual(Array.from(heldApart));
        expect(Array.from(fused.gap)).toEqual(Array.from(apart.gap));
        expect(Array.from(fused.bounded ?? [])).toEqual(Array.from(apart.bounded ?? []));
        expect(Array.from(part).filter((i) => !core.has(i))).toEqual([]);
        parts += part.length;
      }
    }
    expect(bounded).toBeGreaterThan(0);
    expect(parts).toBeGreaterThan(0);
  });
});
