import type { Action } from '../../domain/catalog.ts';
import { PlannerError } from '../../domain/errors.ts';
import { OUTCOME_HORIZON_DAYS, type CustomerHistory } from '../../domain/history.ts';
import type { Policy } from '../../domain/policy.ts';

/** Distinct sequence rules a horizon plan takes (each is one bit of a role). */
const MAX_LISTS = 30;

/** One list of action ids a catalog rule looks back for: a `requires_prior`, an `excludes_prior` or a `follow_up`. */
export interface LookbackList {
  ids: readonly number[];
  /** A contact d days before counts when d < 7 · weeks. */
  weeks: number;
}

/**
 * The contact rules of a policy and catalog in the form the sequence graph reads: the
 * treatment actions' sequence rules as indices into `lists`, and how many weeks back a state
 * must remember (the longest window, less the week itself, at most the horizon less one).
 */
export interface ContactRules {
  weeks: number;
  cooldownWeeks: number;
  maxContacts4w: number;
  lists: LookbackList[];
  /** Per treatment action: the index of its requires / excludes / follow-up list, or -1. */
  requires: Int32Array;
  excludes: Int32Array;
  followUp: Int32Array;
  followUpUplift: Float64Array;
  /** Per treatment action, the lists that name it (bit j for list j); its role in a state follows from it. */
  roleOf: Int32Array;
  /** Per role (0 = no contact), the lists that name the action taken. */
  roleLists: number[];
  /** Weeks a state remembers. */
  lookback: number;
}

/** Gathers the rules once per plan. */
export function readContactRules(actions: readonly Action[], policy: Policy, weeks: number): ContactRules {
  const K = actions.length;
  const lists: LookbackList[] = [];
  const listOf = (ids: readonly number[] | undefined, within: number | undefined): number => {
    if (!ids || within === undefined) return -1;
    const same = lists.findIndex((l) => l.weeks === within && l.ids.join() === ids.join());
    if (same >= 0) return same;
    if (lists.length === MAX_LISTS)
      throw new PlannerError(
        'BAD_CATALOG',
        `a plan over several weeks takes at most ${MAX_LISTS} distinct sequence rules`,
      );
    lists.push({ ids, weeks: within });
    return lists.length - 1;
  };
  const requires = Int32Array.from(actions, (a) =>
    listOf(a.requires_prior?.action_ids, a.requires_prior?.within_weeks),
  );
  const excludes = Int32Array.from(actions, (a) =>
    listOf(a.excludes_prior?.action_ids, a.excludes_prior?.within_weeks),
  );
  const followUp = Int32Array.from(actions, (a) => listOf(a.follow_up?.after, a.follow_up?.within_weeks));
  const followUpUplift = Float64Array.from(actions, (a) => a.follow_up?.uplift ?? 0);
  // Role 0 is no contact, role 1 a contact no list names; each other combination of lists gets a role.
  const roleLists = [0, 0];
  const roleOf = new Int32Array(K);
  for (let k = 0; k < K; k++) {
    let mask = 0;
    lists.forEach((list, j) => {
      if (list.ids.includes(actions[k].id)) mask |= 1 << j;
    });
    let role = roleLists.indexOf(mask, 1);
    if (role < 0) role = roleLists.push(mask) - 1;
    roleOf[k] = role;
  }
  let window = Math.max(policy.cooldown_weeks - 1, 3);
  for (const list of lists) window = Math.max(window, list.weeks - 1);
  return {
    weeks,
    cooldownWeeks: policy.cooldown_weeks,
    maxContacts4w: policy.max_contacts_4w,
    lists,
    requires,
    excludes,
    followUp,
    followUpUplift,
    roleOf,
    roleLists,
    lookback: Math.max(0, Math.min(weeks - 1, window)),
  };
}

/**
 * What the contact history before the horizon says about each week t of it (a contact d days
 * before the planning day is d + 7t days before week t): the cooldown, the 4-week count, the
 * holdout window and, per lookback list, whether a listed action is within its window.
 */
export interface HistoryWeeks {
  cooling: Uint8Array;
  count4w: Int32Array;
  heldOut: Uint8Array;
  /** At `t * lists + j`. */
  listed: Uint8Array;
}

/** The history flags of one customer for every week of the horizon (all clear without history). */
export function readHistoryWeeks(rules: ContactRules, customer: CustomerHistory | undefined): HistoryWeeks {
  const W = rules.weeks;
  const J = rules.lists.length;
  const flags: HistoryWeeks = {
    cooling: new Uint8Array(W),
    count4w: new Int32Array(W),
    heldOut: new Uint8Array(W),
    listed: new Uint8Array(W * J),
  };
  if (!customer) return flags;
  for (let t = 0; t < W; t++) {
    const shift = 7 * t;
    for (const contact of customer.contacts) {
      const ago = contact.days_ago + shift;
      if (rules.cooldownWeeks > 0 && ago < 7 * rules.cooldownWeeks) flags.cooling[t] = 1;
      if (ago < 28) flags.count4w[t]++;
      rules.lists.forEach((list, j) => {
        if (ago < 7 * list.weeks && list.ids.includes(contact.action_id)) flags.listed[t * J + j] = 1;
      });
    }
    if (customer.held_out_days_ago !== undefined && customer.held_out_days_ago + shift < OUTCOME_HORIZON_DAYS)
      flags.heldOut[t] = 1;
  }
  return flags;
}

/** True when history alone keeps the customer from every action in week t (the weekly model's "resting"). */
export function restsInWeek(rules: ContactRules, flags: HistoryWeeks, t: number): boolean {
  return flags.cooling[t] === 1 || flags.count4w[t] + 1 > rules.maxContacts4w || flags.heldOut[t] === 1;
}

/** A key for the history of one customer: customers with the same key have the same flags. */
export function historyKey(customer: CustomerHistory | undefined): string {
  if (!customer) return '';
  const contacts = customer.contacts.map((c) => `${c.days_ago}:${c.action_id}`).join(',');
  return `${contacts}|${customer.held_out_days_ago ?? ''}`;
}
