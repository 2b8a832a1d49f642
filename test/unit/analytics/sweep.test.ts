import { describe, expect, it } from 'vitest';
import { carryDual, runSweep } from '../../../src/analytics/sweep.ts';
import type { DualMemory } from '../../../src/solver/decomposition/index.ts';
import { parseSweepSpec } from '../../../src/analytics/sweep-spec.ts';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../../../src/domain/policy.ts';
import { isPlannerError } from '../../../src/domain/errors.ts';
import { expectValidPlan } from '../../support/assert-plan.ts';
import { randomInstance } from '../../support/random-instance.ts';
import { drawWeek } from '../../../bench/families.ts';
import { buildProblem } from '../../../src/solver/problem.ts';
import { solveProblem } from '../../../src/solver/solve.ts';
import { expectClose } from '../../support/expect-close.ts';
import { loadSample } from '../../support/sample.ts';

/** Net value may only rise with the budget; a 1e-6 relative slack covers the solver's proven gap. */
function expectNonDecreasing(values: number[]): void {
  for (let j = 1; j < values.length; j++)
    expect(values[j], `level ${j}`).toBeGreaterThanOrEqual(values[j - 1] - 1e-6 * Math.max(1, Math.abs(values[j - 1])));
}

describe('parseSweepSpec', () => {
  it('spaces 12 levels evenly by default, whole dollars in between', () => {
    const spec = parseSweepSpec('budget=150..1000');
    expect(spec.values).toHaveLength(12);
    expect(spec.values[0]).toBe(150);
    expect(spec.values[11]).toBe(1000);
    expect(spec.values[1]).toBe(227);
    expect(spec.spacing).toBe('linear');
  });

  it("offers constant-ratio spacing like the reference analysis, and accepts the key's own notation", () => {
    const log = parseSweepSpec('budget=$150..$1k:12:log');
    expect(log.values.slice(0, 4)).toEqual([150, 178, 212, 252]);
    expect(log.values[11]).toBe(1000);
    expect(parseSweepSpec('min_high_risk=40%..80%:5').values).toEqual([0.4, 0.5, 0.6, 0.7, 0.8]);
    expect(parseSweepSpec('email_cap=10..13:12').values).toEqual([10, 11, 12, 13]);
  });

  it.each([
    ['budget=150', /is not a sweep/],
    ['budgets=1..2', /unknown key "budgets"/],
    ['objective=1..2', /not a number/],
    ['budget=150..1000:1', /2 to 40 levels/],
    ['budget=150..150', /FROM and TO to differ/],
    ['budget=0..100:3:log', /log spacing needs FROM > 0/],
    ['min_high_risk=10%..120%', /min_high_risk must be/],
  ])('refuses %s with a message that says what is accepted', (text, message) => {
    try {
      parseSweepSpec(text);
      expect.unreachable();
    } catch (error) {
      expect(isPlannerError(error) && error.code).toBe('BAD_POLICY');
      expect((error as Error).message).toMatch(message);
    }
  });
});

describe('runSweep', () => {
  it('never loses net value as the budget grows on the sample, and every level is a valid plan', async () => {
    // Prepare
    const predictions = await loadSample();

    // Act
    const sweep = await runSweep({
      predictions,
      catalog: [...DEFAULT_CATALOG],
      policy: { ...DEFAULT_POLICY },
      spec: parseSweepSpec('budget=150..600:5'),
    });

    // Assess
    expect(sweep.points.map((p) => p.value)).toEqual([150, 263, 375, 488, 600]);
    for (const p of sweep.points) {
      expect(p.status).toBe('optimal');
      expectValidPlan(p.outcome);
      expect(p.kpis!.total_spend).toBeLessThanOrEqual(p.value + 1e-9);
    }
    expectNonDecreasing(sweep.points.map((p) => p.kpis!.net_value));
    expect(sweep.points[1].marginal_net_value).toBeCloseTo(
      (sweep.points[1].kpis!.net_value - sweep.points[0].kpis!.net_value) / (sweep.points[1].value - 150),
      9,
    );
  }, 180_000);

  it('sweeps a floor from the loose end so that each plan starts the next, and net value falls as the floor rises', async () => {
    // Prepare
    const predictions = await loadSample();

    // Act
    const sweep = await runSweep({
      predictions,
      catalog: [...DEFAULT_CATALOG],
      policy: { ...DEFAULT_POLICY, budget: 250 },
      spec: parseSweepSpec('min_high_risk=60%..90%:4'),
    });

    // Assess
    const withPlan = sweep.points.filter((p) => p.kpis);
    expect(withPlan.length).toBeGreaterThan(0);
    for (const p of withPlan) expectValidPlan(p.outcome);
    expectNonDecreasing(withPlan.map((p) => -p.kpis!.net_value));
    const firstInfeasible = sweep.points.findIndex((p) => p.status === 'infeasible');
    if (firstInfeasible >= 0)
      expect(sweep.points.slice(firstInfeasible).every((p) => p.status === 'infeasible')).toBe(true);
  }, 180_000);

  it('never loses net value as the budget grows on random instances; once feasible, stays feasible', async () => {
    let checked = 0;
    for (let seed = 1; seed <= 12; seed++) {
      // Prepare
      const instance = randomInstance(seed, 14, 4);
      const policy = { ...instance.policy, objective: 'net_value' as const };

      // Act
      const sweep = await runSweep({
        predictions: instance.predictions,
        catalog: instance.catalog,
        policy,
        spec: parseSweepSpec('budget=0..60:5'),
      });

      // Assess
      const statuses = sweep.points.map((p) => p.status);
      const first = statuses.findIndex((s) => s !== 'infeasible');
      if (first < 0) continue;
      expect(
        statuses.slice(first).every((s) => s === 'optimal'),
        `seed ${seed}: ${statuses.join(',')}`,
      ).toBe(true);
      for (const p of sweep.points.slice(first)) expectValidPlan(p.outcome);
      expectNonDecreasing(sweep.points.slice(first).map((p) => p.kpis!.net_value));
      checked++;
    }
    expect(checked, 'random instances with a feasible level').toBeGreaterThanOrEqual(4);
  }, 300_000);

  it('proves every level of a week of few types, each plan checked and as good as a fresh solve', async () => {
    // Prepare: 15,000 customers of about a hundred types; the levels re-use one count model
    const week = await drawWeek('ties', 15_000, 5);

    // Act
    const sweep = await runSweep({
      ...week,
      spec: parseSweepSpec(`budget=${week.policy.budget}..${4 * week.policy.budget}:5`),
    });

    // Assess
    for (const p of sweep.points) {
      expect(p.status).toBe('optimal');
      expectValidPlan(p.outcome);
      const fresh = await solveProblem(
        buildProblem(week.predictions, week.catalog, { ...week.policy, budget: p.value }),
      );
      expectClose(
        p.outcome.solver.objective,
        fresh.objective,
        { relative: 1e-6 },
        `level ${p.value} against a fresh solve`,
      );
    }
  }, 180_000);
});

describe('carryDual', () => {
  /** A memory with `cuts` evaluated points; the other fields do not decide what is carried. */
  const memory = (cuts: number) => ({ points: Array.from({ length: cuts }, () => ({})) }) as unknown as DualMemory;

  it("keeps the last level's cuts and screen when the count search proved a level without the dual", () => {
    // Prepare: a level solved by the dual, then a level the count search proved (no points)
    const solvedByDual = memory(12);
    const provenByCounts = memory(0);

    // Act
    const carried = carryDual(solvedByDual, provenByCounts);

    // Assess: an empty memory made a ties sweep's next dual level build its screen and cuts anew
    expect(carried).toBe(solvedByDual);
  });

  it("takes each level's own dual when it has cuts, and an empty one when there is nothing better", () => {
    // Prepare
    const older = memory(12);
    const newer = memory(5);
    const empty = memory(0);

    // Act and Assess
    expect(carryDual(older, newer)).toBe(newer);
    expect(carryDual(undefined, empty)).toBe(empty);
    expect(carryDual(memory(0), empty)).toBe(empty);
    expect(carryDual(older, undefined)).toBe(older);
  });
});
