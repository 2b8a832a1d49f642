import { describe, expect, it } from 'vitest';
import { generatePredictions, scaledPolicy } from '../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { rowHolds, rowUsage } from '../../../src/solver/kpis.ts';
import { sampleProblem } from '../../../src/solver/decomposition/dual/sample.ts';
import { buildProblem, withPolicyLimits } from '../../../src/solver/problem.ts';
import { compareBaselines } from '../../../src/solver/report.ts';

const customers = 400;
const predictions = generatePredictions(customers, 5);
const policy = scaledPolicy(customers);
const first = buildProblem(predictions, DEFAULT_CATALOG, policy);

describe('a problem moved to other limits', () => {
  it('has the rows a fresh build gives for every limit key, sharing the coefficient arrays', () => {
    const variants = [
      { budget: policy.budget * 2.3 },
      { email_cap: 7, push_cap: 3 },
      { min_high_risk: 0.35 },
      { min_premium: 0.9 },
      { max_action_share: 0.15 },
      { min_segment_coverage: 0.22 },
    ];
    for (const change of variants) {
      // Prepare
      const moved = { ...policy, ...change };

      // Act
      const problem = withPolicyLimits(first, moved);

      // Assess
      const fresh = buildProblem(predictions, DEFAULT_CATALOG, moved);
      expect(problem.rows.map((row) => [row.name, row.sense, row.limit])).toEqual(
        fresh.rows.map((row) => [row.name, row.sense, row.limit]),
      );
      problem.rows.forEach((row, r) => {
        expect(row.actionCoef).toBe(first.rows[r].actionCoef);
        expect(row.members).toBe(first.rows[r].members);
      });
      expect(problem.value).toBe(first.value);
    }
  });

  it('judges the baselines against its own limits, though their plans are worked out once', () => {
    // Prepare
    const tight = withPolicyLimits(first, {
      ...policy,
      budget: 0,
      min_high_risk: 0,
      min_premium: 0,
      min_segment_coverage: 0,
    });
    const loose = withPolicyLimits(first, {
      ...policy,
      budget: 1e9,
      email_cap: customers,
      push_cap: customers,
      max_action_share: 1,
      min_high_risk: 0,
      min_premium: 0,
      min_segment_coverage: 0,
    });

    // Act
    const before = compareBaselines(tight, predictions);
    const after = compareBaselines(loose, predictions);

    // Assess
    const everyone = new Int16Array(customers).fill(-1);
    const emails = first.actions.map((action, k) => ({ action, k })).filter(({ action }) => action.channel === 'email');
    const email = emails.reduce((cheapest, next) => (next.action.cost < cheapest.action.cost ? next : cheapest)).k;
    for (let i = 0; i < customers; i++) if (!Number.isNaN(first.value[i * first.K + email])) everyone[i] = email;
    const meets = (problem: typeof first) =>
      problem.rows.every((row, r) => rowHolds(row, rowUsage(problem, everyone)[r]));
    expect(before.map((b) => b.meets_policy)).toEqual([true, meets(tight)]);
    expect(after.map((b) => b.meets_policy)).toEqual([true, meets(loose)]);
    expect(meets(tight)).toBe(false);
    expect(meets(loose)).toBe(true);
    expect(after.map((b) => b.net_value)).toEqual(before.map((b) => b.net_value));
  });

  it('refuses, naming the row, to move the limits of rows it cannot derive from a policy', () => {
    // Prepare: a sample's rows carry limits scaled to the sample, not a population
    const sample = sampleProblem(first, 4);

    // Act
    const move = () => withPolicyLimits(sample, { ...policy, budget: policy.budget * 2 });

    // Assess
    expect(move).toThrow(/row budget has no limit rule/);
  });
});
