import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../../../src/domain/policy.ts';
import { toJsonResult } from '../../../src/io/json-result.ts';
import { renderPlanCsv } from '../../../src/io/plan-csv.ts';
import { seededHash, selectHoldout } from '../../../src/solver/holdout.ts';
import { SLACK_DEFAULT_HOLDOUT } from '../../../src/domain/policy.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { expectValidPlan } from '../../support/assert-plan.ts';
import { rng } from '../../support/random-instance.ts';
import { loadSample } from '../../support/sample.ts';
import { expectClose } from '../../support/expect-close.ts';
import { CustomerIds } from '../../../src/domain/customer-ids.ts';

/** n customers, `actions` actions, `segments` segments, about `assignedShare` of them assigned. */
function drawChoice(seed: number, n: number, actions: number, segments: number, assignedShare: number) {
  const random = rng(seed);
  const ids = CustomerIds.from(Array.from({ length: n }, (_, i) => `C${seed}-${i}`));
  const segmentOf = Uint16Array.from({ length: n }, () => Math.floor(random() * segments));
  const choice = Int16Array.from({ length: n }, () => (random() < assignedShare ? Math.floor(random() * actions) : -1));
  return { ids, segmentOf, choice };
}

function strata(input: { segmentOf: Uint16Array; choice: Int16Array }, holdout: Uint8Array) {
  const counts = new Map<string, { size: number; held: number }>();
  input.choice.forEach((k, i) => {
    if (k < 0) return;
    const key = `${k}:${input.segmentOf[i]}`;
    const entry = counts.get(key) ?? { size: 0, held: 0 };
    entry.size++;
    entry.held += holdout[i];
    counts.set(key, entry);
  });
  return counts;
}

describe('selectHoldout', () => {
  it('holds out round(share x assigned) customers, only among the assigned, for many shares and sizes', () => {
    for (let seed = 1; seed <= 40; seed++) {
      // Prepare
      const input = drawChoice(seed, 50 + seed * 37, 1 + (seed % 6), 1 + (seed % 4), 0.3 + (seed % 5) / 10);
      const share = [0.05, 0.1, 0.15, 0.2, 0.333, 0.5][seed % 6];
      const assigned = input.choice.filter((k) => k >= 0).length;
      // Act
      const holdout = selectHoldout({ ...input, share, seed: `plan-${seed}` });
      // Assess
      const held = holdout.reduce((sum, x) => sum + x, 0);
      expect(held).toBe(Math.round(share * assigned));
      holdout.forEach((x, i) => {
        if (x) expect(input.choice[i]).toBeGreaterThanOrEqual(0);
      });
    }
  });

  it('stratifies by action and segment: every stratum holds floor or ceil of its share', () => {
    for (let seed = 1; seed <= 30; seed++) {
      // Prepare
      const input = drawChoice(seed, 400, 5, 4, 0.7);
      // Act
      const holdout = selectHoldout({ ...input, share: 0.1, seed: `s${seed}` });
      // Assess
      for (const [key, { size, held }] of strata(input, holdout)) {
        expect(held, `stratum ${key} of ${size}`).toBeGreaterThanOrEqual(Math.floor(0.1 * size));
        expect(held, `stratum ${key} of ${size}`).toBeLessThanOrEqual(Math.ceil(0.1 * size));
      }
    }
  });

  it('draws the same holdout for the same plan id and a different one for another id', () => {
    // Prepare
    const input = drawChoice(7, 2000, 4, 3, 0.6);
    // Act
    const first = selectHoldout({ ...input, share: 0.1, seed: '20260302-090000-abc123' });
    const again = selectHoldout({ ...input, share: 0.1, seed: '20260302-090000-abc123' });
    const other = selectHoldout({ ...input, share: 0.1, seed: '20260302-090000-abc124' });
    // Assess
    expect(Array.from(again)).toEqual(Array.from(first));
    const overlap = first.reduce((sum, x, i) => sum + (x && other[i] ? 1 : 0), 0);
    const held = first.reduce((sum, x) => sum + x, 0);
    expect(other.reduce((sum, x) => sum + x, 0)).toBe(held);
    expect(overlap).toBeLessThan(held * 0.5);
  });

  it('does not depend on row order: the same customers are held out when the file is shuffled', () => {
    // Prepare
    const input = drawChoice(11, 300, 2, 2, 0.8);
    const order = [...input.ids].map((_, i) => i).reverse();
    const shuffled = {
      ids: CustomerIds.from(order.map((i) => input.ids.at(i))),
      segmentOf: Uint16Array.from(order.map((i) => input.segmentOf[i])),
      choice: Int16Array.from(order.map((i) => input.choice[i])),
    };
    // Act
    const a = selectHoldout({ ...input, share: 0.2, seed: 'x' });
    const b = selectHoldout({ ...shuffled, share: 0.2, seed: 'x' });
    // Assess
    const heldA = [...input.ids].filter((_, i) => a[i]).sort();
    const heldB = [...shuffled.ids].filter((_, i) => b[i]).sort();
    expect(heldB).toEqual(heldA);
  });

  it('holds out nobody at share 0 and spreads the seeded hash evenly', () => {
    const input = drawChoice(3, 100, 2, 2, 1);
    expect(selectHoldout({ ...input, share: 0, seed: 'x' }).every((x) => x === 0)).toBe(true);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i++) buckets[Math.floor((seededHash('seed', `C${i}`) / 2 ** 53) * 10)]++;
    for (const count of buckets) expectClose(count, 2000, { absolute: 199 }, 'customers in a tenth of the hash range');
  });
});

describe('planWeek with a holdout', () => {
  it('marks 10% of the assigned customers as holdout, counts them in the KPIs, and never exports them', async () => {
    // Prepare
    const predictions = await loadSample();
    const policy = { ...DEFAULT_POLICY, holdout: SLACK_DEFAULT_HOLDOUT };
    // Act
    const outcome = await planWeek({
      predictions,
      catalog: [...DEFAULT_CATALOG],
      policy,
      planId: '20260302-090000-abc123',
    });
    // Assess
    expectValidPlan(outcome);
    const treated = outcome.kpis.customers_treated;
    expect(outcome.kpis.holdout_customers).toBe(Math.round(0.1 * treated));
    const planLines = renderPlanCsv(outcome).split('\r\n').slice(0, -1);
    const planRows = planLines.slice(1);
    expect(planRows).toHaveLength(treated);
    expect(planRows.filter((line) => line.trimEnd().endsWith(',holdout'))).toHaveLength(outcome.kpis.holdout_customers);
    const exported = renderPlanCsv(outcome, { group: 'treatment' }).split('\r\n').slice(0, -1);
    expect(exported[0]).toBe(planLines[0]);
    expect(exported.slice(1)).toHaveLength(treated - outcome.kpis.holdout_customers);
    expect(exported.some((line) => line.includes(',holdout'))).toBe(false);
    const json = toJsonResult(outcome) as {
      kpis: Record<string, number>;
      plan_id: string;
      action_mix: { customers: number; holdout: number }[];
    };
    expect(json.kpis.treatment_customers).toBe(treated - outcome.kpis.holdout_customers);
    expect(json.plan_id).toBe('20260302-090000-abc123');
    expect(json.action_mix.reduce((sum, row) => sum + row.holdout, 0)).toBe(outcome.kpis.holdout_customers);
  });

  it('draws the same holdout for the same plan id, another for another id, and warns without an id', async () => {
    // Prepare
    const predictions = await loadSample();
    const policy = { ...DEFAULT_POLICY, holdout: 0.2 };
    const plan = (planId?: string) => planWeek({ predictions, catalog: [...DEFAULT_CATALOG], policy, planId });
    // Act
    const [a, b, c, unseeded] = await Promise.all([
      plan('20260302-090000-aaaaaa'),
      plan('20260302-090000-aaaaaa'),
      plan('20260302-090000-bbbbbb'),
      plan(),
    ]);
    // Assess
    expect(Array.from(b.assignment!.holdout)).toEqual(Array.from(a.assignment!.holdout));
    expect(Array.from(c.assignment!.holdout)).not.toEqual(Array.from(a.assignment!.holdout));
    expect(unseeded.warnings.some((w) => w.includes('without a plan id'))).toBe(true);
    expect(a.warnings.some((w) => w.includes('without a plan id'))).toBe(false);
  });
});
