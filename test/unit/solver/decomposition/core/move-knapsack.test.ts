import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { solveMoveKnapsack } from '../../../../../src/solver/decomposition/core/move-knapsack.ts';
import { proveByMoves } from '../../../../../src/solver/decomposition/core/move-proof.ts';
import { listMoves, type MoveLists } from '../../../../../src/solver/decomposition/core/moves.ts';
import { realizeMoves } from '../../../../../src/solver/decomposition/core/realize-moves.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { DecompositionRun } from '../../../../../src/solver/decomposition/run.ts';
import { scoreChoice, type ScoredChoice } from '../../../../../src/solver/decomposition/scored-plan.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { bruteForceOptimum } from '../../../../support/brute-force.ts';
import { expectChecked } from '../../../../support/expect-checked.ts';
import { expectClose } from '../../../../support/expect-close.ts';
import { randomInstance, rng } from '../../../../support/random-instance.ts';
import { rankedRun } from '../../../../support/ranked-run.ts';
import { worstPlan } from '../../../../support/worst-plan.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/** A random week of six customers under a budget and channel caps, ranked at random prices; its least valuable plan is the run's best. */
function rankedWeek(seed: number) {
  const drawn = randomInstance(seed, 6, 2);
  // The budget and the channel caps only, so that often at most two rows bind.
  const policy = { ...drawn.policy, min_high_risk: 0, min_premium: 0, min_segment_coverage: 0, max_action_share: 1 };
  const week = { ...drawn, policy };
  const problem = buildProblem(week.predictions, week.catalog, week.policy);
  const relax = buildRelaxation(problem);
  const random = rng(seed + 1_000);
  const lambda = Float64Array.from({ length: relax.R }, () => (random() < 0.5 ? 0 : Math.round(random() * 300) / 100));
  return { week, problem, relax, ...rankedRun(relax, lambda, worstPlan(relax)) };
}

describe('the proof by moves as a knapsack when at most two rows bind', () => {
  const seeds = Array.from({ length: 40 }, (_, k) => k + 1);
  let answered = 0;
  let proven = 0;

  it.each(seeds)('seed %i: a bound no plan passes and, when it proves, the optimum by enumeration', (seed) => {
    // Prepare
    const { week, problem, relax, ranking, upper, run } = rankedWeek(seed);
    const expected = bruteForceOptimum(week);
    const first = run.incumbent;
    if (!first || expected === undefined) return;
    const slack = 1e-9 * Math.max(1, Math.abs(upper));
    const lists = listMoves(relax, ranking, upper - first.objective + slack) as MoveLists;

    // Act
    const direct = solveMoveKnapsack(relax, ranking, lists, first.objective);
    const bound = proveByMoves(highs, run, ranking, upper) ?? upper;

    // Assess: every plan is within the lists' limit, so the knapsack's bound is one on every plan
    const tolerance = 1e-6 * Math.max(1, Math.abs(expected));
    const best = run.incumbent as ScoredChoice;
    expectChecked(week, problem, best.choice, best.objective);
    expect(bound).toBeGreaterThanOrEqual(expected - tolerance);
    if (!direct) return;
    answered++;
    expect(direct.bound).toBeGreaterThanOrEqual(expected - tolerance);
    const plan = direct.moves
      ? scoreChoice(relax, realizeMoves(ranking, lists, direct.moves)?.choice as Int16Array)
      : first;
    expectChecked(week, problem, plan.choice, plan.objective);
    if (!DecompositionRun.closes(plan.objective, direct.bound)) return;
    proven++;
    expectClose(
      plan.objective,
      expected,
      { relative: 1e-6, absolute: 1e-6 },
      "the knapsack's plan against brute force",
    );
  });

  it('answered many of those weeks itself, most of them proving the optimum', () => {
    expect(answered).toBeGreaterThan(25);
    expect(proven).toBeGreaterThan(25);
  });
});
