import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { generatePredictions, scaledPolicy } from '../../../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../../../src/domain/catalog.ts';
import { recallDual } from '../../../../../src/solver/decomposition/dual/dual-memory.ts';
import { createLimitDual } from '../../../../../src/solver/decomposition/dual/limit-dual.ts';
import { borrowMaster } from '../../../../../src/solver/decomposition/dual/shared-master.ts';
import { solveDecomposition } from '../../../../../src/solver/decomposition/index.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { expectClose } from '../../../../support/expect-close.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

describe("the dual's re-solves at moving limits (marginal values)", () => {
  it("drops the shared master's long-inactive cuts at each re-solve, not in a solve apart", async () => {
    // Prepare: a plan's dual, and re-solves far along the budget that leave the master cuts far from the plan's limits
    const customers = 600;
    const problem = buildProblem(generatePredictions(customers, 7), DEFAULT_CATALOG, scaledPolicy(customers));
    const plan = await solveDecomposition(highs, problem);
    const memory = plan.dual!;
    const relax = recallDual(memory, problem)!.relax;
    const dual = createLimitDual(highs, problem, { memory });
    const limits = Float64Array.from(problem.rows, (row) => row.limit);
    const budget = problem.rows.findIndex((row) => row.rule === 'budget');
    const cutsNow = () => {
      const lease = borrowMaster(highs, relax);
      const cuts = lease.master.cuts;
      lease.release();
      return cuts;
    };
    const counts: number[] = [];
    for (const share of [4, 3.5, 3, 2.5]) {
      limits[budget] = problem.rows[budget].limit * share;
      await dual.solve(limits, Infinity);
      counts.push(cutsNow());
    }
    limits[budget] = problem.rows[budget].limit;
    await dual.solveApart(limits, Infinity, { from: memory });
    const apart = cutsNow();

    // Act: re-solves near the plan's limits, far from where the first cuts were active
    const values: number[] = [];
    for (const share of [1.1, 0.9, 1.05, 0.95, 1.02]) {
      limits[budget] = problem.rows[budget].limit * share;
      values.push((await dual.solve(limits, Infinity)).value);
      counts.push(cutsNow());
    }

    // Assess: the solve apart left the shared master alone; re-solves dropped cuts, and still found the optimum
    expect(apart).toBe(counts[3]);
    expect(counts[counts.length - 1]).toBeLessThan(Math.max(...counts));
    const fresh = await createLimitDual(highs, problem).solve(limits, Infinity);
    expectClose(values[values.length - 1], fresh.value, { relative: 1e-6 }, 'L at the re-solve');
  });
});
