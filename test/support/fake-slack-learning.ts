import { PLAN_CSV_COLUMNS } from '../../src/io/plan-csv.ts';
import type { ObjectStore } from '../../src/storage/object-store.ts';
import { rng } from './random-instance.ts';

/** Two approved plans sent in September 2026, measured in October, as the learning loop leaves them in the store. */
export const MEASURED_PLANS = [
  { planId: '20260907-090000-cccccc', sent: '2026-09-07', observed: '2026-10-08' },
  { planId: '20260914-090000-dddddd', sent: '2026-09-14', observed: '2026-10-15' },
] as const;

/**
 * Seeds the store with what 30 days of the loop leave: for each of {@link MEASURED_PLANS},
 * `plans/<id>/plan.csv` (3,000 customers given Personalized Email, every fifth held out),
 * its export, and `outcomes/<date>/churn.csv` where the treated churn 30% less than the
 * holdout (the catalog says 8%), so calibration has strong evidence to act on.
 */
export async function seedMeasuredPlans(store: ObjectStore, customersPerPlan = 3000): Promise<void> {
  const random = rng(42);
  for (const { planId, sent, observed } of MEASURED_PLANS) {
    const plan = [PLAN_CSV_COLUMNS.join(',')];
    const exported = ['customer_id,action_id'];
    const outcomes = ['customer_id,churned,observed_at'];
    for (let i = 0; i < customersPerPlan; i++) {
      const id = `M${planId.slice(-6)}${i}`;
      const group = i % 5 === 0 ? 'holdout' : 'treatment';
      const p = 0.2 + 0.4 * random();
      plan.push(`${id},1,Personalized Email,email,2,${p},100,0.08,0,0,0,Free,not_high_risk,${group}`);
      if (group === 'treatment') exported.push(`${id},1`);
      outcomes.push(`${id},${random() < (group === 'holdout' ? p : p * 0.7) ? 1 : 0},${observed}`);
    }
    await store.put(`plans/${planId}/plan.csv`, `${plan.join('\n')}\n`);
    await store.put(`exports/${sent}/${planId}.csv`, `${exported.join('\n')}\n`);
    await store.put(`outcomes/${observed}/churn.csv`, `${outcomes.join('\n')}\n`);
  }
}

/** An approved export sent on `date` to the given customers (action 1), as contact history. */
export async function seedExport(
  store: ObjectStore,
  input: { date: string; planId: string; customers: readonly string[] },
): Promise<void> {
  const rows = input.customers.map(
    (id) => `${id},1,Personalized Email,email,2,0.5,100,0.08,0.04,4,2,Free,not_high_risk,treatment`,
  );
  await store.put(
    `exports/${input.date}/${input.planId}.csv`,
    `${[PLAN_CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`,
  );
}
