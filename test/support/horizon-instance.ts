import { buildContactHistory, historyWindowDays, type ContactHistory } from '../../src/domain/history.ts';
import type { Policy } from '../../src/domain/policy.ts';
import type { RawHistory } from './check-horizon.ts';
import { randomInstance, rng, type Instance } from './random-instance.ts';

export interface HorizonInstance extends Instance {
  /** The raw history for the checker and the history the planner reads, when the instance has one. */
  raw?: RawHistory;
  history?: ContactHistory;
}

const AS_OF = '2026-03-02';

/**
 * A tiny instance over 1 to `maxWeeks` weeks: the random weekly instance with floors loose more
 * often, a follow-up on some action (after another one, within 2 or 3 weeks), sometimes a
 * sequence rule, a cooldown of 0 to 2 weeks, a 4-week contact cap, sometimes a horizon budget,
 * and sometimes a contact history before the horizon.
 */
export function randomHorizonInstance(
  seed: number,
  customers: number,
  maxActions: number,
  maxWeeks: number,
): HorizonInstance {
  const base = randomInstance(seed, customers, maxActions);
  const random = rng(seed * 7919 + 13);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const catalog = base.catalog.map((a) => ({ ...a }));
  const treatments = catalog.filter((a) => a.id !== 0);
  if (treatments.length >= 1 && random() < 0.8) {
    const target = pick(treatments);
    target.follow_up = {
      after: [pick(treatments).id],
      within_weeks: pick([2, 3]),
      uplift: Math.min(1, target.uplift + Math.round(random() * 40) / 100),
    };
  }
  if (treatments.length >= 2 && random() < 0.3) {
    const [a, b] = [treatments[0], treatments[1]];
    if (random() < 0.5) b.requires_prior = { action_ids: [a.id], within_weeks: pick([2, 3]) };
    else b.excludes_prior = { action_ids: [a.id], within_weeks: pick([2, 3]) };
  }
  const loose = random() < 0.6;
  const policy: Policy = {
    ...base.policy,
    ...(loose ? { min_high_risk: 0, min_premium: 0, min_segment_coverage: pick([0, 0.25]) } : {}),
    budget: Math.max(base.policy.budget, pick([5, 10, 20])),
    weeks: 1 + Math.floor(random() * maxWeeks),
    cooldown_weeks: pick([0, 1, 2]),
    max_contacts_4w: pick([1, 2, 4]),
    ...(random() < 0.2 ? { horizon_budget: pick([5, 15, 30]) } : {}),
  };
  const instance: HorizonInstance = { predictions: base.predictions, catalog, policy };
  if (random() < 0.4) {
    const ids = [...base.predictions.ids];
    const contacts = ids
      .filter(() => random() < 0.5)
      .map((id) => ({
        customer_id: id,
        action_id: pick(treatments.length > 0 ? treatments : catalog).id,
        date: pick(['2026-02-23', '2026-02-16', '2026-02-09']),
      }));
    const holdouts = ids
      .filter(() => random() < 0.1)
      .map((id) => ({ customer_id: id, action_id: 1, date: '2026-02-23' }));
    instance.raw = { asOf: AS_OF, contacts, holdouts };
    instance.history = buildContactHistory(contacts, holdouts, AS_OF, historyWindowDays(policy, catalog) + 7 * 8);
  }
  return instance;
}
