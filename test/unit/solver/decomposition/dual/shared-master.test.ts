import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { generatePredictions, scaledPolicy } from '../../../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../../../src/domain/catalog.ts';
import { minimizeDual } from '../../../../../src/solver/decomposition/dual/dual.ts';
import { createMaster } from '../../../../../src/solver/decomposition/dual/master.ts';
import { borrowMaster } from '../../../../../src/solver/decomposition/dual/shared-master.ts';
import { buildRelaxation, relimitRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { createWorkspace, evaluateLagrangian } from '../../../../../src/solver/decomposition/evaluation.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { buildProblem, withPolicyLimits } from '../../../../../src/solver/problem.ts';
import { expectClose } from '../../../../support/expect-close.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

const customers = 400;
const policy = scaledPolicy(customers);
const problem = buildProblem(generatePredictions(customers, 5), DEFAULT_CATALOG, policy);
const minimize = (relax: ReturnType<typeof buildRelaxation>) =>
  minimizeDual(highs, relax, createWorkspace(relax), { deadline: Infinity, now: () => 0 });

describe('the cutting-plane master shared by re-limited relaxations', () => {
  it('gives each level of a budget sweep the same dual bound as a search from nothing', async () => {
    // Prepare: levels that share one relaxation's classes, so one master, searched in turn
    const first = buildRelaxation(problem);
    const levels = [1, 1.6, 0.7, 2.5].map((share) =>
      relimitRelaxation(first, withPolicyLimits(problem, { ...policy, budget: policy.budget * share })),
    );

    for (const relax of levels) {
      // Act
      const shared = await minimize(relax);

      // Assess: a master that kept the other levels' cuts still bounds this level's L exactly
      const alone = await minimize(buildRelaxation(relax.problem));
      expectClose(shared.best.value, alone.best.value, { relative: 1e-7 }, `dual bound at budget ${relax.limit[0]}`);
    }
  });

  it('moves a borrowed master to the borrower’s limits, and lends a master of its own while one is held', () => {
    // Prepare
    const first = buildRelaxation(problem);
    const looser = relimitRelaxation(first, withPolicyLimits(problem, { ...policy, budget: policy.budget * 3 }));
    const held = borrowMaster(highs, first);

    // Act
    const meanwhile = borrowMaster(highs, looser);
    meanwhile.release();
    held.release();
    const again = borrowMaster(highs, looser);

    // Assess: the multipliers' costs are sign × limit of the borrower's rows
    expect(meanwhile.master).not.toBe(held.master);
    expect(again.master).toBe(held.master);
    const { cost } = again.master.model.getCols({ kind: 'range', from: 0, to: looser.R - 1 });
    again.release();
    expect(Array.from(cost)).toEqual(Array.from(looser.limit, (limit, r) => looser.sign[r] * limit));
  });

  it('drops the cuts the last level left inactive, however few, and takes no point twice', () => {
    // Prepare: points spread along the budget's multiplier; many solves in a small box near one of them
    const first = buildRelaxation(problem);
    const work = createWorkspace(first);
    const points = [0.2, 0.5, 1, 2, 4, 8, 16].map((price) =>
      evaluateLagrangian(
        first,
        Float64Array.from({ length: first.R }, (_, r) => (r === 0 ? price : 0)),
        work,
      ),
    );
    const master = createMaster(highs, first);
    master.addCuts(points);
    const taken = master.cuts;
    const lower = new Float64Array(first.R);
    const upper = Float64Array.from({ length: first.R }, (_, r) => (r === 0 ? 16.001 : 0));
    lower[0] = 15.999;
    for (let solve = 0; solve < 20; solve++) master.solve(lower, upper);
    const next = relimitRelaxation(first, withPolicyLimits(problem, { ...policy, budget: policy.budget * 1.5 }));

    // Act
    master.relimit(next.limit);
    master.prune();
    const kept = master.cuts;
    master.addCuts(points);

    // Assess: fewer cuts, the remembered points not taken again, and the model still bounds L from below
    expect(kept).toBeLessThan(taken);
    expect(kept).toBeGreaterThanOrEqual(first.C);
    expect(master.cuts).toBe(kept);
    lower[0] = 0;
    upper[0] = 100;
    const model = master.solve(lower, upper);
    const at = evaluateLagrangian(next, model!.lambda, createWorkspace(next));
    expect(model!.theta).toBeLessThanOrEqual(at.value + 1e-9 * Math.abs(at.value));
    master.dispose();
  });
});
