import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import {
  COUNT_SEARCH_METHOD,
  DECOMPOSITION_METHOD,
  solveDecomposition,
} from '../../../../src/solver/decomposition/index.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { planObjective } from '../../../../src/solver/kpis.ts';
import { OPTIMAL_GAP } from '../../../../src/solver/outcome.ts';
import { buildProblem, withPolicyLimits } from '../../../../src/solver/problem.ts';
import { searchCounts } from '../../../../src/solver/decomposition/core/count-search.ts';
import { minimizeDual } from '../../../../src/solver/decomposition/dual/dual.ts';
import { createWorkspace, evaluateLagrangian } from '../../../../src/solver/decomposition/evaluation.ts';
import { buildRelaxation } from '../../../../src/solver/decomposition/lagrangian.ts';
import { proveFewTypes } from '../../../../src/solver/decomposition/core/few-types.ts';
import { testRun } from '../../../support/test-run.ts';
import { drawWeek } from '../../../../bench/families.ts';
import { drawWildWeek } from '../../../../bench/wild-weeks.ts';
import { expectChecked } from '../../../support/expect-checked.ts';
import { expectClose } from '../../../support/expect-close.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

describe('a large week of few types of interchangeable customers', () => {
  it('is proven by the count search alone, to the optimum the dual and its cores prove', async () => {
    // Prepare: 15,000 customers drawn from about a hundred profiles, 105,000 customer-action pairs
    const week = await drawWeek('ties', 15_000, 5);
    const problem = buildProblem(week.predictions, week.catalog, week.policy);

    // Act
    const counted = await solveDecomposition(highs, problem);
    const split = await solveDecomposition(highs, problem, { exactCoreLimit: 0 });

    // Assess
    expect(counted.method).toBe(COUNT_SEARCH_METHOD);
    expect(split.method).toBe(DECOMPOSITION_METHOD);
    expect([counted.status, split.status]).toEqual(['optimal', 'optimal']);
    expectClose(counted.objective, split.objective, { relative: 1e-6 }, 'count search against the decomposition');
    expectChecked(week, problem, counted.choice!, counted.objective, { relative: 1e-9, absolute: 1e-6 });
  });

  it("proves a week of a few hundred types at the count search's root, past the exact core's size", async () => {
    // Prepare: wild week 36, 60 segments and 25 actions, scores and CLVs of a few values: 228 types of 20,000 customers
    const week = drawWildWeek(36, 20_000);
    const problem = buildProblem(week.predictions, week.catalog, week.policy);

    // Act
    const counted = await solveDecomposition(highs, problem);
    const split = await solveDecomposition(highs, problem, { exactCoreLimit: 0 });

    // Assess
    expect([counted.method, counted.status]).toEqual([COUNT_SEARCH_METHOD, 'optimal']);
    expect([split.method, split.status]).toEqual([DECOMPOSITION_METHOD, 'optimal']);
    expectClose(counted.objective, split.objective, { relative: 1e-6 }, 'count search against the decomposition');
    expectChecked(week, problem, counted.choice!, counted.objective, { relative: 1e-9, absolute: 1e-6 });
  });

  it('is proven by the count search when its capped nodes end within the optimality gap of its bound', async () => {
    // Prepare: at twice the budget, twelve nodes leave a gap of about 0.6e-6 of the objective
    const week = await drawWeek('ties', 20_000, 2);
    const policy = { ...week.policy, budget: 2 * week.policy.budget };
    const problem = buildProblem(week.predictions, week.catalog, policy);

    // Act
    const counted = await solveDecomposition(highs, problem);
    const split = await solveDecomposition(highs, problem, { exactCoreLimit: 20 });

    // Assess
    expect([counted.method, counted.status]).toEqual([COUNT_SEARCH_METHOD, 'optimal']);
    expect(counted.gap).toBeLessThanOrEqual(OPTIMAL_GAP);
    expect([split.method, split.status]).toEqual([DECOMPOSITION_METHOD, 'optimal']);
    expectClose(counted.objective, split.objective, { relative: 1e-6 }, 'count search against the decomposition');
    expectChecked({ ...week, policy }, problem, counted.choice!, counted.objective, { relative: 1e-9, absolute: 1e-6 });
  });

  it('says when its count search ran out of nodes, and the decomposition then proves the week', async () => {
    // Prepare: at 6.7 times the budget, twelve nodes leave the bound at the count LP's
    const week = await drawWeek('ties', 15_000, 5);
    const policy = { ...week.policy, budget: 6.7 * week.policy.budget };
    const problem = buildProblem(week.predictions, week.catalog, policy);
    const relax = buildRelaxation(problem);
    const run = testRun(relax);

    // Act
    const few = await proveFewTypes(highs, run, problem, {});
    const solved = await solveDecomposition(highs, problem);
    const split = await solveDecomposition(highs, problem, { exactCoreLimit: 0 });

    // Assess
    expect(few).toMatchObject({ capped: true });
    expect([solved.method, solved.status, split.status]).toEqual([DECOMPOSITION_METHOD, 'optimal', 'optimal']);
    expectClose(
      solved.objective,
      split.objective,
      { relative: 1e-6 },
      'after the capped search against the split solve',
    );
    expectChecked({ ...week, policy }, problem, solved.choice!, solved.objective, { relative: 1e-9, absolute: 1e-6 });
  });

  it("proves a sweep's level at the count search's root by a plan repaired at the root's duals", async () => {
    // Prepare: the level at 3.5 times the budget, then 4.09 times from its plan and dual, where
    // twelve nodes of the count search end short of the gap and the dual and cores prove it
    const week = await drawWeek('ties', 30_000, 7);
    const below = buildProblem(week.predictions, week.catalog, { ...week.policy, budget: 3.5 * week.policy.budget });
    const solvedBelow = await solveDecomposition(highs, below);
    const policy = { ...week.policy, budget: 4.0909 * week.policy.budget };
    const level = withPolicyLimits(below, policy);
    const warm = { start: solvedBelow.choice, dual: solvedBelow.dual };

    // Act
    const plain = await solveDecomposition(highs, level, warm);
    const repaired = await solveDecomposition(highs, level, { ...warm, repairAtCountRoot: true });

    // Assess
    expect([plain.method, plain.status]).toEqual([DECOMPOSITION_METHOD, 'optimal']);
    expect([repaired.method, repaired.status]).toEqual([COUNT_SEARCH_METHOD, 'optimal']);
    expectClose(repaired.objective, plain.objective, { relative: 1e-6 }, 'repaired at the root against the dual');
    expectChecked({ ...week, policy }, level, repaired.choice!, repaired.objective, {
      relative: 1e-9,
      absolute: 1e-6,
    });
  });

  it("asks for the root's plan with the search's best plan so far, which the asker may improve instead of repairing", async () => {
    // Prepare: the sweep level of the test above, whose count search does not settle in five nodes
    const week = await drawWeek('ties', 30_000, 7);
    const below = buildProblem(week.predictions, week.catalog, { ...week.policy, budget: 3.5 * week.policy.budget });
    const solvedBelow = await solveDecomposition(highs, below);
    const policy = { ...week.policy, budget: 4.0909 * week.policy.budget };
    const level = withPolicyLimits(below, policy);
    const relax = buildRelaxation(level);
    const everyone = Int32Array.from({ length: level.n }, (_, i) => i);
    const asked: (Int16Array | undefined)[] = [];

    // Act
    searchCounts(highs, relax, everyone, {
      limits: relax.limit,
      timeLimitSeconds: 60,
      absoluteGap: 1e-9,
      maxNodes: 12,
      start: solvedBelow.choice,
      planAtRoot: (_lambda, best) => {
        asked.push(best && Int16Array.from(best));
        return undefined;
      },
    });

    // Assess: asked once, with a whole plan that keeps every row (the start at least)
    expect(asked).toHaveLength(1);
    expect(asked[0]).toHaveLength(level.n);
    expectChecked({ ...week, policy }, level, asked[0]!, planObjective(level, asked[0]!), {
      relative: 1e-9,
      absolute: 1e-6,
    });
  });

  it('reports a week of few types that no plan can meet as infeasible, with no plan', async () => {
    // Prepare: every Premium customer must be treated but the budget pays for almost none
    const week = await drawWeek('ties', 15_000, 5);
    const policy = { ...week.policy, min_premium: 1, budget: 10 };
    const problem = buildProblem(week.predictions, week.catalog, policy);

    // Act
    const outcome = await solveDecomposition(highs, problem);

    // Assess
    expect([outcome.status, outcome.choice]).toEqual(['infeasible', undefined]);
  });

  it('keeps the dual when the customers are not interchangeable', async () => {
    const week = await drawWeek('reference', 15_000, 5);
    const outcome = await solveDecomposition(highs, buildProblem(week.predictions, week.catalog, week.policy));
    expect([outcome.method, outcome.status]).toEqual([DECOMPOSITION_METHOD, 'optimal']);
  });

  it('tries the count search again on a re-limited week the dual solved before, and proves it', async () => {
    // Prepare: the dual and its cores solve the week first (no exact core of any size), leaving cuts
    const week = await drawWeek('ties', 15_000, 5);
    const problem = buildProblem(week.predictions, week.catalog, week.policy);
    const split = await solveDecomposition(highs, problem, { exactCoreLimit: 0 });
    const wider = { ...week.policy, budget: 1.5 * week.policy.budget };

    // Act: the next level of a sweep, with that dual's memory
    const level = await solveDecomposition(highs, withPolicyLimits(problem, wider), { dual: split.dual });
    const fresh = await solveDecomposition(highs, buildProblem(week.predictions, week.catalog, wider));

    // Assess
    expect(split.dual?.points.length).toBeGreaterThan(0);
    expect([level.method, level.status]).toEqual([COUNT_SEARCH_METHOD, 'optimal']);
    expectClose(level.objective, fresh.objective, { relative: 1e-6 }, 'the level against a fresh solve');
    expectChecked({ ...week, policy: wider }, problem, level.choice!, level.objective, {
      relative: 1e-9,
      absolute: 1e-6,
    });
  });

  it("gives the root count LP's row duals as multipliers where L is least", async () => {
    // Prepare
    const week = await drawWeek('ties', 15_000, 5);
    const relax = buildRelaxation(buildProblem(week.predictions, week.catalog, week.policy));
    const everyone = Int32Array.from({ length: relax.n }, (_, i) => i);

    // Act
    const counted = searchCounts(highs, relax, everyone, {
      limits: relax.limit,
      timeLimitSeconds: 30,
      absoluteGap: 1e-9,
      maxNodes: 1,
    });
    const dual = await minimizeDual(highs, relax, createWorkspace(relax), { deadline: Infinity, now: () => 0 });

    // Assess
    const atRoot = evaluateLagrangian(relax, counted.rootLambda!, createWorkspace(relax));
    expectClose(atRoot.value, dual.best.value, { relative: 1e-7 }, "L at the root LP's duals against min L");
  });
});
