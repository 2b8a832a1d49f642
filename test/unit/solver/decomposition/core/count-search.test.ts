import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { generatePredictions, scaledPolicy } from '../../../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../../../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../../../../../src/domain/policy.ts';
import { solveByCounts } from '../../../../../src/solver/decomposition/index.ts';
import { solveCoreExactly } from '../../../../../src/solver/decomposition/core/core.ts';
import { searchCounts } from '../../../../../src/solver/decomposition/core/count-search.ts';
import { solveDecomposition } from '../../../../../src/solver/decomposition/index.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { solveMip } from '../../../../../src/solver/mip.ts';
import { buildProblem, type Problem } from '../../../../../src/solver/problem.ts';
import { assignedIds } from '../../../../support/assigned-ids.ts';
import { checkPlan } from '../../../../support/check-plan.ts';
import { expectClose } from '../../../../support/expect-close.ts';
import { loadSample } from '../../../../support/sample.ts';
import { randomInstance, rng, type Instance } from '../../../../support/random-instance.ts';
import { tightInstance } from '../tight-instance.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

const everyone = (problem: Problem) => Int32Array.from({ length: problem.n }, (_, i) => i);

/** Solves `instance` by counts and with the whole-model MIP and checks they agree; returns the problem and the MIP's answer. */
function expectSameAnswerAsMip(instance: Instance): { problem: Problem; whole: ReturnType<typeof solveMip> } {
  // Prepare
  const problem = buildProblem(instance.predictions, instance.catalog, instance.policy);

  // Act
  const whole = solveMip(highs, problem, { timeLimitSeconds: 30 });
  const counted = solveByCounts(highs, problem, { timeLimitSeconds: 30 });

  // Assess
  expect(counted.status).toBe(whole.status);
  if (whole.status === 'infeasible') return { problem, whole };
  const checked = checkPlan(
    instance.predictions,
    instance.catalog,
    instance.policy,
    assignedIds(problem, counted.choice as Int16Array),
  );
  expect(checked.violations).toEqual([]);
  expectClose(checked.objective, counted.objective, { relative: 1e-6 }, 'objective checked independently');
  expectClose(counted.objective, whole.objective, { relative: 1e-6 }, 'objective against the whole-model MIP');
  expect(counted.bound).toBeGreaterThanOrEqual(whole.objective - 1e-6 * Math.max(1, Math.abs(whole.objective)));
  expect(counted.gap).toBeLessThanOrEqual(1e-6);
  return { problem, whole };
}

describe('the count search against the whole-model MIP', () => {
  it.each([0, 1])(
    'batch %i: 50 random instances of 5-60 customers (mostly infeasible); same answer, every rule holds',
    (batch) => {
      for (let s = 0; s < 50; s++) {
        const seed = 17_000 + batch * 50 + s;
        expectSameAnswerAsMip(randomInstance(seed, 5 + ((seed * 7919) % 56), 6));
      }
    },
  );

  it.each([0, 1])(
    'batch %i: 50 instances with binding budgets, caps and floors, a quarter full of ties; same answer',
    (batch) => {
      for (let s = 0; s < 50; s++) {
        const seed = 19_000 + batch * 50 + s;
        expectSameAnswerAsMip(tightInstance(seed, 5 + ((seed * 7919) % 56), 6, s % 4 === 3));
      }
    },
  );

  it('batch of 50 with costs in arbitrary cents and budgets off every grid; same answer, also through the decomposition', async () => {
    for (let s = 0; s < 50; s++) {
      const seed = 21_000 + s;
      const instance = tightInstance(seed, 5 + ((seed * 7919) % 56), 6, s % 4 === 3);
      const random = rng(seed + 1);
      const catalog = instance.catalog.map((action) =>
        action.id === 0 ? action : { ...action, cost: Math.round(1 + random() * 2499) / 100 },
      );
      const offGrid = {
        ...instance,
        catalog,
        policy: { ...instance.policy, budget: instance.policy.budget + Math.round(random() * 997) / 1000 },
      };
      const { problem, whole } = expectSameAnswerAsMip(offGrid);

      const split = await solveDecomposition(highs, problem, {
        timeLimitSeconds: 30,
        exactCoreLimit: 3,
        firstCoreSize: 2,
      });
      expect(split.status).toBe(whole.status);
      if (whole.status !== 'infeasible')
        expectClose(split.objective, whole.objective, { relative: 1e-6 }, 'objective against the whole-model MIP');
    }
  });

  it('proves the 250-customer benchmark instance optimal, an instance with a real integrality gap', () => {
    // Prepare
    const problem = buildProblem(generatePredictions(250, 7), DEFAULT_CATALOG, scaledPolicy(250));

    // Act
    const counted = solveByCounts(highs, problem, { timeLimitSeconds: 30 });

    // Assess: 1,307.031 is HiGHS's whole-model optimum (and CBC's, in bench/RESULTS.md)
    expect(counted.status).toBe('optimal');
    expect(counted.method).toBe('count-search');
    expect(counted.objective).toBeCloseTo(1307.0311, 3);
  });
});

describe('the count search branching', () => {
  // Regression: branching on the most fractional count took 671 nodes (2.7 s) on the sample
  // with a budget of $1,000, where channel caps and action shares bind instead of the budget.
  it('proves the sample at a $1,000 budget in a few dozen nodes, with the MIP optimum', async () => {
    // Prepare
    const predictions = await loadSample();
    const problem = buildProblem(predictions, [...DEFAULT_CATALOG], { ...DEFAULT_POLICY, budget: 1000 });
    const relax = buildRelaxation(problem);

    // Act
    const counted = searchCounts(highs, relax, everyone(problem), {
      limits: relax.limit,
      timeLimitSeconds: 30,
      absoluteGap: 1e-9,
      relativeGap: 2.5e-7,
    });
    const whole = solveMip(highs, problem, { timeLimitSeconds: 30 });

    // Assess
    expect(counted.status).toBe('optimal');
    expect(counted.nodes).toBeLessThan(50);
    expectClose(counted.objective, whole.objective, { relative: 1e-6 }, 'objective against the whole-model MIP');
  });
});

describe("the count search's plan at the root", () => {
  it('stops once that plan is asked when the best plan is within the given gap, the bound still valid', async () => {
    // Prepare: the sample at a $1,000 budget (a few dozen nodes); a root plan that adds nothing
    const predictions = await loadSample();
    const problem = buildProblem(predictions, [...DEFAULT_CATALOG], { ...DEFAULT_POLICY, budget: 1000 });
    const relax = buildRelaxation(problem);
    const options = { limits: relax.limit, timeLimitSeconds: 30, absoluteGap: 1e-9, planAtRoot: () => undefined };

    // Act
    const stopped = searchCounts(highs, relax, everyone(problem), { ...options, rootPlanStopGap: 0.01 });
    const searched = searchCounts(highs, relax, everyone(problem), options);

    // Assess: five nodes in, where the plan was asked; without the gap the search proves the optimum
    expect([stopped.status, stopped.stoppedBy, stopped.nodes]).toEqual(['stopped', 'root-plan', 5]);
    expect(searched.status).toBe('optimal');
    expect(searched.nodes).toBeGreaterThan(5);
    expect(stopped.bound).toBeGreaterThanOrEqual(searched.objective - 1e-6);
    expect(stopped.objective).toBeLessThanOrEqual(searched.objective + 1e-6);
  });
});

describe('the dive from the root', () => {
  it('finds a plan near the LP optimum at once: one node proves the 250-customer week', () => {
    // Prepare
    const problem = buildProblem(generatePredictions(250, 7), DEFAULT_CATALOG, scaledPolicy(250));
    const relax = buildRelaxation(problem);
    const options = { limits: relax.limit, timeLimitSeconds: 30, absoluteGap: 1e-6, maxNodes: 1 };

    // Act
    const counted = searchCounts(highs, relax, everyone(problem), options);
    const whole = solveMip(highs, problem, { timeLimitSeconds: 30 });

    // Assess
    expect(counted.status).toBe('optimal');
    expect(counted.nodes).toBe(1);
    expectClose(counted.objective, whole.objective, { relative: 1e-6 }, 'objective against the whole-model MIP');
  });
});

describe('the count search at its limits', () => {
  // A week whose root node and its dive to whole counts leave a gap (seed 7's dive proves it).
  const problem = buildProblem(generatePredictions(250, 9), DEFAULT_CATALOG, scaledPolicy(250));
  const relax = buildRelaxation(problem);
  let optimum: ReturnType<typeof solveMip>;
  beforeAll(() => {
    optimum = solveMip(highs, problem, { timeLimitSeconds: 30 });
  });

  it('stops after maxNodes with a valid bound, and the core solve then lets HiGHS finish the proof', () => {
    // Prepare
    const options = { limits: relax.limit, timeLimitSeconds: 30, absoluteGap: 1e-6 };

    // Act
    const stopped = searchCounts(highs, relax, everyone(problem), { ...options, maxNodes: 1 });
    const finished = solveCoreExactly(highs, relax, everyone(problem), { ...options, maxNodes: 1 });

    // Assess
    expect(stopped.stoppedBy).toBe('nodes');
    expect(stopped.status).not.toBe('optimal');
    expect(stopped.bound).toBeGreaterThanOrEqual(optimum.objective - 1e-6);
    expect(finished.status).toBe('optimal');
    expectClose(finished.objective, optimum.objective, { relative: 1e-6 }, 'objective against the whole-model MIP');
  });

  it('leaves the proof to HiGHS alone when told a count search over these types already ran out of nodes', () => {
    // Prepare: a dozen nodes of the count search prove this week
    const options = { limits: relax.limit, timeLimitSeconds: 30, absoluteGap: 1e-6 };

    // Act
    const searched = solveCoreExactly(highs, relax, everyone(problem), options);
    const mipOnly = solveCoreExactly(highs, relax, everyone(problem), { ...options, mipOnly: true });

    // Assess: the count search's answer (with its nodes) is the first one only
    expect(searched).toMatchObject({ status: 'optimal', nodes: expect.any(Number) });
    expect('nodes' in mipOnly).toBe(false);
    expect(mipOnly.status).toBe('optimal');
    expectClose(mipOnly.objective, optimum.objective, { relative: 1e-6 }, 'objective against the whole-model MIP');
  });

  it("stops after the root's dive when its plan and the root's bound pass the caller's test, the bound still valid", () => {
    // Prepare: a test any plan within 1 % of its bound passes (a marginal value's check asks such)
    const options = { limits: relax.limit, timeLimitSeconds: 30, absoluteGap: 1e-6 };
    const asked: [number, number][] = [];
    const settled = (objective: number, bound: number) => {
      asked.push([objective, bound]);
      return bound - objective <= 0.01 * Math.abs(bound);
    };

    // Act
    const stopped = searchCounts(highs, relax, everyone(problem), { ...options, settled });
    const searched = searchCounts(highs, relax, everyone(problem), options);

    // Assess: one node, no strong branching; the bound is the root LP's, not the plan's
    expect(stopped.stoppedBy).toBe('settled');
    expect(stopped.status).toBe('stopped');
    expect(stopped.nodes).toBe(1);
    expect(asked).toHaveLength(1);
    expect(stopped.bound).toBeGreaterThan(optimum.objective + 1e-6);
    expect(stopped.bound).toBe(asked[0][1]);
    expect(stopped.objective).toBeLessThanOrEqual(optimum.objective + 1e-6);
    expect(searched.status).toBe('optimal');
    expect(searched.nodes).toBeGreaterThan(1);
  });

  it("hands the caller's test on from the whole week's solve by counts, which answers feasible with the root's bound", () => {
    // Prepare
    const settled = (objective: number, bound: number) => bound - objective <= 0.01 * Math.abs(bound);

    // Act
    const solved = solveByCounts(highs, problem, { timeLimitSeconds: 30, settled });

    // Assess
    expect(solved.status).toBe('feasible');
    expect(settled(solved.objective, solved.bound)).toBe(true);
    expect(solved.bound).toBeGreaterThan(optimum.objective + 1e-6);
  });

  it('says that a search stopped by its node limit without a plan proved nothing impossible', () => {
    // Prepare
    const options = { limits: relax.limit, timeLimitSeconds: 30, absoluteGap: 1e-6 };

    // Act
    const stopped = searchCounts(highs, relax, everyone(problem), { ...options, maxNodes: 0 });

    // Assess
    expect(stopped.status).toBe('failed');
    expect(stopped.choice).toBeUndefined();
    expect(stopped.message).toBe(
      'the search for a plan stopped after 0 nodes without finding one that meets every rule; it did not prove that none exists',
    );
  });

  it('stops at its deadline with the best plan it has, and says so', () => {
    // Prepare: a clock that jumps past the deadline once the first node is solved
    let ticks = 0;
    const now = () => (ticks++ < 3 ? 0 : 1e9);

    // Act
    const stopped = searchCounts(highs, relax, everyone(problem), {
      limits: relax.limit,
      timeLimitSeconds: 1,
      absoluteGap: 1e-6,
      now,
    });

    // Assess
    expect(stopped.stoppedBy).toBe('time');
    expect(stopped.nodes).toBeGreaterThanOrEqual(1);
    expect(stopped.bound).toBeGreaterThanOrEqual(stopped.objective);
  });

  it('keeps a feasible start plan when nothing beats it, and proves it optimal', () => {
    // Act
    const counted = solveByCounts(highs, problem, { timeLimitSeconds: 30, start: optimum.choice });

    // Assess
    expect(counted.status).toBe('optimal');
    expectClose(counted.objective, optimum.objective, { relative: 1e-6 }, 'objective against the whole-model MIP');
  });
});
