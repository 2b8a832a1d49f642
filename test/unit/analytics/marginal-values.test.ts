import { describe, expect, it } from 'vitest';
import { computeMarginalValues, MARGINAL_AGREEMENT } from '../../../src/analytics/marginal-values.ts';
import { createLpRelaxation } from '../../../src/analytics/lp-relaxation.ts';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import type { MarginalValue, PlanOutcome } from '../../../src/domain/plan.ts';
import { type Policy } from '../../../src/domain/policy.ts';
import { parsePolicyWords } from '../../../src/domain/policy-words.ts';
import { getHighs } from '../../../src/solver/highs-runtime.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { buildProblem } from '../../../src/solver/problem.ts';
import { solveProblem } from '../../../src/solver/solve.ts';
import { expectValidPlan } from '../../support/assert-plan.ts';
import { loadSample } from '../../support/sample.ts';
import { drawWeek } from '../../../bench/families.ts';

const catalog = [...DEFAULT_CATALOG];

async function planSample(words: string[]): Promise<PlanOutcome> {
  const outcome = await planWeek({ predictions: await loadSample(), catalog, policy: parsePolicyWords(words) });
  expectValidPlan(outcome);
  return outcome;
}

/** The stated tolerance: the reported number is within max(1 cent, 10% of the LP dual) of the re-solved difference. */
function tolerance(m: MarginalValue): number {
  return Math.max(MARGINAL_AGREEMENT.absolute, MARGINAL_AGREEMENT.relative * Math.abs(m.lp_per_unit)) + 1e-9;
}

/** The far end of the range, as a policy (budget and caps move directly; floors as a share that gives that count). */
function relaxedPolicy(outcome: PlanOutcome, m: MarginalValue): Policy {
  const end = m.direction === 'raise' ? m.valid_to : m.valid_from;
  return { ...outcome.policy, [m.rule]: end };
}

describe('computeMarginalValues', () => {
  it('values +$1 of budget on the sample like the finite difference of an independent re-solve at the end of its range', async () => {
    // Prepare
    const outcome = await planSample([]);

    // Act
    const report = await computeMarginalValues(outcome, { timeLimitSeconds: 300 });

    // Assess
    const budget = report.values.find((m) => m.constraint === 'budget');
    expect(budget).toBeDefined();
    expect(budget!.direction).toBe('raise');
    expect(budget!.valid_from).toBe(150);
    expect(budget!.valid_to).toBeGreaterThan(150);
    expect(budget!.per_unit).toBeGreaterThan(0);
    const relaxed = await planWeek({
      predictions: outcome.predictions,
      catalog,
      policy: relaxedPolicy(outcome, budget!),
    });
    expectValidPlan(relaxed);
    const difference = (relaxed.kpis.net_value - outcome.kpis.net_value) / (budget!.valid_to - budget!.valid_from);
    expect(Math.abs(difference - budget!.per_unit)).toBeLessThanOrEqual(tolerance(budget!));
    // The check's plan keeps the far end's rules, so it gains at most the optimum's difference;
    // where it agrees with the LP it may stop short of that optimum, within the stated tolerance.
    const checked = budget!.mip_per_unit as number;
    expect(checked).toBeLessThanOrEqual(difference + 1e-9);
    if (budget!.source === 'mip_difference') expect(checked).toBeCloseTo(difference, 6);
    else expect(Math.abs(checked - budget!.per_unit)).toBeLessThanOrEqual(tolerance(budget!));
  });

  it('values a binding email cap and the budget when the cap is tight, each checked by a re-solve', async () => {
    // Prepare
    const outcome = await planSample(['email_cap=20', 'budget=400']);

    // Act
    const report = await computeMarginalValues(outcome, { timeLimitSeconds: 300 });

    // Assess
    const cap = report.values.find((m) => m.constraint === 'email_cap');
    expect(cap).toBeDefined();
    expect(cap!.unit).toBe('customer');
    expect(Number.isInteger(cap!.valid_to)).toBe(true);
    expect(report.values.every((m) => m.source !== 'lp_unchecked')).toBe(true);
    for (const m of report.values.filter((v) => v.rule === 'budget' || v.rule === 'email_cap')) {
      const relaxed = await planWeek({ predictions: outcome.predictions, catalog, policy: relaxedPolicy(outcome, m) });
      expectValidPlan(relaxed);
      const difference = (relaxed.solver.objective - outcome.solver.objective) / (m.valid_to - m.valid_from);
      expect(Math.abs(difference - m.per_unit), m.constraint).toBeLessThanOrEqual(tolerance(m));
    }
  });

  it('values one customer fewer on a binding coverage floor like the re-solve with that floor lowered', async () => {
    // Prepare
    const outcome = await planSample([]);
    const report = await computeMarginalValues(outcome, { timeLimitSeconds: 300 });
    const floor = report.values.find((m) => m.rule === 'min_segment_coverage');
    expect(floor, 'a binding segment floor on the sample').toBeDefined();

    // Act
    const problem = buildProblem(outcome.predictions, catalog, outcome.policy);
    const rows = problem.rows.map((row) =>
      row.name === floor!.constraint ? { ...row, limit: floor!.valid_from } : row,
    );
    const relaxed = await solveProblem({ ...problem, rows });

    // Assess
    expect(floor!.direction).toBe('lower');
    expect(floor!.valid_to).toBe(problem.rows.find((r) => r.name === floor!.constraint)!.limit);
    const difference = (relaxed.objective - outcome.solver.objective) / (floor!.valid_to - floor!.valid_from);
    expect(Math.abs(difference - floor!.per_unit)).toBeLessThanOrEqual(tolerance(floor!));
  });

  it('gives as LP estimate the LP finite difference of a small step in the relaxing direction', async () => {
    // Prepare
    const outcome = await planSample([]);
    const report = await computeMarginalValues(outcome, { timeLimitSeconds: 300 });
    const problem = buildProblem(outcome.predictions, catalog, outcome.policy);
    const lp = createLpRelaxation(await getHighs(), problem);
    try {
      const base = await lp.solve();
      for (const m of report.values.filter((v) => v.lp_per_unit > 0)) {
        const r = problem.rows.findIndex((row) => row.name === m.constraint);
        const step = 5e-5;

        // Act
        lp.setLimit(r, problem.rows[r].limit + (m.direction === 'raise' ? step : -step));
        const moved = await lp.solve();
        lp.setLimit(r, problem.rows[r].limit);

        // Assess
        expect((moved.objective - base.objective) / step, m.constraint).toBeCloseTo(m.lp_per_unit, 4);
      }
    } finally {
      lp.dispose();
    }
  });

  it('reports in churn-reduction units when that is the objective, still matching the re-solve', async () => {
    // Prepare
    const outcome = await planSample(['objective=churn_reduction']);

    // Act
    const report = await computeMarginalValues(outcome, { timeLimitSeconds: 300 });

    // Assess
    const budget = report.values.find((m) => m.constraint === 'budget')!;
    expect(budget.objective).toBe('churn_reduction');
    expect(budget.per_unit).toBeLessThan(1);
    const relaxed = await planWeek({
      predictions: outcome.predictions,
      catalog,
      policy: relaxedPolicy(outcome, budget),
    });
    expectValidPlan(relaxed);
    const difference = (relaxed.solver.objective - outcome.solver.objective) / (budget.valid_to - budget.valid_from);
    expect(Math.abs(difference - budget.per_unit)).toBeLessThanOrEqual(tolerance(budget));
  });

  it('checks every binding rule of a 20-segment week past the simplex by a re-solve, none left as an LP estimate', async () => {
    // Prepare: 2,000 customers and 12 actions, 24,000 pairs: the Lagrangian path, warm from the plan's own dual
    const week = await drawWeek('many-segments', 2000, 3);
    const outcome = await planWeek(week);

    // Act
    const report = await computeMarginalValues(outcome, { timeLimitSeconds: 30 });

    // Assess
    expect(report.note).toMatch(/Lagrangian multipliers/);
    const binding = outcome.constraints.filter((c) => c.binding && c.limit > 0).map((c) => c.name);
    expect(binding.length).toBeGreaterThan(1);
    expect(report.values.map((m) => m.constraint).sort()).toEqual(expect.arrayContaining(binding.sort()));
    for (const m of report.values) {
      expect(m.source, m.constraint).not.toBe('lp_unchecked');
      expect(m.valid_to).toBeGreaterThan(m.valid_from);
    }
  });

  it('reads the duals from the Lagrangian multipliers above the pair limit: the same rules and values as the LP', async () => {
    // Prepare
    const outcome = await planSample([]);
    const fromLp = await computeMarginalValues(outcome, { timeLimitSeconds: 300 });

    // Act
    const fromMultipliers = await computeMarginalValues(outcome, { maxPairs: 100, timeLimitSeconds: 300 });

    // Assess
    expect(fromMultipliers.note).toMatch(/Lagrangian multipliers/);
    expect(fromMultipliers.values.map((m) => m.constraint).sort()).toEqual(
      fromLp.values.map((m) => m.constraint).sort(),
    );
    for (const m of fromMultipliers.values) {
      const lp = fromLp.values.find((v) => v.constraint === m.constraint)!;
      expect(m.lp_per_unit, m.constraint).toBeCloseTo(lp.lp_per_unit, 4);
      expect(m.source, m.constraint).not.toBe('lp_unchecked');
      expect(Math.abs(m.per_unit - (m.mip_per_unit ?? m.lp_per_unit))).toBeLessThanOrEqual(tolerance(m));
    }
  });

  it('refuses rules by a name the plan does not have, naming them and the rules it has', async () => {
    // Prepare
    const outcome = await planSample([]);

    // Act
    const asked = computeMarginalValues(outcome, { timeLimitSeconds: 30, rules: ['budget', 'budgt'] });

    // Assess
    await expect(asked).rejects.toMatchObject({
      code: 'BAD_POLICY',
      message: expect.stringMatching(/^no rule named budgt in this plan; its rules: budget, /),
    });
  });

  it('returns nothing, with a note, for an outcome without a plan', async () => {
    // Prepare
    const outcome = await planWeek({
      predictions: await loadSample(),
      catalog,
      policy: parsePolicyWords(['min_high_risk=90%', 'budget=20']),
    });

    // Act
    const report = await computeMarginalValues(outcome, { timeLimitSeconds: 300 });

    // Assess
    expect(outcome.status).toBe('infeasible');
    expect(report.values).toEqual([]);
    expect(report.note).toMatch(/no plan/);
  });

  it('stops at its time limit, ranges and rules included, and counts the rules it did not reach (issue 21: 3,000 floors took 107 s of a 10 s limit)', async () => {
    // Prepare: a clock that moves 0.4 s at every reading, against a 2 s allowance
    const outcome = await planSample([]);
    const binding = outcome.constraints.filter((c) => c.binding && c.limit > 0);
    let clock = 0;
    const now = () => (clock += 400);

    // Act
    const report = await computeMarginalValues(outcome, { timeLimitSeconds: 2, now });

    // Assess
    expect(binding.length).toBeGreaterThan(1);
    expect(report.values.map((m) => m.constraint)).toEqual(['budget']);
    expect(report.values[0].source).toBe('lp_unchecked');
    expect(report.note).toContain(`${binding.length - 1} more binding rule`);
    expect(report.note).toMatch(/not examined: the 2 s for marginal values ran out/);
  });
});
