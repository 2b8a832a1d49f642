import { describe, expect, it } from 'vitest';
import { compareScenarios } from '../../../src/analytics/compare.ts';
import { describePlan } from '../../../src/analytics/plan-detail.ts';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import type { PlanOutcome } from '../../../src/domain/plan.ts';
import { parsePolicyWords } from '../../../src/domain/policy-words.ts';
import type { Predictions } from '../../../src/domain/predictions.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { expectValidPlan } from '../../support/assert-plan.ts';
import { loadSample } from '../../support/sample.ts';
import { expectClose } from '../../support/expect-close.ts';

let sample: Predictions | undefined;
async function plan(words: string[]): Promise<PlanOutcome> {
  sample ??= await loadSample();
  return planWeek({ predictions: sample, catalog: [...DEFAULT_CATALOG], policy: parsePolicyWords(words) });
}

describe('compareScenarios', () => {
  it('puts two plans side by side with b - a differences and the moves of the action mix', async () => {
    // Prepare
    const a = await plan(['budget=150']);
    const b = await plan(['budget=250', 'min_high_risk=70%']);
    expectValidPlan(a);
    expectValidPlan(b);

    // Act
    const cmp = compareScenarios(a, b, ['A', 'B']);

    // Assess
    const net = cmp.kpis.find((d) => d.kpi === 'net_value')!;
    expect(net.a).toBeCloseTo(a.kpis.net_value, 9);
    expect(net.b).toBeCloseTo(b.kpis.net_value, 9);
    expect(net.difference).toBeCloseTo(b.kpis.net_value - a.kpis.net_value, 9);
    expect(net.change_pct).toBeCloseTo((100 * (b.kpis.net_value - a.kpis.net_value)) / a.kpis.net_value, 9);
    expect(cmp.a.policy_changes).toEqual(['budget=150', 'min_high_risk=0.6']);
    expect(cmp.b.policy_changes).toEqual(['budget=250', 'min_high_risk=0.7']);
    expect(cmp.action_mix.reduce((sum, m) => sum + m.a, 0)).toBe(a.kpis.customers_treated);
    expect(cmp.action_mix.reduce((sum, m) => sum + m.b, 0)).toBe(b.kpis.customers_treated);
    for (const m of cmp.action_mix) expect(m.difference).toBe(m.b - m.a);
    expect(cmp.segment_coverage.reduce((sum, s) => sum + s.difference, 0)).toBe(
      b.kpis.customers_treated - a.kpis.customers_treated,
    );
    let moved = 0;
    for (let i = 0; i < a.predictions.ids.length; i++) {
      const id = (o: PlanOutcome) =>
        o.assignment!.choice[i] < 0 ? 0 : o.assignment!.actions[o.assignment!.choice[i]].id;
      if (id(a) !== id(b)) moved++;
    }
    expect(cmp.customers_moved).toBe(moved);
    expect(cmp.a.binding_rules).toContain('budget');
  });

  it('compares against a scenario without a plan as nulls, not as zeros', async () => {
    // Prepare
    const a = await plan(['budget=150']);
    const b = await plan(['budget=20', 'min_high_risk=90%']);

    // Act
    const cmp = compareScenarios(a, b);

    // Assess
    expect(b.status).toBe('infeasible');
    expect(cmp.b.kpis).toBeNull();
    expect(cmp.kpis.every((d) => d.b === null && d.difference === null)).toBe(true);
    expect(cmp.customers_moved).toBeNull();
    expect(cmp.action_mix.every((m) => m.b === 0)).toBe(true);
  });
});

describe('describePlan', () => {
  it('lists the ten assignments with the highest net value, best first', async () => {
    // Prepare
    const outcome = await plan([]);
    expectValidPlan(outcome);
    const { predictions, assignment } = outcome;
    const all: number[] = [];
    assignment!.choice.forEach((k, i) => {
      if (k >= 0)
        all.push(predictions.p[i] * assignment!.actions[k].uplift * predictions.v[i] - assignment!.actions[k].cost);
    });
    all.sort((x, y) => y - x);

    // Act
    const detail = describePlan(outcome);

    // Assess
    expect(detail.top_assignments).toHaveLength(10);
    detail.top_assignments.forEach((t, j) => expect(t.net_value).toBeCloseTo(all[j], 9));
    const first = detail.top_assignments[0];
    const i = predictions.ids.indexOf(first.customer_id);
    expect(assignment!.actions[assignment!.choice[i]].id).toBe(first.action_id);
  });

  it('counts treated and total customers by risk and CLV tercile, and coverage against each floor', async () => {
    // Prepare
    const outcome = await plan(['budget=250', 'min_high_risk=70%']);

    // Act
    const detail = describePlan(outcome);

    // Assess
    const cells = detail.risk_value.cells;
    expect(cells).toHaveLength(6);
    expect(cells.reduce((sum, c) => sum + c.total, 0)).toBe(250);
    expect(cells.reduce((sum, c) => sum + c.treated, 0)).toBe(outcome.kpis.customers_treated);
    const high = outcome.predictions.p.filter((p) => p > outcome.policy.high_risk_threshold).length;
    expect(cells.filter((c) => c.risk === 'high_risk').reduce((sum, c) => sum + c.total, 0)).toBe(high);
    const treatedHigh = cells.filter((c) => c.risk === 'high_risk').reduce((sum, c) => sum + c.treated, 0);
    expect(treatedHigh).toBeGreaterThanOrEqual(Math.ceil(0.7 * high - 1e-9));
    const [low, mid] = detail.risk_value.clv_cuts;
    const terciles = ['low', 'mid', 'high'].map((t) =>
      cells.filter((c) => c.clv_tercile === t).reduce((sum, c) => sum + c.total, 0),
    );
    for (const count of terciles) expectClose(count, 250 / 3, { absolute: 2 }, 'customers in a CLV tercile');
    expect(low).toBeLessThan(mid);
    for (const row of detail.segment_coverage) expect(row.meets_floor).toBe(row.treated >= row.floor);
    expect(detail.segment_coverage.every((row) => row.meets_floor)).toBe(true);
  });
});
