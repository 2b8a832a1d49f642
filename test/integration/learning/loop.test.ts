import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import type { PlanOutcome } from '../../../src/domain/plan.ts';
import { DEFAULT_POLICY, type Policy } from '../../../src/domain/policy.ts';
import { renderPlanCsv } from '../../../src/io/plan-csv.ts';
import { findLastApprovedPolicy, listHistory } from '../../../src/learning/audit-history.ts';
import { proposeCatalog } from '../../../src/learning/calibrate.ts';
import { acceptCatalog, loadCurrentCatalog } from '../../../src/learning/catalog-store.ts';
import { loadContactHistory } from '../../../src/learning/contact-history.ts';
import { needsSecondApprover } from '../../../src/approvals/governance.ts';
import { measureStoredUplift } from '../../../src/learning/measure.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import type { ObjectStore } from '../../../src/storage/object-store.ts';
import { catalogHash, writeRun } from '../../../src/storage/run-record.ts';
import { writeExport } from '../../../src/approvals/write-export.ts';
import { expectHistoryKept, type RawContact } from '../../support/check-history.ts';
import { rng } from '../../support/random-instance.ts';
import { loadSample } from '../../support/sample.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

const SHA = 'a'.repeat(64);

async function record(
  store: ObjectStore,
  planId: string,
  outcome: PlanOutcome,
  at: string,
  approver?: string,
): Promise<void> {
  await writeRun(store, {
    planId,
    outcome,
    csv: renderPlanCsv(outcome),
    input: { key: 'predictions/sample.csv', etag: 'e', sha256: SHA },
    catalogHash: catalogHash(outcome.catalog),
    requestedBy: 'U_ASK',
    requestedAt: new Date(at),
    version: 'test',
  });
  if (!approver) return;
  await store.putIfAbsent(
    `plans/${planId}/approval.json`,
    JSON.stringify({ plan_id: planId, approved_by: approver, approved_at: at, job_id: 'j1' }),
  );
  const csv = renderPlanCsv(outcome, { group: 'treatment' });
  await writeExport(store, { date: at.slice(0, 10), planId, csv });
}

function rowsOf(outcome: PlanOutcome, group: 'treatment' | 'holdout', date: string): RawContact[] {
  const { choice, holdout, actions } = outcome.assignment!;
  const rows: RawContact[] = [];
  choice.forEach((k, i) => {
    if (k >= 0 && (holdout[i] === 1) === (group === 'holdout'))
      rows.push({ customer_id: outcome.predictions.ids.at(i), action_id: actions[k].id, date });
  });
  return rows;
}

describe('the learning loop on a local store', () => {
  let store: ObjectStore;
  beforeEach(async () => {
    store = createLocalStore(await tempDirForTest('loop-'));
  });

  it('plans, approves, remembers contacts and holdouts, and keeps next week within the history rules', async () => {
    // Prepare: week 1 with a 20% holdout, approved and exported on 2026-01-05
    const predictions = await loadSample();
    const policy: Policy = {
      ...DEFAULT_POLICY,
      holdout: 0.2,
      min_high_risk: 0,
      min_premium: 0,
      min_segment_coverage: 0,
    };
    const week1 = await planWeek({
      predictions,
      catalog: [...DEFAULT_CATALOG],
      policy,
      planId: '20260105-090000-aaaaaa',
    });
    await record(store, '20260105-090000-aaaaaa', week1, '2026-01-05T09:30:00.000Z', 'U_BOSS');
    // Act: history as of a week later, and week 2 planned with it
    const loaded = await loadContactHistory(store, '2026-01-12', { policy, catalog: DEFAULT_CATALOG });
    const week2 = await planWeek({
      predictions,
      catalog: [...DEFAULT_CATALOG],
      policy: { ...policy, budget: 250 },
      planId: '20260112-090000-bbbbbb',
      history: loaded.history,
    });
    await record(store, '20260112-090000-bbbbbb', week2, '2026-01-12T09:30:00.000Z');
    // Assess
    const contacts = rowsOf(week1, 'treatment', '2026-01-05');
    const holdouts = rowsOf(week1, 'holdout', '2026-01-05');
    expect(holdouts.length).toBe(Math.round(0.2 * week1.kpis.customers_treated));
    expect(loaded.contacts.map((c) => c.customer_id).sort()).toEqual(contacts.map((c) => c.customer_id).sort());
    expect(loaded.holdouts.map((c) => c.customer_id).sort()).toEqual(holdouts.map((c) => c.customer_id).sort());
    expectHistoryKept(week2, { asOf: '2026-01-12', contacts, holdouts });
    expect(week2.history_exclusions?.find((e) => e.rule === 'holdout_window')?.customers).toBe(holdouts.length);

    const history = await listHistory(store, 10);
    expect(history.map((h) => h.plan_id)).toEqual(['20260112-090000-bbbbbb', '20260105-090000-aaaaaa']);
    expect(history[1].approval?.approved_by).toBe('U_BOSS');
    expect(history[0].approval).toBeUndefined();
    expect(history[0].kpis.holdout_customers).toBe(week2.kpis.holdout_customers);
    const last = await findLastApprovedPolicy(store);
    expect(last?.planId).toBe('20260105-090000-aaaaaa');
    expect(needsSecondApprover(week2.policy, last?.policy).moved.map((m) => m.key)).toEqual(['budget']);
  });

  it('measures uplift 30 days on from stored plans and outcomes, proposes a catalog and accepts it once', async () => {
    // Prepare: two approved plans of 3,000 customers each (action 1, 20% holdout); true relative uplift 30%
    const random = rng(42);
    const outcomes: string[] = ['customer_id,churned,observed_at'];
    for (const [planId, sent, observed] of [
      ['20260105-090000-cccccc', '2026-01-05', '2026-02-04'],
      ['20260112-090000-dddddd', '2026-01-12', '2026-02-20'],
    ] as const) {
      const lines = [
        'customer_id,action_id,action_name,channel,cost,churn_probability,clv,uplift,churn_reduction,expected_retained_clv,net_value,subscription_type,risk_segment,group',
      ];
      for (let i = 0; i < 3000; i++) {
        const id = `${planId.slice(-6)}-${i}`;
        const group = i % 5 === 0 ? 'holdout' : 'treatment';
        const p = 0.2 + 0.4 * random();
        lines.push(`${id},1,Personalized Email,email,2,${p},100,0.08,0,0,0,Free,not_high_risk,${group}`);
        outcomes.push(`${id},${random() < (group === 'holdout' ? p : p * 0.7) ? 1 : 0},${observed}`);
      }
      await store.put(`plans/${planId}/plan.csv`, `${lines.join('\n')}\n`);
      await store.put(`exports/${sent}/${planId}.csv`, 'customer_id,action_id\n');
    }
    await store.put('exports/2026-01-25/20260125-090000-eeeeee.csv', 'customer_id,action_id\n');
    await store.put('exports/2026-01-06/20260106-090000-ffffff.csv', 'customer_id,action_id\n');
    await store.put('exports/2026-01-07/20260107-090000-gggggg.csv', 'customer_id,action_id\nx,1\n');
    await store.put('plans/20260107-090000-gggggg/plan.csv', 'customer_id,action_id,group\nx,1,treatment\n');
    await store.put('outcomes/2026-02-20/churn.csv', `${outcomes.join('\n')}\n`);
    // Act
    const measured = await measureStoredUplift(store, { asOf: '2026-02-21' });
    const current = await loadCurrentCatalog(store);
    const proposal = proposeCatalog(current, measured.measurements, { date: '2026-02-21' });
    const first = await acceptCatalog(store, proposal, 'U_BOSS');
    const second = await acceptCatalog(store, proposal, 'U_OTHER');
    const now = await loadCurrentCatalog(store);
    // Assess: the 2026-01-25 plan is too recent, the 2026-01-06 one has no plan CSV; both others count
    expect(measured.plans).toEqual(['20260105-090000-cccccc', '20260112-090000-dddddd']);
    expect(measured.plansMissing).toEqual(['20260106-090000-ffffff']);
    expect(measured.plansWithoutHoldout).toEqual(['20260107-090000-gggggg']);
    const [email] = measured.measurements;
    expect(email).toMatchObject({
      action_id: 1,
      plans: 2,
      treatment: { customers: 4800 },
      holdout: { customers: 1200 },
    });
    expect(email.relative!.low).toBeLessThanOrEqual(0.3);
    expect(email.relative!.high).toBeGreaterThanOrEqual(0.3);
    expect(proposal.changes.map((c) => c.action_id)).toEqual([1]);
    expect(first.won).toBe(true);
    expect(second).toMatchObject({ won: false, record: { accepted_by: 'U_BOSS' } });
    expect(now.version).toBe(proposal.version);
    expect(now.catalog.find((a) => a.id === 1)!.uplift).toBeCloseTo(email.relative!.estimate, 3);
  });
});
