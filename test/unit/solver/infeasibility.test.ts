import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { parsePolicyWords } from '../../../src/domain/policy.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
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
    expect(outcome.infeasibility?.reasons.join(' ')).toMatch(/min_high_risk=90%.*needs at least \$[\d,.]+; the budget is \$20/);

    const atLeast = await planWeek({ predictions, catalog: [...DEFAULT_CATALOG], policy: { ...policy, budget: least! } });
    expect(atLeast.status).toBe('optimal');
    expectValidPlan(atLeast);
    const justBelow = await planWeek({ predictions, catalog: [...DEFAULT_CATALOG], policy: { ...policy, budget: least! - 0.01 } });
    expect(justBelow.status).toBe('infeasible');
  });

  it('names the rule to drop when no budget is enough', async () => {
    // Prepare: 90% of every segment (227 customers) through email and push only, email capped at
    // 10 and every action at 125 customers: only lifting the email cap lets the rest hold
    const predictions = await loadSample();
    const catalog = DEFAULT_CATALOG.filter((a) => a.channel === 'email' || a.channel === 'push' || a.channel === 'none');
    const policy = parsePolicyWords(['min_segment_coverage=90%', 'email_cap=10', 'push_cap=10', 'budget=10k']);

    // Act
    const outcome = await planWeek({ predictions, catalog: [...catalog], policy });

    // Assess
    expect(outcome.status).toBe('infeasible');
    expect(outcome.infeasibility?.least_budget).toBeUndefined();
    expect(outcome.infeasibility?.conflicting_rules).toEqual(['email_cap']);
    expect(outcome.infeasibility?.reasons.some((r) => r.startsWith('without email_cap=10 the other rules can hold'))).toBe(true);
  });
});
