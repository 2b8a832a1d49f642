import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { drawWildWeek } from '../../../bench/wild-weeks.ts';
import { createLagrangianRelaxation } from '../../../src/analytics/lagrangian-sensitivity.ts';
import { solveDecomposition } from '../../../src/solver/decomposition/index.ts';
import { getHighs } from '../../../src/solver/highs-runtime.ts';
import { buildProblem } from '../../../src/solver/problem.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

describe("the marginal values' Lagrangian relaxation", () => {
  it('starts a range re-solve in a box of half a percent of each multiplier around the last optimum', async () => {
    // Prepare: a plan's dual on a week of share caps (bench/wild-weeks.ts), read at the plan's limits
    const week = drawWildWeek(41, 3_000);
    const problem = buildProblem(week.predictions, week.catalog, week.policy);
    const plan = await solveDecomposition(highs, problem);
    const lp = createLagrangianRelaxation(highs, problem, { deadline: Infinity, memory: plan.dual });
    const first = await lp.solve();
    const known = new Set(lp.memory()!.points.map((point) => point.lambda.join(',')));
    const share = first.rows.findIndex((row, r) => problem.rows[r].rule === 'max_action_share' && row.perUnitRaise > 0);

    // Act: that share cap raised 5 %, re-solved from there
    lp.setLimit(share, problem.rows[share].limit * 1.05);
    await lp.solve();

    // Assess: the first new point lies within 0.5 % of each multiplier of the plan's optimum
    const step = lp.memory()!.points.find((point) => !known.has(point.lambda.join(',')));
    expect(step, 'a point evaluated by the re-solve').toBeDefined();
    const optimum = first.rows.map((row, r) => (problem.rows[r].sense === '<=' ? 1 : -1) * row.perUnitRaise);
    const moved = optimum.map((lambda, r) => (lambda > 1e-6 ? Math.abs(step!.lambda[r] - lambda) / lambda : 0));
    expect(Math.max(...moved), 'largest move as a share of its multiplier').toBeLessThanOrEqual(0.005 + 1e-9);
    expect(Math.max(...moved), 'largest move as a share of its multiplier').toBeGreaterThan(0);
  });
});
