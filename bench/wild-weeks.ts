import type { Action } from '../src/domain/catalog.ts';
import { CustomerIds } from '../src/domain/customer-ids.ts';
import { DEFAULT_POLICY, type Policy } from '../src/domain/policy.ts';
import type { Predictions } from '../src/domain/predictions.ts';
import { seededRandom } from '../scripts/seeded-random.ts';

/** A week drawn by {@link drawWildWeek}, with a one-line description of its shape. */
export interface WildWeek {
  predictions: Predictions;
  catalog: Action[];
  policy: Policy;
  shape: string;
}

const CHANNELS = ['email', 'push', 'in_app', 'sms', 'call', 'direct_mail'] as const;
const COST_GRIDS = [
  [0.5, 1, 2, 5],
  [0.13, 1.77, 3.31, 9.99],
  [0, 0, 1, 25, 80],
];
const P_SHAPES = ['uniform', 'low', 'few', 'high'] as const;
const V_SHAPES = ['lognormal', 'const', 'few', 'heavy'] as const;

type Draw = () => number;
const pickWith =
  (draw: Draw) =>
  <T>(items: readonly T[]): T =>
    items[Math.floor(draw() * items.length)];

/** A catalog of 1-25 actions on six channels, some limited to segments or churn windows. */
function drawCatalog(draw: Draw, segments: string[]): Action[] {
  const pick = pickWith(draw);
  const count = pick([1, 2, 4, 8, 15, 25]);
  const catalog: Action[] = [{ id: 0, name: 'No Action', channel: 'none', cost: 0, uplift: 0 }];
  const costs = pick(COST_GRIDS);
  for (let a = 1; a <= count; a++) {
    const action: Action = {
      id: a * 3,
      name: `A${a}`,
      channel: pick(CHANNELS),
      cost: pick(costs),
      uplift: Math.round(draw() * 400) / 1000,
    };
    if (draw() < 0.3) action.eligible_segments = segments.filter(() => draw() < 0.5).concat(segments[0]);
    if (draw() < 0.25) action.min_churn_probability = Math.round(draw() * 60) / 100;
    if (draw() < 0.15)
      action.max_churn_probability = Math.min(
        1,
        (action.min_churn_probability ?? 0) + 0.2 + Math.round(draw() * 40) / 100,
      );
    catalog.push(action);
  }
  return catalog;
}

/** One customer's churn probability for a shape: uniform with 6 decimals, mostly near 0, four values, or high. */
function churnOf(shape: (typeof P_SHAPES)[number], draw: Draw): number {
  if (shape === 'uniform') return Math.round(draw() * 1e6) / 1e6;
  if (shape === 'low') return Math.round(draw() * draw() * draw() * 1e4) / 1e4;
  if (shape === 'few') return pickWith(draw)([0.1, 0.2, 0.5, 0.9]);
  return Math.round((0.5 + draw() / 2) * 1e3) / 1e3;
}

/** One customer's CLV for a shape: log-normal, one value, three values, or heavy-tailed. */
function valueOf(shape: (typeof V_SHAPES)[number], draw: Draw): number {
  if (shape === 'const') return 100;
  if (shape === 'few') return pickWith(draw)([20, 50, 300]);
  if (shape === 'heavy') return Math.round(10 / Math.max(1e-3, draw()) ** 1.5);
  return Math.round(100 * Math.exp(1 + 1.2 * (draw() + draw() + draw() - 1.5)));
}

/** A policy with each rule drawn from off to binding hard: budgets from $0.05 to $10,000 per sample-sized 250 customers. */
function drawPolicy(draw: Draw, n: number, actions: number): Policy {
  const pick = pickWith(draw);
  const scale = n / 250;
  const share = () => pick([0, 0, 0.05, 0.15, 0.3, 0.5]);
  const budget = Math.round(pick([0.05, 0.3, 1, 3, 20, 1e4]) * 150 * scale);
  const emailCap = Math.round(pick([0, 0.1, 1, 10]) * 120 * scale);
  const pushCap = Math.round(pick([0, 0.1, 1, 10]) * 100 * scale);
  const minHighRisk = share();
  const highRiskThreshold = pick([0.2, 0.5, 0.8]);
  const minPremium = share();
  const maxShare = pick([0.05, 0.2, 0.5, 1]);
  return {
    ...DEFAULT_POLICY,
    budget,
    email_cap: emailCap,
    push_cap: pushCap,
    min_high_risk: minHighRisk,
    high_risk_threshold: highRiskThreshold,
    min_premium: minPremium,
    // A share cap that would leave too few actions for everyone is lifted.
    max_action_share: maxShare * actions < 1.2 ? 1 : maxShare,
    min_segment_coverage: share(),
    objective: pick(['net_value', 'net_value', 'retained_clv', 'churn_reduction'] as const),
  };
}

/**
 * A week of `n` customers whose shape is drawn from `seed`, unlike the bench's families: 1-60
 * segments (some nearly empty), 1-25 actions, churn probabilities and CLVs skewed, tied or
 * uniform, sometimes a churn-reduction column with empty cells, and every rule from off to
 * tight, under each of the three objectives. The shape depends on the seed only, not on `n`.
 */
export function drawWildWeek(seed: number, n: number): WildWeek {
  const draw = seededRandom(seed);
  const pick = pickWith(draw);
  const segmentCount = pick([1, 2, 3, 6, 12, 30, 60]);
  const segments = Array.from({ length: segmentCount }, (_, s) => (s === 0 ? 'Premium' : `S${s}`));
  const catalog = drawCatalog(draw, segments);
  const pShape = pick(P_SHAPES);
  const vShape = pick(V_SHAPES);
  const weights = segments.map(() => (draw() < 0.2 ? 0.01 : 0.2 + draw()));
  const total = weights.reduce((a, b) => a + b, 0);
  const policyDraws = Array.from({ length: 32 }, draw);
  let next = 0;
  const withReduction = catalog.length > 2 && policyDraws[next++] < 0.3;
  const policy = drawPolicy(() => policyDraws[next++], n, catalog.length - 1);

  const customers = seededRandom(seed * 7919 + 1);
  const p = new Float64Array(n);
  const v = new Float64Array(n);
  const segmentOf = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    let d = customers() * total;
    let s = 0;
    while (d > weights[s] && s < segmentCount - 1) d -= weights[s++];
    segmentOf[i] = s;
    p[i] = churnOf(pShape, customers);
    v[i] = valueOf(vShape, customers);
  }
  const reductions = new Map<number, Float64Array>();
  const cells = seededRandom(seed * 104729 + 3);
  if (withReduction)
    reductions.set(
      catalog[1].id,
      Float64Array.from(p, (x) => (cells() < 0.1 ? Number.NaN : Math.round(x * cells() * 0.5 * 1e5) / 1e5)),
    );
  const ids = CustomerIds.from(Array.from({ length: n }, (_, i) => `W${i}`));
  const predictions: Predictions = {
    source: `wild-${seed}`,
    ids,
    p,
    v,
    segmentOf,
    segments,
    clvEstimated: false,
    reductions,
  };
  const floors = `${policy.min_high_risk}/${policy.min_premium}/${policy.min_segment_coverage}`;
  const shape =
    `${segmentCount} segments, ${catalog.length - 1} actions, p ${pShape}, CLV ${vShape}, ${policy.objective}, ` +
    `floors ${floors}, share cap ${policy.max_action_share}, budget ${policy.budget}` +
    (reductions.size > 0 ? ', reduction column' : '');
  return { predictions, catalog, policy, shape };
}

/**
 * The week of `seed` with `actions` actions in turn on six channels, costs $0-8 and uplifts up to
 * 0.3, and per customer and action a churn reduction of up to 0.4 of the customer's p.
 */
export function drawWideWeek(seed: number, n: number, actions: number): WildWeek {
  const week = drawWildWeek(seed, n);
  const draw = seededRandom(seed * 31 + 7);
  const catalog: Action[] = [
    week.catalog[0],
    ...Array.from({ length: actions }, (_, a) => ({
      id: a + 1,
      name: `Wide ${a + 1}`,
      channel: CHANNELS[a % CHANNELS.length],
      cost: Math.round(draw() * 800) / 100,
      uplift: Math.round(draw() * 300) / 1000,
    })),
  ];
  const reductions = new Map<number, Float64Array>();
  for (const action of catalog.slice(1))
    reductions.set(
      action.id,
      Float64Array.from(week.predictions.p, (p) => Math.round(p * draw() * 0.4 * 1e5) / 1e5),
    );
  return {
    ...week,
    catalog,
    predictions: { ...week.predictions, reductions },
    shape: `${week.shape.replace(/\d+ actions/, `${actions} actions`)}, a reduction column per action`,
  };
}
