import type { Action } from '../../../../src/domain/catalog.ts';
import { DEFAULT_POLICY, type Policy } from '../../../../src/domain/policy.ts';
import type { Predictions } from '../../../../src/domain/predictions.ts';
import { rng, type Instance } from '../../../support/random-instance.ts';
import { CustomerIds } from '../../../../src/domain/customer-ids.ts';

const CHANNELS = ['email', 'push', 'in_app', 'sms', 'call'] as const;
const SEGMENTS = ['Premium', 'Free', 'Family', 'Student'];

/**
 * A random instance whose rules mostly bind without making the policy hopeless: the budget
 * is a share of what treating everyone would cost, caps and floors are shares of the
 * customers. With `ties`, churn probabilities and CLVs take only two values each, so many
 * customers are interchangeable (the hard case for fixing by reduced value).
 */
export function tightInstance(seed: number, customers: number, maxActions: number, ties = false): Instance {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const segments = SEGMENTS.slice(0, 1 + Math.floor(random() * 4));
  const catalog: Action[] = [{ id: 0, name: 'No Action', channel: 'none', cost: 0, uplift: 0 }];
  const actionCount = 1 + Math.floor(random() * maxActions);
  for (let a = 1; a <= actionCount; a++) {
    const action: Action = {
      id: a,
      name: `Action ${a}`,
      channel: pick(CHANNELS),
      cost: pick([0.5, 1, 2, 3, 5, 10, 20]),
      uplift: Math.round(5 + random() * 25) / 100,
    };
    if (random() < 0.3) action.eligible_segments = segments.filter(() => random() < 0.7);
    if (random() < 0.2) action.min_churn_probability = Math.round(random() * 40) / 100;
    catalog.push(action);
  }
  const p = Float64Array.from({ length: customers }, () =>
    ties ? pick([0.3, 0.7]) : Math.round(random() * 1000) / 1000,
  );
  const v = Float64Array.from({ length: customers }, () => (ties ? pick([100, 300]) : Math.round(20 + random() * 400)));
  const segmentOf = Uint16Array.from({ length: customers }, () => Math.floor(random() * segments.length));
  const meanCost = catalog.slice(1).reduce((sum, a) => sum + a.cost, 0) / actionCount;
  const policy: Policy = {
    ...DEFAULT_POLICY,
    budget: Math.round(customers * meanCost * pick([0.05, 0.1, 0.2, 0.4, 0.8])),
    email_cap: Math.round(customers * pick([0.1, 0.3, 1])),
    push_cap: Math.round(customers * pick([0.1, 0.3, 1])),
    min_high_risk: pick([0, 0.2, 0.4, 0.6]),
    high_risk_threshold: pick([0.5, 0.6]),
    min_premium: pick([0, 0.2, 0.4]),
    premium_segment: segments[0],
    max_action_share: pick([0.2, 0.34, 0.5, 1]),
    min_segment_coverage: pick([0, 0.1, 0.15, 0.3]),
    objective: pick(['net_value', 'net_value', 'net_value', 'retained_clv', 'churn_reduction'] as const),
  };
  const predictions: Predictions = {
    source: `tight-${seed}`,
    ids: CustomerIds.from(Array.from({ length: customers }, (_, i) => `T${seed}-${i}`)),
    p,
    v,
    segmentOf,
    segments,
    clvEstimated: false,
    reductions: new Map(),
  };
  return { predictions, catalog, policy };
}
