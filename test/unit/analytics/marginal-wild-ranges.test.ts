import { describe, expect, it } from 'vitest';
import { computeMarginalValues } from '../../../src/analytics/marginal-values.ts';
import { createLpRelaxation } from '../../../src/analytics/lp-relaxation.ts';
import { getHighs } from '../../../src/solver/highs-runtime.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { buildProblem } from '../../../src/solver/problem.ts';
import { drawWildWeek } from '../../../bench/wild-weeks.ts';

/** The share of `first` the LP's next unit keeps over a range (marginal-values.ts's RANGE_TOLERANCE). */
const RANGE_KEEPS = 0.95;

describe('marginal values on a week of many binding share caps (range re-solves that walk far)', () => {
  it('holds every range to its definition, checked against the simplex LP at both ends', async () => {
    // Prepare: 2,000 customers, 15 actions and ten binding rules, most of them share caps; past
    // the simplex's pair limit, so the ranges come from the Lagrangian's re-solves, whose long
    // walks along a rule's line start the next re-solve at the predicted optimum
    const week = drawWildWeek(79, 2000);
    const outcome = await planWeek({ ...week, timeLimitSeconds: 60 });
    const problem = buildProblem(outcome.predictions, outcome.catalog, outcome.policy);

    // Act
    const report = await computeMarginalValues(outcome, { timeLimitSeconds: 120 });

    // Assess
    expect(report.note).toMatch(/Lagrangian multipliers/);
    expect(report.values.length).toBeGreaterThanOrEqual(8);
    const lp = createLpRelaxation(await getHighs(), problem);
    try {
      const base = await lp.solve();
      for (const m of report.values) {
        const r = problem.rows.findIndex((row) => row.name === m.constraint);
        const units = m.valid_to - m.valid_from;
        lp.setLimit(r, m.direction === 'raise' ? m.valid_to : m.valid_from);
        const far = await lp.solve();
        lp.setLimit(r, problem.rows[r].limit);
        const slack = (1e-6 * Math.max(1, Math.abs(base.objective))) / units;
        expect(m.source, m.constraint).not.toBe('lp_unchecked');
        expect(units, m.constraint).toBeGreaterThan(0);
        expect((far.objective - base.objective) / units, m.constraint).toBeGreaterThanOrEqual(
          RANGE_KEEPS * m.lp_per_unit - slack,
        );
      }
    } finally {
      lp.dispose();
    }
  });
});
