/**
 * Seeded instance families for the bench: each draws a week (predictions, catalog, policy) of n
 * customers from its own shape. The shapes differ where a user's week may differ from the
 * reference one: segments, catalog, eligibility windows, uplift columns, how tight the policy
 * is, how many customers are alike. No family is tuned to a seed: every seed draws a new week.
 */
import { DEFAULT_CATALOG, type Action } from '../src/domain/catalog.ts';
import type { Policy } from '../src/domain/policy.ts';
import { CustomerIds } from '../src/domain/customer-ids.ts';
import type { Predictions } from '../src/domain/predictions.ts';
import { buildProblem } from '../src/solver/problem.ts';
import { solveProblem } from '../src/solver/solve.ts';
import { seededRandom } from '../scripts/seeded-random.ts';
import { generatePredictions, REFERENCE_SEGMENTS, scaledPolicy } from './generate-instance.ts';
import { harderCatalog, manySegmentsCatalog, shareCapsCatalog } from './family-catalogs.ts';

export interface Week {
  predictions: Predictions;
  catalog: Action[];
  policy: Policy;
}

export const FAMILY_NAMES = ['reference', 'harder', 'many-segments', 'tight', 'ties', 'share-caps'] as const;
export type FamilyName = (typeof FAMILY_NAMES)[number];

export function isFamilyName(text: string): text is FamilyName {
  return FAMILY_NAMES.some((name) => name === text);
}

/** What each family is, in a line, for the results page. */
export const FAMILY_DESCRIPTIONS: Record<FamilyName, string> = {
  reference:
    '4 segments, p = logistic(N(-0.9, 1.3)) to 4 decimals, CLV log-normal per segment, the default catalog (7 actions), the default policy scaled',
  harder:
    '5 segments (one named Duo), p to 6 decimals, CLV uniform within each segment, 9 actions with an `sms` and a `call` channel no cap limits, eligibility windows (min_/max_churn_probability), ids quoted with commas',
  'many-segments':
    '20 segments, 12 actions, per-customer `churn_reduction_<id>` columns for two actions (some cells empty)',
  tight:
    'the reference week with floors raised (coverage 40 %, high risk 80 %, premium 60 %) and the budget 0.5 % above the least that meets them',
  ties: '4 segments, p and CLV from a handful of values each, so most customers have many identical twins',
  'share-caps':
    '8 segments, 16 actions on six channels ($0.25-$30, uplift rising with cost), each held to 10 % of the customers (`max_action_share` 0.1)',
};

type Random = () => number;

function normal(random: Random): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function pickSegment(random: Random, shares: readonly number[]): number {
  const draw = random();
  let s = 0;
  let cumulative = shares[0];
  while (draw > cumulative && s < shares.length - 1) cumulative += shares[++s];
  return s;
}

function logisticP(random: Random, centre: number, spread: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(scale / (1 + Math.exp(-centre - spread * normal(random)))) / scale;
}

/** A week of n customers with ids `<prefix>00000001`, ..., every column to be filled. */
function emptyPredictions(n: number, source: string, segments: string[], idPrefix: string): Predictions {
  return {
    source,
    ids: CustomerIds.from(Array.from({ length: n }, (_, i) => `${idPrefix}${String(i + 1).padStart(8, '0')}`)),
    p: new Float64Array(n),
    v: new Float64Array(n),
    segmentOf: new Uint16Array(n),
    segments,
    clvEstimated: false,
    reductions: new Map(),
  };
}

const HARDER_SEGMENTS = [
  { name: 'Premium', share: 0.22, clv: [180, 520] },
  { name: 'Family', share: 0.18, clv: [240, 640] },
  { name: 'Duo', share: 0.12, clv: [150, 420] },
  { name: 'Student', share: 0.18, clv: [50, 170] },
  { name: 'Free', share: 0.3, clv: [15, 90] },
] as const;

function harderWeek(n: number, seed: number): Week {
  const random = seededRandom(seed);
  const predictions = emptyPredictions(
    n,
    `harder:${n}:${seed}`,
    HARDER_SEGMENTS.map((s) => s.name),
    'ACME, ',
  );
  const shares = HARDER_SEGMENTS.map((s) => s.share);
  for (let i = 0; i < n; i++) {
    const s = pickSegment(random, shares);
    const [low, high] = HARDER_SEGMENTS[s].clv;
    predictions.segmentOf[i] = s;
    predictions.p[i] = logisticP(random, -0.7, 1.4, 6);
    predictions.v[i] = Math.round(100 * (low + random() * (high - low))) / 100;
  }
  return { predictions, catalog: harderCatalog(), policy: scaledPolicy(n) };
}

const MANY_SEGMENTS = 20;

function manySegmentsWeek(n: number, seed: number): Week {
  const random = seededRandom(seed);
  const names = Array.from({ length: MANY_SEGMENTS }, (_, s) => `Plan ${String(s + 1).padStart(2, '0')}`);
  names[0] = 'Premium';
  const predictions = emptyPredictions(n, `many-segments:${n}:${seed}`, names, 'M');
  // Uneven segment sizes, and a CLV median per segment.
  const weights = names.map(() => 0.2 + random());
  const total = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => w / total);
  const medians = names.map(() => 20 + 500 * random());
  const catalog = manySegmentsCatalog();
  const modelled = [catalog[1].id, catalog[5].id];
  const columns = modelled.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const s = pickSegment(random, shares);
    predictions.segmentOf[i] = s;
    const p = logisticP(random, -0.8, 1.2, 4);
    predictions.p[i] = p;
    predictions.v[i] = Math.round(100 * medians[s] * Math.exp(0.5 * normal(random))) / 100;
    modelled.forEach((id, c) => {
      const uplift = catalog.find((a) => a.id === id)?.uplift ?? 0;
      // An uplift model's estimate: p·u with customer-level noise, empty for about one in ten.
      const cell = random() < 0.1 ? Number.NaN : Math.min(p, p * uplift * Math.exp(0.6 * normal(random)));
      columns[c][i] = Number.isNaN(cell) ? cell : Math.round(cell * 1e6) / 1e6;
    });
  }
  modelled.forEach((id, c) => predictions.reductions.set(id, columns[c]));
  return { predictions, catalog, policy: scaledPolicy(n) };
}

const TIE_P = [0.05, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9];
const TIE_CLV = [40, 120, 250, 400];

function tiesWeek(n: number, seed: number): Week {
  const random = seededRandom(seed);
  const predictions = emptyPredictions(n, `ties:${n}:${seed}`, [...REFERENCE_SEGMENTS], 'T');
  const shares = [0.25, 0.2, 0.2, 0.35];
  for (let i = 0; i < n; i++) {
    const s = pickSegment(random, shares);
    predictions.segmentOf[i] = s;
    predictions.p[i] = TIE_P[Math.floor(random() * TIE_P.length)];
    predictions.v[i] = TIE_CLV[Math.min(TIE_CLV.length - 1, Math.floor(random() * TIE_CLV.length))];
  }
  return { predictions, catalog: [...DEFAULT_CATALOG], policy: scaledPolicy(n) };
}

const SHARE_CAPS_SEGMENTS = 8;

/** Segments of uneven sizes and CLV medians, p to 4 decimals: the catalog and the share cap make the week. */
function shareCapsWeek(n: number, seed: number): Week {
  const random = seededRandom(seed);
  const names = Array.from({ length: SHARE_CAPS_SEGMENTS }, (_, s) => (s === 0 ? 'Premium' : `Tier ${s + 1}`));
  const predictions = emptyPredictions(n, `share-caps:${n}:${seed}`, names, 'S');
  const weights = names.map(() => 0.3 + random());
  const total = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => w / total);
  const medians = names.map(() => 40 + 400 * random());
  for (let i = 0; i < n; i++) {
    const s = pickSegment(random, shares);
    predictions.segmentOf[i] = s;
    predictions.p[i] = logisticP(random, -0.6, 1.3, 4);
    predictions.v[i] = Math.round(100 * medians[s] * Math.exp(0.6 * normal(random))) / 100;
  }
  return { predictions, catalog: shareCapsCatalog(), policy: familyPolicy('share-caps', n) };
}

/** The share cap of the share-caps family: no action may go to more than this share of the customers. */
export const SHARE_CAP = 0.1;

/** The floors of the tight family; its budget is set from the least spend that meets them (see {@link tightBudget}). */
export const TIGHT_FLOORS: Partial<Policy> = { min_segment_coverage: 0.4, min_high_risk: 0.8, min_premium: 0.6 };

function tightWeek(n: number, seed: number): Week {
  return { predictions: generatePredictions(n, seed), catalog: [...DEFAULT_CATALOG], policy: familyPolicy('tight', n) };
}

/**
 * Draws one week of `family`. The tight family's budget is not set here: it needs a solve (the
 * least spend that meets its floors), which the bench does with {@link tightBudget}.
 */
export function generateWeek(family: FamilyName, n: number, seed: number): Week {
  switch (family) {
    case 'reference':
      return { predictions: generatePredictions(n, seed), catalog: [...DEFAULT_CATALOG], policy: scaledPolicy(n) };
    case 'harder':
      return harderWeek(n, seed);
    case 'many-segments':
      return manySegmentsWeek(n, seed);
    case 'tight':
      return tightWeek(n, seed);
    case 'ties':
      return tiesWeek(n, seed);
    case 'share-caps':
      return shareCapsWeek(n, seed);
  }
}

/** Share above the least feasible budget that the tight family gets. */
export const TIGHT_BUDGET_SLACK = 0.005;

/** The tight family's budget: {@link TIGHT_BUDGET_SLACK} above `leastSpend`, in whole cents. */
export function tightBudget(leastSpend: number): number {
  return Math.ceil(100 * leastSpend * (1 + TIGHT_BUDGET_SLACK)) / 100;
}

/** The policy of a week of `family` with `n` customers, before the tight family's budget is solved for. */
export function familyPolicy(family: FamilyName, n: number): Policy {
  if (family === 'tight') return { ...scaledPolicy(n), ...TIGHT_FLOORS };
  return family === 'share-caps' ? { ...scaledPolicy(n), max_action_share: SHARE_CAP } : scaledPolicy(n);
}

/**
 * Draws a week of `family` ready to plan: for the tight family, the least spend that meets its
 * floors and caps is solved for (cheapest plan, budget unlimited) and the budget set just above
 * it, unless `budget` (found so before) is given.
 */
export async function drawWeek(family: FamilyName, n: number, seed: number, budget?: number): Promise<Week> {
  const week = generateWeek(family, n, seed);
  if (budget !== undefined) return { ...week, policy: { ...week.policy, budget } };
  if (family !== 'tight') return week;
  const open = buildProblem(week.predictions, week.catalog, { ...week.policy, budget: 1e9 });
  const value = Float64Array.from(open.value, (x, at) => (Number.isNaN(x) ? x : -open.actions[at % open.K].cost));
  const cheapest = await solveProblem({ ...open, value }, { timeLimitSeconds: 120 });
  if (cheapest.status !== 'optimal') throw new Error(`the tight family's floors cannot be met (${cheapest.status})`);
  return { ...week, policy: { ...week.policy, budget: tightBudget(-cheapest.objective) } };
}
