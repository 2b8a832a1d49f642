import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { parsePolicyWords } from '../../../src/domain/policy-words.ts';
import { explainInfeasibility } from '../../../src/solver/infeasibility.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { buildProblem } from '../../../src/solver/problem.ts';
import { solveDecomposition } from '../../../src/solver/decomposition/index.ts';
import { DECOMPOSITION_MIN_PAIRS, registerStructuredSolver, type StructuredSolver } from '../../../src/solver/solve.ts';
import { loadSample } from '../../support/sample.ts';
import { expectValidPlan } from '../../support/assert-plan.ts';

describe('an infeasible policy', () => {
  it('names the budget and the least budget that would do, and that budget works', async () => {
    // Prepare
    const predictions = await loadSample();
    const policy = parsePolicyWords(['min_high_risk=90%', 'budget=20']);

    // Act
    const outcome = await planWeek({ predictions, catalog: [...DEFAULT_CATALOG], policy });

    // Assess
    expect(outcome.status).toBe('infeasible');
    expect(outcome.assignment).toBeUndefined();
    const least = outcome.infeasibility?.least_budget;
    expect(least).toBeGreaterThan(20);
    expect(outcome.infeasibility?.conflicting_rules).toContain('budget');
    expect(outcome.infeasibility?.reasons.join(' ')).toMatch(
      /min_high_risk=90%.*needs at least \$[\d,.]+; the budget is \$20/,
    );

    const atLeast = await planWeek({
      predictions,
      catalog: [...DEFAULT_CATALOG],
      policy: { ...policy, budget: least! },
    });
    expect(atLeast.status).toBe('optimal');
    expectValidPlan(atLeast);
    const justBelow = await planWeek({
      predictions,
      catalog: [...DEFAULT_CATALOG],
      policy: { ...policy, budget: least! - 0.01 },
    });
    expect(justBelow.status).toBe('infeasible');
  });

  it('names the rule to drop when no budget is enough', async () => {
    // Prepare: 90% of every segment (227 customers) through email and push only, email capped at
    // 10 and every action at 125 customers: only lifting the email cap lets the rest hold
    const predictions = await loadSample();
    const catalog = DEFAULT_CATALOG.filter(
      (a) => a.channel === 'email' || a.channel === 'push' || a.channel === 'none',
    );
    const policy = parsePolicyWords(['min_segment_coverage=90%', 'email_cap=10', 'push_cap=10', 'budget=10k']);

    // Act
    const outcome = await planWeek({ predictions, catalog: [...catalog], policy });

    // Assess
    expect(outcome.status).toBe('infeasible');
    expect(outcome.infeasibility?.least_budget).toBeUndefined();
    expect(outcome.infeasibility?.conflicting_rules).toEqual(['email_cap']);
    expect(
      outcome.infeasibility?.reasons.some((r) => r.startsWith('without email_cap=10 the other rules can hold')),
    ).toBe(true);
  });

  // Regression: at 75,000 customers the explanation gave each of its seven solves the whole
  // time limit, and a 1 s limit took over 7 s.
  it('shares one time limit among its solves and says which rules it had no time to try', async () => {
    // Prepare: every solve is infeasible and reports 0.45 s
    const predictions = await loadSample();
    const policy = parsePolicyWords(['min_premium=100%', 'max_action_share=1%']);
    const problem = buildProblem(predictions, [...DEFAULT_CATALOG], policy);
    const limits: number[] = [];
    const slow = async (_: unknown, options: { timeLimitSeconds?: number }) => {
      limits.push(options.timeLimitSeconds ?? Infinity);
      return { status: 'infeasible', objective: 0, seconds: 0.45 };
    };

    // Act
    const why = await explainInfeasibility(problem, policy, { timeLimitSeconds: 1 }, slow);

    // Assess
    expect(limits.length).toBe(3);
    expect(limits.reduce((sum, limit) => sum + limit, 0)).toBeLessThanOrEqual(1 + 1e-9);
    expect(why.reasons.join(' ')).toMatch(
      /the time limit ran out after trying 2 of 6 rules; not tried: .*max_action_share/,
    );
    expect(why.reasons.join(' ')).not.toMatch(/no single rule/);
  });

  it('explains within what the solve left of the time limit (issue 21: it got the whole limit again)', async () => {
    // Prepare: a solver whose first solve reports 9.9 s of a 10 s limit; every solve is infeasible
    const predictions = await loadSample();
    const policy = parsePolicyWords(['min_premium=100%', 'max_action_share=1%']);
    const limits: number[] = [];
    const slowInfeasible: StructuredSolver = (_highs, problem, options) => {
      limits.push(options.timeLimitSeconds);
      return {
        status: 'infeasible',
        choice: undefined,
        objective: 0,
        bound: -Infinity,
        gap: 0,
        seconds: limits.length === 1 ? 9.9 : 0.2,
        method: 'slow',
      };
    };
    registerStructuredSolver(slowInfeasible, 0);

    // Act
    const outcome = await planWeek({
      predictions,
      catalog: [...DEFAULT_CATALOG],
      policy,
      timeLimitSeconds: 10,
    }).finally(() => registerStructuredSolver(solveDecomposition, DECOMPOSITION_MIN_PAIRS));

    // Assess
    expect(outcome.status).toBe('infeasible');
    expect(limits[0]).toBe(10);
    expect(limits.slice(1).reduce((sum, limit) => sum + limit, 0)).toBeLessThanOrEqual(0.1 + 1e-9);
    expect(outcome.infeasibility?.reasons.join(' ')).toMatch(/the time limit ran out after trying 0 of 6 rules/);
  });
});
