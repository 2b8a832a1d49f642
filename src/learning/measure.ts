import { isPlannerError } from '../domain/errors.ts';
import { dateOfDay, dayNumber, OUTCOME_HORIZON_DAYS } from '../domain/history.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { loadOutcomes, type OutcomeRecord } from './outcomes.ts';
import { listExports, readPlanRows, type PlanRow } from './plan-files.ts';
import { measureUplift, type JoinedOutcome, type UpliftMeasurement } from './uplift.ts';

/** An approved plan as sent: its id, the day it was sent, and every assigned customer. */
export interface SentPlan {
  plan_id: string;
  sent: string;
  rows: readonly PlanRow[];
}

export interface JoinResult {
  rows: JoinedOutcome[];
  /** Assigned customers with no outcome observed at least `horizonDays` after the plan was sent. */
  unobserved: number;
}

/**
 * Joins sent plans with outcomes. A customer of a plan sent on day s counts with the first
 * outcome observed on or after s + `horizonDays` (30 by default): the plan is "old enough" for
 * that customer once such an observation exists. Pure.
 */
export function joinOutcomes(
  plans: readonly SentPlan[],
  outcomes: readonly OutcomeRecord[],
  horizonDays = OUTCOME_HORIZON_DAYS,
): JoinResult {
  const byCustomer = new Map<string, { day: number; churned: boolean }[]>();
  for (const outcome of outcomes) {
    let list = byCustomer.get(outcome.customer_id);
    if (!list) byCustomer.set(outcome.customer_id, (list = []));
    list.push({ day: dayNumber(outcome.observed_at), churned: outcome.churned });
  }
  for (const list of byCustomer.values()) list.sort((a, b) => a.day - b.day || Number(b.churned) - Number(a.churned));
  const rows: JoinedOutcome[] = [];
  let unobserved = 0;
  for (const plan of plans) {
    const due = dayNumber(plan.sent) + horizonDays;
    for (const row of plan.rows) {
      const seen = byCustomer.get(row.customer_id)?.find((o) => o.day >= due);
      if (!seen) {
        unobserved++;
        continue;
      }
      rows.push({ plan_id: plan.plan_id, action_id: row.action_id, group: row.group, churned: seen.churned });
    }
  }
  return { rows, unobserved };
}

export interface StoredMeasurement {
  measurements: UpliftMeasurement[];
  /** Approved plans sent at least `horizonDays` before `asOf` that have a holdout, and were measured. */
  plans: string[];
  /** Approved plans old enough but without holdout customers (nothing to compare against). */
  plansWithoutHoldout: string[];
  /** Exported plans whose `plans/<plan_id>/plan.csv` is missing: they cannot be measured. */
  plansMissing: string[];
  unobserved: number;
  outcomeFiles: string[];
}

/**
 * Measures uplift from the store: approved plans (`exports/<date>/<plan_id>.csv`, the date is
 * when they were sent) sent at least `horizonDays` before `asOf`, their treatment and holdout
 * customers from `plans/<plan_id>/plan.csv`, and the outcomes under `outcomes/<date>/`.
 * Plans without a holdout are left out: their treatment has no control of its own.
 */
export async function measureStoredUplift(
  store: ObjectStore,
  options: { asOf: string; horizonDays?: number; sinceDays?: number },
): Promise<StoredMeasurement> {
  const horizonDays = options.horizonDays ?? OUTCOME_HORIZON_DAYS;
  const last = dayNumber(options.asOf) - horizonDays;
  const from = options.sinceDays === undefined ? undefined : dateOfDay(last - options.sinceDays);
  const exports = await listExports(store, { from, to: dateOfDay(last) });
  const plans: SentPlan[] = [];
  const plansWithoutHoldout: string[] = [];
  const plansMissing: string[] = [];
  for (const entry of exports) {
    let rows: PlanRow[];
    try {
      rows = await readPlanRows(store, entry.plan_id);
    } catch (error) {
      if (!isPlannerError(error) || error.code !== 'NOT_FOUND') throw error;
      plansMissing.push(entry.plan_id);
      continue;
    }
    if (rows.some((row) => row.group === 'holdout')) plans.push({ plan_id: entry.plan_id, sent: entry.date, rows });
    else plansWithoutHoldout.push(entry.plan_id);
  }
  if (plans.length === 0)
    return { measurements: [], plans: [], plansWithoutHoldout, plansMissing, unobserved: 0, outcomeFiles: [] };
  const earliest = plans.reduce((min, plan) => (plan.sent < min ? plan.sent : min), plans[0].sent);
  const { outcomes, files } = await loadOutcomes(store, { from: dateOfDay(dayNumber(earliest) + horizonDays) });
  const joined = joinOutcomes(plans, outcomes, horizonDays);
  return {
    measurements: measureUplift(joined.rows),
    plans: plans.map((p) => p.plan_id),
    plansWithoutHoldout,
    plansMissing,
    unobserved: joined.unobserved,
    outcomeFiles: files,
  };
}
