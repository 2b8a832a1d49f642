import { describe, expect, it } from 'vitest';
import { computeMarginalValues } from '../../../src/analytics/marginal-values.ts';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../../../src/domain/policy.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { loadSample } from '../../support/sample.ts';
import { drawWeek } from '../../../bench/families.ts';

const planSample = async () =>
  planWeek({ predictions: await loadSample(), catalog: [...DEFAULT_CATALOG], policy: DEFAULT_POLICY });

describe('which LP the marginal values are read from', () => {
  it('reads a week of 800 customers from the multipliers and the sample from the simplex', async () => {
    // Prepare: 5,600 customer-action pairs against the sample's 1,750
    const week = await drawWeek('reference', 800, 3);
    const [outcome, sample] = [await planWeek(week), await planSample()];

    // Act
    const [report, sampleReport] = [
      await computeMarginalValues(outcome, { timeLimitSeconds: 30 }),
      await computeMarginalValues(sample, { timeLimitSeconds: 30 }),
    ];

    // Assess
    expect(report.note).toMatch(/Lagrangian multipliers/);
    expect(report.values.length).toBeGreaterThan(0);
    expect(report.values.every((m) => m.source !== 'lp_unchecked')).toBe(true);
    expect(sampleReport.note ?? '').not.toMatch(/Lagrangian multipliers/);
  });
});
