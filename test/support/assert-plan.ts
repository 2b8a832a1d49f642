import { expect } from 'vitest';
import type { PlanOutcome } from '../../src/domain/plan.ts';
import type { PlanCore } from '../../src/solver/plan-week.ts';
import { checkPlan } from './check-plan.ts';

/** A plan with its KPIs (a whole plan, or a sweep level): the rule report is checked when it has one. */
type Checked = PlanCore & Partial<Pick<PlanOutcome, 'constraints'>>;

/** Every plan any test produces goes through this: every rule holds and every KPI matches. */
export function expectValidPlan(outcome: Checked, options: { resting?: ReadonlySet<number> } = {}): void {
  expect(outcome.assignment, 'a plan').toBeDefined();
  const assignment = outcome.assignment!;
  const assigned = new Map<number, number>();
  assignment.choice.forEach((k, i) => {
    if (k >= 0) assigned.set(i, assignment.actions[k].id);
  });
  const checked = checkPlan(outcome.predictions, outcome.catalog, outcome.policy, assigned, options.resting);
  expect(checked.violations).toEqual([]);
  const tol = (x: number) => 1e-6 * Math.max(1, Math.abs(x));
  expect(outcome.kpis.customers_treated).toBe(checked.kpis.treated);
  expect(Math.abs(outcome.kpis.total_spend - checked.kpis.spend)).toBeLessThanOrEqual(tol(checked.kpis.spend));
  expect(Math.abs(outcome.kpis.expected_retained_clv - checked.kpis.retained)).toBeLessThanOrEqual(
    tol(checked.kpis.retained),
  );
  expect(Math.abs(outcome.kpis.net_value - checked.kpis.net)).toBeLessThanOrEqual(tol(checked.kpis.net));
  expect(Math.abs(outcome.kpis.expected_churn_reduction - checked.kpis.churnReduction)).toBeLessThanOrEqual(
    tol(checked.kpis.churnReduction),
  );
  expect(Math.abs(outcome.kpis.roi_pct - checked.kpis.roi)).toBeLessThanOrEqual(tol(checked.kpis.roi));
  expect(Math.abs(outcome.solver.objective - checked.objective)).toBeLessThanOrEqual(tol(checked.objective));
  for (const c of outcome.constraints ?? []) {
    const holds = c.sense === '<=' ? c.used <= c.limit + 1e-6 * Math.max(1, c.limit) : c.used >= c.limit - 1e-6;
    expect(holds, `${c.name} reported as used ${c.used} against ${c.limit}`).toBe(true);
  }
}
