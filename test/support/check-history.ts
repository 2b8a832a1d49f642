/**
 * The independent contact-history checker: verifies a plan against the cooldown, the 4-week
 * contact cap, the holdout window and the catalog's sequence rules, from the raw export and
 * holdout rows only. It shares no code with src/domain/history.ts on purpose.
 */
import { expect } from 'vitest';
import type { Action } from '../../src/domain/catalog.ts';
import type { PlanOutcome } from '../../src/domain/plan.ts';
import type { Policy } from '../../src/domain/policy.ts';
import type { Predictions } from '../../src/domain/predictions.ts';
import { expectValidPlan } from './assert-plan.ts';

export interface RawContact {
  customer_id: string;
  action_id: number;
  date: string;
}

/** Whole days from `earlier` to `later` (both YYYY-MM-DD). */
function daysBetween(earlier: string, later: string): number {
  return Math.round((Date.parse(`${later}T12:00:00Z`) - Date.parse(`${earlier}T12:00:00Z`)) / 86_400_000);
}

/** Every history rule a plan breaks (empty when it keeps them all). `assigned`: customer index -> action id. */
export function checkHistory(input: {
  predictions: Predictions;
  catalog: readonly Action[];
  policy: Policy;
  asOf: string;
  contacts: readonly RawContact[];
  holdouts: readonly RawContact[];
  assigned: ReadonlyMap<number, number>;
}): string[] {
  const { predictions, catalog, policy, asOf } = input;
  const violations: string[] = [];
  const past = (rows: readonly RawContact[], id: string) =>
    rows
      .filter((r) => r.customer_id === id)
      .map((r) => ({ action: r.action_id, ago: daysBetween(r.date, asOf) }))
      .filter((r) => r.ago >= 0);
  for (const [i, actionId] of input.assigned) {
    if (actionId === 0) continue;
    const id = predictions.ids.at(i);
    const contacts = past(input.contacts, id);
    if (policy.cooldown_weeks > 0 && contacts.some((c) => c.ago < 7 * policy.cooldown_weeks))
      violations.push(`${id}: contacted within ${policy.cooldown_weeks} weeks, given action ${actionId}`);
    const recent = contacts.filter((c) => c.ago < 28).length;
    if (recent + 1 > policy.max_contacts_4w)
      violations.push(`${id}: ${recent} contacts in 4 weeks + this one > ${policy.max_contacts_4w}`);
    if (past(input.holdouts, id).some((h) => h.ago < 30))
      violations.push(`${id}: held out within 30 days, given action ${actionId}`);
    const action = catalog.find((a) => a.id === actionId);
    const requires = action?.requires_prior;
    if (
      requires &&
      !contacts.some((c) => c.ago < 7 * requires.within_weeks && requires.action_ids.includes(c.action))
    ) {
      violations.push(
        `${id}: action ${actionId} needs one of ${requires.action_ids.join(',')} within ${requires.within_weeks} weeks`,
      );
    }
    const excludes = action?.excludes_prior;
    if (excludes && contacts.some((c) => c.ago < 7 * excludes.within_weeks && excludes.action_ids.includes(c.action))) {
      violations.push(
        `${id}: action ${actionId} follows one of ${excludes.action_ids.join(',')} within ${excludes.within_weeks} weeks`,
      );
    }
  }
  return violations;
}

/**
 * Customers that the raw history keeps from every action this week: contacted within the
 * cooldown, at the 4-week contact cap, or held out within 30 days. The model leaves them out of
 * the coverage floors' populations.
 */
export function restingCustomers(input: {
  predictions: Predictions;
  policy: Policy;
  asOf: string;
  contacts: readonly RawContact[];
  holdouts: readonly RawContact[];
}): Set<number> {
  const { predictions, policy, asOf } = input;
  const resting = new Set<number>();
  const agesOf = (rows: readonly RawContact[]) => {
    const ages = new Map<string, number[]>();
    for (const row of rows) {
      const ago = daysBetween(row.date, asOf);
      if (ago >= 0) ages.set(row.customer_id, [...(ages.get(row.customer_id) ?? []), ago]);
    }
    return ages;
  };
  const contactAges = agesOf(input.contacts);
  const holdoutAges = agesOf(input.holdouts);
  [...predictions.ids].forEach((id, i) => {
    const ages = contactAges.get(id) ?? [];
    const cooling = policy.cooldown_weeks > 0 && ages.some((ago) => ago < 7 * policy.cooldown_weeks);
    const capped = ages.filter((ago) => ago < 28).length + 1 > policy.max_contacts_4w;
    const control = (holdoutAges.get(id) ?? []).some((ago) => ago < 30);
    if (cooling || capped || control) resting.add(i);
  });
  return resting;
}

/**
 * Asserts that a plan keeps every history rule and, with the customers the history rests left
 * out of the floors, every rule and KPI of SPEC 3 (it runs `expectValidPlan` itself).
 */
export function expectHistoryKept(
  outcome: PlanOutcome,
  raw: { asOf: string; contacts: readonly RawContact[]; holdouts?: readonly RawContact[] },
): void {
  expectValidPlan(outcome, {
    resting: restingCustomers({
      predictions: outcome.predictions,
      policy: outcome.policy,
      asOf: raw.asOf,
      contacts: raw.contacts,
      holdouts: raw.holdouts ?? [],
    }),
  });
  expect(outcome.assignment, 'a plan').toBeDefined();
  const assignment = outcome.assignment!;
  const assigned = new Map<number, number>();
  assignment.choice.forEach((k, i) => {
    if (k >= 0) assigned.set(i, assignment.actions[k].id);
  });
  const violations = checkHistory({
    predictions: outcome.predictions,
    catalog: outcome.catalog,
    policy: outcome.policy,
    asOf: raw.asOf,
    contacts: raw.contacts,
    holdouts: raw.holdouts ?? [],
    assigned,
  });
  expect(violations).toEqual([]);
}
