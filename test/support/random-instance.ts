import type { Action } from '../../src/domain/catalog.ts';
import { DEFAULT_POLICY, type Policy } from '../../src/domain/policy.ts';
import type { Predictions } from '../../src/domain/predictions.ts';
import { seededRandom } from '../../scripts/seeded-random.ts';
import { CustomerIds } from '../../src/domain/customer-ids.ts';

/** The project's seeded PRNG: the same seed gives the same instance on every machine. */
export const rng = seededRandom;

const CHANNELS = ['email', 'push', 'in_app', 'sms', 'call'] as const;
const SEGMENTS = ['Premium', 'Free', 'Family', 'Student'];

export interface Instance {
  predictions: Predictions;
  catalog: Action[];
  policy: Policy;
}

/** A random instance with `customers` customers and up to `maxActions` actions, rules drawn tight or loose. */
export function randomInstance(seed: number, customers: number, maxActions: number): Instance {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const segmentCount = 1 + Math.floor(random() * 3);
  const segments = SEGMENTS.slice(0, segmentCount);
  const actionCount = 1 + Math.floor(random() * maxActions);
  const catalog: Action[] = [{ id: 0, name: 'No Action', channel: 'none', cost: 0, uplift: 0 }];
  for (let a = 1; a <= actionCount; a++) {
    const action: Action = {
      id: a,
      name: `Action ${a}`,
      channel: pick(CHANNELS),
      cost: pick([0, 0.5, 1, 2, 3, 5, 10, 20]),
      uplift: Math.round(random() * 30) / 100,
    };
    if (random() < 0.3) action.eligible_segments = segments.filter(() => random() < 0.6);
    if (random() < 0.2) action.min_churn_probability = Math.round(random() * 50) / 100;
    catalog.push(action);
  }
  const p = Float64Array.from({ length: customers }, () => Math.round(random() * 1000) / 1000);
  const v = Float64Array.from({ length: customers }, () => Math.round(50 + random() * 500));
  const segmentOf = Uint16Array.from({ length: customers }, () => Math.floor(random() * segmentCount));
  const reductions = new Map<number, Float64Array>();
  if (random() < 0.25)
    reductions.set(
      1,
      Float64Array.from({ length: customers }, () => (random() < 0.2 ? Number.NaN : Math.round(random() * 200) / 1000)),
    );
  const share = () => pick([0, 0, 0.1, 0.25, 0.34, 0.5, 0.6]);
  const policy: Policy = {
    ...DEFAULT_POLICY,
    budget: pick([0, 2, 5, 10, 20, 50, 1000]),
    email_cap: pick([0, 1, 2, 3, 100]),
    push_cap: pick([0, 1, 2, 100]),
    min_high_risk: share(),
    high_risk_threshold: pick([0.3, 0.5, 0.7]),
    min_premium: share(),
    max_action_share: pick([0.2, 0.34, 0.5, 1]),
    min_segment_coverage: share(),
    objective: pick(['net_value', 'net_value', 'retained_clv', 'churn_reduction'] as const),
  };
  const predictions: Predictions = {
    source: `random-${seed}`,
    ids: CustomerIds.from(Array.from({ length: customers }, (_, i) => `R${seed}-${i}`)),
    p,
    v,
    segmentOf,
    segments,
    clvEstimated: false,
    reductions,
  };
  return { predictions, catalog, policy };
}
