import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { drawWeek } from '../../../../bench/families.ts';
import { solveDecomposition } from '../../../../src/solver/decomposition/index.ts';
import { minimizeDual } from '../../../../src/solver/decomposition/dual/dual.ts';
import { createWorkspace } from '../../../../src/solver/decomposition/evaluation.ts';
import { buildRelaxation } from '../../../../src/solver/decomposition/lagrangian.ts';
import { improveChoice } from '../../../../src/solver/decomposition/primal/improve.ts';
import { repairChoice } from '../../../../src/solver/decomposition/primal/repair.ts';
import { rankChoices } from '../../../../src/solver/decomposition/ranking.ts';
import { keepsRows } from '../../../../src/solver/decomposition/scored-plan.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { buildProblem } from '../../../../src/solver/problem.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/** A clock that advances one tick per reading, and a deadline `ticks` readings away. */
function tickingDeadline(ticks: number): () => boolean {
  let now = 0;
  return () => now++ >= ticks;
}

describe('the deadline in the greedy steps (issue 21: improvement and exchanges ran 17 s past a 5 s limit)', () => {
  async function repairedWeek() {
    const week = await drawWeek('many-segments', 3_000, 31);
    const relax = buildRelaxation(buildProblem(week.predictions, week.catalog, week.policy));
    const dual = await minimizeDual(highs, relax, createWorkspace(relax), { deadline: Infinity, now: () => 0 });
    const ranking = rankChoices(relax, dual.best.lambda);
    return { relax, ranking, repaired: repairChoice(relax, ranking) };
  }

  it('the improvement stops making moves once the clock passes the deadline, with a plan that keeps every rule', async () => {
    // Prepare
    const { relax, ranking, repaired } = await repairedWeek();
    expect(repaired).toBeDefined();
    const start = repaired!;

    // Act
    const unhurried = improveChoice(relax, start, ranking);
    const stopped = improveChoice(relax, start, ranking, undefined, tickingDeadline(1));

    // Assess
    expect(unhurried.objective).toBeGreaterThan(start.objective);
    expect(stopped.objective).toBe(start.objective);
    expect(keepsRows(relax, stopped.usage)).toBe(true);
  });

  it('the repair gives up once the clock passes the deadline: no plan rather than a late one', async () => {
    // Prepare
    const { relax, ranking, repaired } = await repairedWeek();

    // Act
    const stopped = repairChoice(relax, ranking, tickingDeadline(0));

    // Assess
    expect(repaired).toBeDefined();
    expect(stopped).toBeUndefined();
  });

  it('a solve whose clock passes the deadline once the dual ends builds no core: the best plan and its gap', async () => {
    // Prepare: a tight week whose repaired plan is short of the bound (its cores and moves would close it)
    const week = await drawWeek('tight', 3_000, 7);
    const problem = buildProblem(week.predictions, week.catalog, week.policy);
    let late = false;
    const phases: string[] = [];

    // Act
    const outcome = await solveDecomposition(highs, problem, {
      timeLimitSeconds: 10,
      now: () => (late ? 1e9 : 0),
      onProgress: (event) => {
        phases.push(event.phase);
        if (event.phase === 'repair') late = true;
      },
    });

    // Assess
    expect(outcome.status).toBe('feasible');
    expect(outcome.gap).toBeGreaterThan(1e-6);
    expect(phases.filter((phase) => phase !== 'dual' && phase !== 'repair')).toEqual([]);
    expect(outcome.bound).toBeGreaterThanOrEqual(outcome.objective);
  });

  it('a solve whose deadline passes before any plan meets every rule says so, naming the time limit', async () => {
    // Prepare: the clock jumps past the deadline at the dual's first pass, so every repair gives up
    const week = await drawWeek('tight', 3_000, 7);
    const problem = buildProblem(week.predictions, week.catalog, week.policy);
    let late = false;

    // Act
    const outcome = await solveDecomposition(highs, problem, {
      timeLimitSeconds: 3,
      now: () => (late ? 1e9 : 0),
      onProgress: (event) => {
        if (event.phase === 'dual') late = true;
      },
    });

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.message).toBe('no plan met every rule within the 3 s time limit; a longer time limit may find one');
  });
});
