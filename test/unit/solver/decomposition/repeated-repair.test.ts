import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { createWorkspace, evaluateLagrangian } from '../../../../src/solver/decomposition/evaluation.ts';
import { buildRelaxation } from '../../../../src/solver/decomposition/lagrangian.ts';
import { repairAt, repairAtRoot } from '../../../../src/solver/decomposition/repair-at-point.ts';
import { rankOnly, repeatedRecall, repeatsRepair } from '../../../../src/solver/decomposition/repeated-repair.ts';
import { DecompositionRun } from '../../../../src/solver/decomposition/run.ts';
import { testRun } from '../../../support/test-run.ts';
import { buildProblem } from '../../../../src/solver/problem.ts';
import { generatePredictions, scaledPolicy } from '../../../../bench/generate-instance.ts';

function repairedRun() {
  const n = 400;
  const problem = buildProblem(generatePredictions(n, 3), DEFAULT_CATALOG, scaledPolicy(n));
  const relax = buildRelaxation(problem);
  const run = testRun(relax, { at: 0 });
  const work = createWorkspace(relax);
  const lambda = new Float64Array(relax.R).fill(0.05);
  repairAtRoot(run, work, lambda);
  return { relax, run, work, lambda, done: { lambda: Float64Array.from(lambda), plan: run.incumbent } };
}

describe('a repair the count search has already run at its root duals (a sweep level of few types)', () => {
  it('is not run again at the same multipliers while no better plan has come', () => {
    // Prepare
    const { relax, run, work, lambda, done } = repairedRun();
    const same = evaluateLagrangian(relax, Float64Array.from(lambda), work);
    const moved = evaluateLagrangian(
      relax,
      Float64Array.from(lambda, (x, r) => (r === 0 ? x + 0.01 : x)),
      work,
    );

    // Act
    const repeats = repeatsRepair(run, done, same, undefined);
    const repeatsElsewhere = repeatsRepair(run, done, moved, undefined);
    const repeatsWithKnown = repeatsRepair(run, done, same, run.incumbent);

    // Assess
    expect(done.plan).toBeDefined();
    expect([repeats, repeatsElsewhere, repeatsWithKnown]).toEqual([true, false, false]);
  });

  it('is run again once a better plan has come since', () => {
    // Prepare
    const { relax, run, work, lambda, done } = repairedRun();
    const same = evaluateLagrangian(relax, Float64Array.from(lambda), work);

    // Act
    const repeats = repeatsRepair(run, { ...done, plan: undefined }, same, undefined);

    // Assess
    expect(repeats).toBe(false);
  });

  it('still ranks the choices the cores need, and says whether the best plan closes the gap', () => {
    // Prepare
    const { relax, run, work, lambda } = repairedRun();
    const at = evaluateLagrangian(relax, Float64Array.from(lambda), work);

    // Act
    const { ranking, closed } = rankOnly(run, work, at);

    // Assess
    expect(ranking.best).toHaveLength(relax.n);
    expect(closed).toBe(DecompositionRun.closes(run.incumbent?.objective ?? -Infinity, at.value));
  });
});

describe("a check's repair at its recalled best point, before the dual search", () => {
  it('is the answer again when the search ends at that very point with no better plan since', () => {
    // Prepare: a repair at one point, as a check's at its recalled point
    const { relax, run, work, lambda } = repairedRun();
    const recalled = evaluateLagrangian(relax, Float64Array.from(lambda), work);
    const repaired = repairAt(run, work, recalled);
    const done = { repaired, plan: run.incumbent };
    const sameMultipliers = evaluateLagrangian(relax, Float64Array.from(lambda), work);

    // Act
    const again = repeatedRecall(run, done, recalled);
    const elsewhere = repeatedRecall(run, done, sameMultipliers);
    const betterSince = repeatedRecall(run, { ...done, plan: undefined }, recalled);
    const none = repeatedRecall(run, undefined, recalled);

    // Assess: only the very point the search started from, with the same best plan, repeats
    expect(again).toBe(repaired);
    expect([elsewhere, betterSince, none]).toEqual([undefined, undefined, undefined]);
  });
});
