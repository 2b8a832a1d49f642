import { describe, expect, it } from 'vitest';
import { computeMarginalValues } from '../../../src/analytics/marginal-values.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { drawWeek } from '../../../bench/families.ts';

describe('computeMarginalValues on the Lagrangian path', () => {
  it("reads a rule's LP value the same alone as after the other rules (it warm-started from their re-solves)", async () => {
    // Prepare: 2,000 customers and 12 actions, 24,000 pairs: past the simplex, warm from the plan's own dual
    const outcome = await planWeek(await drawWeek('many-segments', 2000, 3));
    const together = await computeMarginalValues(outcome, { timeLimitSeconds: 60 });
    expect(together.note).toMatch(/Lagrangian multipliers/);
    expect(together.values.length).toBeGreaterThan(1);

    // Act: each rule alone, the last first
    const alone = [];
    for (const m of [...together.values].reverse()) {
      const report = await computeMarginalValues(outcome, { timeLimitSeconds: 60, rules: [m.constraint] });
      alone.push(report.values.find((v) => v.constraint === m.constraint));
    }

    // Assess
    for (const [i, m] of [...together.values].reverse().entries())
      expect(alone[i]?.lp_per_unit, m.constraint).toBe(m.lp_per_unit);
  });
});
