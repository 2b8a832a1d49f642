import { describe, expect, it } from 'vitest';
import { computeMarginalValues } from '../../../src/analytics/marginal-values.ts';
import { describePlan } from '../../../src/analytics/plan-detail.ts';
import { marginalValueSentence } from '../../../src/analytics/report-lines.ts';
import { runSweep } from '../../../src/analytics/sweep.ts';
import { parseSweepSpec } from '../../../src/analytics/sweep-spec.ts';
import { formatSummary } from '../../../src/cli/summary.ts';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { type ObjectiveMode } from '../../../src/domain/policy.ts';
import { parsePolicyWords } from '../../../src/domain/policy-words.ts';
import { toJsonResult } from '../../../src/io/json-result.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { expectValidPlan } from '../../support/assert-plan.ts';
import { loadSample } from '../../support/sample.ts';

const MODES: [
  ObjectiveMode,
  RegExp,
  (k: { net_value: number; expected_retained_clv: number; expected_churn_reduction: number }) => number,
][] = [
  ['net_value', /of net value/, (k) => k.net_value],
  ['retained_clv', /of retained CLV/, (k) => k.expected_retained_clv],
  ['churn_reduction', /customers of churn reduction/, (k) => k.expected_churn_reduction],
];

describe.each(MODES)('objective=%s', (mode, unitText, objectiveOf) => {
  it('keeps every rule, reports the objective in its own units, and quotes marginal values in them', async () => {
    // Prepare
    const predictions = await loadSample();
    const outcome = await planWeek({
      predictions,
      catalog: [...DEFAULT_CATALOG],
      policy: parsePolicyWords(['budget=250', `objective=${mode}`]),
    });

    // Act
    outcome.marginal_values = await computeMarginalValues(outcome);
    const summary = formatSummary(outcome, 'out/plan.csv');
    const json = toJsonResult(outcome, 'out/plan.csv') as {
      marginal_values: { objective: string }[];
      detail: { top_assignments: { net_value: number }[] };
    };

    // Assess
    expect(outcome.status).toBe('optimal');
    expectValidPlan(outcome);
    expect(outcome.solver.objective).toBeCloseTo(objectiveOf(outcome.kpis), 6);
    const budget = outcome.marginal_values.values.find((m) => m.constraint === 'budget');
    expect(budget, 'the budget binds in every mode at $250').toBeDefined();
    expect(budget!.objective).toBe(mode);
    expect(marginalValueSentence(budget!)).toMatch(unitText);
    expect(summary).toContain('What relaxing a rule is worth');
    expect(summary).toMatch(unitText);
    expect(json.marginal_values.every((m) => m.objective === mode)).toBe(true);
    const top = describePlan(outcome).top_assignments;
    expect(json.detail.top_assignments).toHaveLength(10);
    for (let j = 1; j < top.length; j++) expect(top[j].net_value).toBeLessThanOrEqual(top[j - 1].net_value);
  });

  it('never loses objective as the budget grows', async () => {
    // Prepare
    const predictions = await loadSample();

    // Act
    const sweep = await runSweep({
      predictions,
      catalog: [...DEFAULT_CATALOG],
      policy: parsePolicyWords([`objective=${mode}`]),
      spec: parseSweepSpec('budget=150..300:3'),
    });

    // Assess
    const objectives = sweep.points.map((p) => {
      expectValidPlan(p.outcome);
      return objectiveOf(p.kpis!);
    });
    for (let j = 1; j < objectives.length; j++)
      expect(objectives[j]).toBeGreaterThanOrEqual(objectives[j - 1] - 1e-6 * Math.abs(objectives[j - 1]));
  }, 120_000);
});
