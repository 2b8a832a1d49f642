import type { Action } from './catalog.ts';
import { PlannerError } from './errors.ts';
import { quoteInput } from './quote.ts';
import type { Policy } from './policy.ts';

/**
 * Days after a plan is sent at which its outcome is measured, and for which its holdout
 * customers are kept free of any action (so the control group stays a control group).
 */
export const OUTCOME_HORIZON_DAYS = 30;

/** One action sent to one customer: a row of an approved export `exports/<date>/<plan_id>.csv`. */
export interface ContactRecord {
  customer_id: string;
  action_id: number;
  /** The day it was sent, `YYYY-MM-DD` (the export's date partition). */
  date: string;
  plan_id?: string;
}

/** One customer held out as control in an approved plan sent on `date`. */
export interface HoldoutRecord {
  customer_id: string;
  action_id: number;
  date: string;
  plan_id?: string;
}

/** What we did to one customer, as days before the planning day (0 = that day). */
export interface CustomerHistory {
  /** Contacts within the loaded window, newest first. */
  contacts: { days_ago: number; action_id: number; date: string }[];
  /** Days since the customer was last held out as control, when within the loaded window. */
  held_out_days_ago?: number;
}

/** Contact history as of one planning day, per customer id. */
export interface ContactHistory {
  as_of: string;
  /** How many days back the records were loaded; rules reaching further are flagged. */
  window_days: number;
  customers: Map<string, CustomerHistory>;
}

/** How many customers one history rule kept from some or all actions this week. */
export interface HistoryExclusion {
  /** `cooldown_weeks`, `max_contacts_4w`, `holdout_window`, `requires_prior:<id>` or `excludes_prior:<id>`. */
  rule: string;
  label: string;
  customers: number;
}

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whole days since 1970-01-01 of a `YYYY-MM-DD` calendar date; BAD_INPUT when it is not one. */
export function dayNumber(date: string): number {
  const match = DATE.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new PlannerError('BAD_INPUT', `${quoteInput(date)} is not a calendar date (expected YYYY-MM-DD)`);
  }
  return ms / DAY_MS;
}

/** The `YYYY-MM-DD` of a day number (inverse of {@link dayNumber}). */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Builds the history as of `asOf` from raw records. Records after `asOf` are left out, and so
 * are contacts `windowDays` or more days old and holdouts {@link OUTCOME_HORIZON_DAYS} or more
 * days old (they no longer matter to any rule). Pure.
 */
export function buildContactHistory(
  contacts: readonly ContactRecord[],
  holdouts: readonly HoldoutRecord[],
  asOf: string,
  windowDays: number,
): ContactHistory {
  const today = dayNumber(asOf);
  const days = new Map<string, number>();
  const daysAgoOf = (date: string): number => {
    let day = days.get(date);
    if (day === undefined) days.set(date, (day = dayNumber(date)));
    return today - day;
  };
  const customers = new Map<string, CustomerHistory>();
  const entry = (id: string): CustomerHistory => {
    let found = customers.get(id);
    if (!found) customers.set(id, (found = { contacts: [] }));
    return found;
  };
  for (const record of contacts) {
    const daysAgo = daysAgoOf(record.date);
    if (daysAgo < 0 || daysAgo >= windowDays) continue;
    entry(record.customer_id).contacts.push({ days_ago: daysAgo, action_id: record.action_id, date: record.date });
  }
  for (const record of holdouts) {
    const daysAgo = daysAgoOf(record.date);
    if (daysAgo < 0 || daysAgo >= OUTCOME_HORIZON_DAYS) continue;
    const customer = entry(record.customer_id);
    if (customer.held_out_days_ago === undefined || daysAgo < customer.held_out_days_ago)
      customer.held_out_days_ago = daysAgo;
  }
  for (const customer of customers.values())
    if (customer.contacts.length > 1) customer.contacts.sort((a, b) => a.days_ago - b.days_ago);
  return { as_of: asOf, window_days: windowDays, customers };
}

/**
 * How many days of history the rules look at: the cooldown, the 4-week contact count,
 * every sequence rule of the catalog and the holdout window. Load at least this much.
 */
export function historyWindowDays(policy: Policy, catalog: readonly Action[]): number {
  let weeks = Math.max(4, policy.cooldown_weeks);
  for (const action of catalog)
    weeks = Math.max(
      weeks,
      action.requires_prior?.within_weeks ?? 0,
      action.excludes_prior?.within_weeks ?? 0,
      action.follow_up?.within_weeks ?? 0,
    );
  return Math.max(7 * weeks, OUTCOME_HORIZON_DAYS);
}

/** The history rules that stop a customer from getting a given set of actions. */
export interface CustomerBlocks {
  /** Rules that stop every action for this customer. */
  all: string[];
  /** Per action (same order as `actions`): the sequence rule that stops it, if any. */
  perAction: (string | undefined)[];
}

const sentWithin = (customer: CustomerHistory | undefined, ids: readonly number[], weeks: number): boolean =>
  customer?.contacts.some((c) => c.days_ago < 7 * weeks && ids.includes(c.action_id)) ?? false;

/** True when `action` is a follow-up (catalog `follow_up`) of a contact in the customer's history. */
export function followsUp(customer: CustomerHistory | undefined, action: Action): boolean {
  return action.follow_up !== undefined && sentWithin(customer, action.follow_up.after, action.follow_up.within_weeks);
}

/**
 * The history rules for one customer: cooldown (any contact within `cooldown_weeks`),
 * 4-week cap (contacts within 28 days + this one > `max_contacts_4w`), holdout window (held out
 * within {@link OUTCOME_HORIZON_DAYS}), and each action's `requires_prior` / `excludes_prior`.
 * "Within N weeks" means fewer than 7N days ago.
 */
export function customerBlocks(
  customer: CustomerHistory | undefined,
  actions: readonly Action[],
  policy: Policy,
): CustomerBlocks {
  const all: string[] = [];
  if (customer) {
    if (policy.cooldown_weeks > 0 && customer.contacts.some((c) => c.days_ago < 7 * policy.cooldown_weeks))
      all.push('cooldown_weeks');
    if (customer.contacts.filter((c) => c.days_ago < 28).length + 1 > policy.max_contacts_4w)
      all.push('max_contacts_4w');
    if (customer.held_out_days_ago !== undefined && customer.held_out_days_ago < OUTCOME_HORIZON_DAYS)
      all.push('holdout_window');
  }
  const perAction = actions.map((action) => {
    const requires = action.requires_prior;
    if (requires && !sentWithin(customer, requires.action_ids, requires.within_weeks))
      return `requires_prior:${action.id}`;
    const excludes = action.excludes_prior;
    if (excludes && sentWithin(customer, excludes.action_ids, excludes.within_weeks))
      return `excludes_prior:${action.id}`;
    return undefined;
  });
  return { all, perAction };
}

/** A sentence-case label for a history rule, for reports. */
export function describeHistoryRule(rule: string, policy: Policy, actions: readonly Action[]): string {
  const [kind, id] = rule.split(':');
  const action = actions.find((a) => String(a.id) === id);
  const names = (ids: readonly number[]): string =>
    ids.map((x) => actions.find((a) => a.id === x)?.name ?? `action ${x}`).join(' or ');
  switch (kind) {
    case 'cooldown_weeks':
      return `Contacted within ${policy.cooldown_weeks} week${policy.cooldown_weeks === 1 ? '' : 's'}`;
    case 'max_contacts_4w':
      return `Already ${policy.max_contacts_4w} contact${policy.max_contacts_4w === 1 ? '' : 's'} in 4 weeks`;
    case 'holdout_window':
      return `Held out as control within ${OUTCOME_HORIZON_DAYS} days`;
    case 'requires_prior':
      return `${action?.name ?? rule} needs ${names(action?.requires_prior?.action_ids ?? [])} within ${action?.requires_prior?.within_weeks} weeks`;
    case 'excludes_prior':
      return `${action?.name ?? rule} not after ${names(action?.excludes_prior?.action_ids ?? [])} within ${action?.excludes_prior?.within_weeks} weeks`;
    default:
      return rule;
  }
}
