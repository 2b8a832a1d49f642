import { describe, expect, it } from 'vitest';
import { selectHoldout } from '../../../src/solver/holdout.ts';
import { joinOutcomes } from '../../../src/learning/measure.ts';
import type { OutcomeRecord } from '../../../src/learning/outcomes.ts';
import type { PlanRow } from '../../../src/learning/plan-files.ts';
import {
  differenceInterval,
  measureUplift,
  relativeReductionInterval,
  wilsonInterval,
  type JoinedOutcome,
} from '../../../src/learning/uplift.ts';
import { rng } from '../../support/random-instance.ts';
import { CustomerIds } from '../../../src/domain/customer-ids.ts';

describe('interval formulas', () => {
  it('matches published Wilson and Newcombe (method 10) values', () => {
    // Newcombe (1998), Statistics in Medicine 17:873-890, example (a): 56/70 - 48/80.
    const d = differenceInterval(56, 70, 48, 80);
    expect(d.estimate).toBeCloseTo(0.2, 10);
    expect(d.low).toBeCloseTo(0.0524, 4);
    expect(d.high).toBeCloseTo(0.3339, 4);
    // Wilson for 0/10 has upper limit 0.2775 (z = 1.96).
    const w = wilsonInterval(0, 10);
    expect(w.low).toBe(0);
    expect(w.high).toBeCloseTo(0.2775, 4);
  });

  it('gives a relative uplift interval that contains its estimate, also with zero counts', () => {
    const r = relativeReductionInterval(30, 1000, 60, 1000)!;
    expect(r.estimate).toBeCloseTo(0.5, 10);
    expect(r.low).toBeLessThan(0.5);
    expect(r.high).toBeGreaterThan(0.5);
    const zero = relativeReductionInterval(0, 300, 12, 300)!;
    expect(zero.estimate).toBe(1);
    expect(zero.low).toBeLessThan(1);
    expect(zero.high).toBe(1);
    expect(relativeReductionInterval(5, 100, 0, 100)).toBeUndefined();
  });
});

/**
 * One simulated plan: customers with churn probabilities p, one action with true relative
 * uplift u, a 20% holdout drawn by the product's own selectHoldout, and churn drawn as
 * Bernoulli(p) for the holdout and Bernoulli(p (1 - u)) for the treatment.
 */
function simulate(seed: number, customers: number, u: number): { rows: JoinedOutcome[]; trueReduction: number } {
  const random = rng(seed);
  const ids = Array.from({ length: customers }, (_, i) => `S${seed}-${i}`);
  const p = ids.map(() => 0.1 + 0.5 * random());
  const segmentOf = Uint16Array.from(ids, () => Math.floor(random() * 3));
  const choice = new Int16Array(customers);
  const holdout = selectHoldout({ ids: CustomerIds.from(ids), segmentOf, choice, share: 0.2, seed: `sim-${seed}` });
  const rows = ids.map((_, i) => {
    const group = holdout[i] ? ('holdout' as const) : ('treatment' as const);
    const risk = group === 'holdout' ? p[i] : p[i] * (1 - u);
    return { plan_id: `plan-${seed}`, action_id: 1, group, churned: random() < risk };
  });
  const trueReduction = (u * p.reduce((sum, x) => sum + x, 0)) / customers;
  return { rows, trueReduction };
}

describe('measureUplift', () => {
  it('covers the true effect in at least 90 of 100 seeded simulations (reduction and relative uplift)', () => {
    // Prepare
    const u = 0.25;
    let reductionHits = 0;
    let relativeHits = 0;
    // Act
    for (let seed = 1; seed <= 100; seed++) {
      const { rows, trueReduction } = simulate(seed, 2500, u);
      const [m] = measureUplift(rows);
      if (m.reduction!.low <= trueReduction && trueReduction <= m.reduction!.high) reductionHits++;
      if (m.relative!.low <= u && u <= m.relative!.high) relativeHits++;
    }
    // Assess
    expect(reductionHits).toBeGreaterThanOrEqual(90);
    expect(relativeHits).toBeGreaterThanOrEqual(90);
  });

  it('lands close to the truth on a large sample and counts both arms', () => {
    // Prepare
    const { rows } = simulate(2026, 200_000, 0.15);
    // Act
    const [m] = measureUplift(rows);
    // Assess
    expect(m.treatment.customers + m.holdout.customers).toBe(200_000);
    expect(m.holdout.customers).toBe(40_000);
    expect(m.plans).toBe(1);
    expect(Math.abs(m.relative!.estimate - 0.15)).toBeLessThan(0.03);
    expect(m.relative!.low).toBeLessThanOrEqual(0.15);
    expect(m.relative!.high).toBeGreaterThanOrEqual(0.15);
    expect(m.reduction!.high - m.reduction!.low).toBeLessThan(0.02);
  });

  it('reports an action with only treated customers without intervals', () => {
    const [m] = measureUplift([{ plan_id: 'p', action_id: 3, group: 'treatment', churned: true }]);
    expect(m.treatment).toEqual({ customers: 1, churned: 1, churn_rate: 1 });
    expect(m.holdout.customers).toBe(0);
    expect(m.reduction).toBeUndefined();
    expect(m.relative).toBeUndefined();
  });
});

describe('joinOutcomes', () => {
  it('uses the first outcome observed at least 30 days after the plan was sent, and counts the rest as unobserved', () => {
    // Prepare
    const rows: PlanRow[] = [
      { customer_id: 'a', action_id: 1, group: 'treatment', segment: 'Free' },
      { customer_id: 'b', action_id: 1, group: 'holdout', segment: 'Free' },
      { customer_id: 'c', action_id: 2, group: 'treatment', segment: 'Free' },
    ];
    const outcomes: OutcomeRecord[] = [
      { customer_id: 'a', churned: true, observed_at: '2026-01-20' },
      { customer_id: 'a', churned: false, observed_at: '2026-02-01' },
      { customer_id: 'b', churned: true, observed_at: '2026-02-05' },
      { customer_id: 'c', churned: true, observed_at: '2026-01-30' },
    ];
    // Act
    const joined = joinOutcomes([{ plan_id: 'p1', sent: '2026-01-01', rows }], outcomes);
    // Assess: 2026-01-31 is the first day that counts
    expect(joined.rows).toEqual([
      { plan_id: 'p1', action_id: 1, group: 'treatment', churned: false },
      { plan_id: 'p1', action_id: 1, group: 'holdout', churned: true },
    ]);
    expect(joined.unobserved).toBe(1);
  });
});
