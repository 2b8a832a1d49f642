import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { drawWildWeek } from '../../../../../bench/wild-weeks.ts';
import { minimizeDual, type DualResult } from '../../../../../src/solver/decomposition/dual/dual.ts';
import { createMaster } from '../../../../../src/solver/decomposition/dual/master.ts';
import { piecesPerClass } from '../../../../../src/solver/decomposition/dual/pieces.ts';
import { createWorkspace } from '../../../../../src/solver/decomposition/evaluation.ts';
import { buildRelaxation, type Relaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { recoverCounts } from '../../../../../src/solver/decomposition/primal/recover-counts.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { expectClose } from '../../../../support/expect-close.ts';
import { expectMixKeepsRows } from '../../../../support/expect-mix.ts';
import { tightDual } from '../primal/tight-dual.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/** The mix of a master holding every one of `dual`'s cuts, solved with λ ≥ 0 only (no box). */
function mixOfCuts(relax: Relaxation, dual: DualResult): Float64Array | undefined {
  const master = createMaster(highs, relax);
  try {
    master.addCuts(dual.points);
    const open = master.solve(new Float64Array(relax.R), new Float64Array(relax.R).fill(1e30));
    expect(open, 'the open master is solved').toBeDefined();
    return master.mix();
  } finally {
    master.dispose();
  }
}

describe("the cutting-plane master's mix of its cuts", () => {
  it('keeps every row, as the primal of the cut model, on tight weeks', async () => {
    let compared = 0;
    for (let seed = 9100; seed < 9115; seed++) {
      // Prepare
      const solved = await tightDual(highs, seed);
      if (!solved) continue;

      // Act
      const mix = mixOfCuts(solved.relax, solved.dual);

      // Assess: where the mix's LP has several optima, HiGHS may take another vertex than recoverCounts'
      expectMixKeepsRows(solved.relax, mix, `seed ${seed}`);
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
  });

  it('is the counts recoverCounts builds its own LP for, pieces mixed per class (week 45 of bench/explore.ts)', async () => {
    // Prepare
    const week = drawWildWeek(45, 12_000);
    const relax = buildRelaxation(buildProblem(week.predictions, week.catalog, week.policy));
    const dual = await minimizeDual(highs, relax, createWorkspace(relax), { deadline: Infinity, now: () => 0 });

    // Act
    const mix = mixOfCuts(relax, dual);

    // Assess
    expect(piecesPerClass(relax)).toBeGreaterThan(1);
    expectMixKeepsRows(relax, mix, 'week 45');
    const recovered = recoverCounts(highs, relax, dual.points);
    mix!.forEach((count, at) => expectClose(count, recovered![at], { absolute: 1e-6 }, `class-action ${at}`));
  });

  it('is unknown before the master has been solved', () => {
    // Prepare
    const week = drawWildWeek(45, 2_000);
    const master = createMaster(highs, buildRelaxation(buildProblem(week.predictions, week.catalog, week.policy)));

    // Act
    const mix = master.mix();

    // Assess
    master.dispose();
    expect(mix).toBeUndefined();
  });
});
