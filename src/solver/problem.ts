import { inChurnWindow, isEligibleSegment, treatmentActions, type Action } from '../domain/catalog.ts';
import type { CustomerIds } from '../domain/customer-ids.ts';
import {
  customerBlocks,
  describeHistoryRule,
  followsUp,
  type ContactHistory,
  type HistoryExclusion,
} from '../domain/history.ts';
import type { Policy } from '../domain/policy.ts';
import { reductionOf, type Predictions } from '../domain/predictions.ts';
import { checkSegmentCount } from './model-limits.ts';

/** A tolerance for turning shares of counts into whole numbers: 0.6 * 250 is 150, not 151. */
const COUNT_EPSILON = 1e-9;

/** ceil(share * size), robust to floating error in the product. */
export function ceilShare(share: number, size: number): number {
  return Math.max(0, Math.ceil(share * size - COUNT_EPSILON));
}

/** floor(share * size), robust to floating error in the product. */
export function floorShare(share: number, size: number): number {
  return Math.max(0, Math.floor(share * size + COUNT_EPSILON));
}

/**
 * A row that ties customers together. The coefficient of pair (i, k) is
 * `actionCoef[k] * (members ? members[i] : 1)`: every rule of SPEC 3 has this form
 * (budget: cost of k; channels: 1 for actions on the channel; floors: 1 for members).
 */
export interface LinkingRow {
  /** Stable name used in reports, e.g. "budget", "max_action_share:2", "min_segment_coverage:Free". */
  name: string;
  label: string;
  /** The policy key that sets this row. */
  rule: keyof Policy;
  sense: '<=' | '>=';
  limit: number;
  actionCoef: Float64Array;
  members: Uint8Array | null;
  /** The number of customers a share-valued rule is a share of; with it, the limit follows from the policy (see {@link ruleLimit}). */
  population?: number;
}

/**
 * The model of SPEC 3 in arrays. Pair (i, k) lives at `i * K + k` with k indexing `actions`
 * (the treatment actions, "No Action" excluded). `value` is NaN for ineligible pairs.
 */
export interface Problem {
  n: number;
  K: number;
  actions: Action[];
  /** Objective coefficient per pair (NaN when ineligible). */
  value: Float64Array;
  /** Churn reduction r per pair (NaN when ineligible). */
  reduction: Float64Array;
  rows: LinkingRow[];
  /** Customers each contact-history rule kept from some action (only when history was given). */
  historyExclusions?: HistoryExclusion[];
  /** Customers a customer-wide history rule rests this week (cooldown, contact cap, holdout window). */
  restingCustomers?: number;
  /** `resting[i] = 1` for each of them (only with history): the floors' populations leave them out. */
  resting?: Uint8Array;
}

function objectiveCoefficient(mode: Policy['objective'], r: number, v: number, cost: number): number {
  switch (mode) {
    case 'net_value':
      return r * v - cost;
    case 'retained_clv':
      return r * v;
    case 'churn_reduction':
      return r;
  }
}

/**
 * Builds the arrays of SPEC 3 from predictions, a catalog and a policy. Pure. Refuses more than
 * `MAX_SEGMENTS` segments (see `checkSegmentCount`) before allocating anything.
 * With contact `history`, the history rules (cooldown, 4-week cap, holdout window, sequence
 * rules) only make pairs ineligible (NaN), so every solve method enforces them unchanged.
 */
export function buildProblem(
  predictions: Predictions,
  catalog: readonly Action[],
  policy: Policy,
  history?: ContactHistory,
): Problem {
  checkSegmentCount(predictions);
  const n = predictions.ids.length;
  const actions = treatmentActions(catalog);
  const K = actions.length;
  const value = new Float64Array(n * K);
  const reduction = new Float64Array(n * K);
  // Per (segment, action) and per action, what eligibility and the churn reduction read, looked up once.
  const eligibleBySegment = predictions.segments.map((segment) =>
    Uint8Array.from(actions, (a) => (isEligibleSegment(a, segment) ? 1 : 0)),
  );
  const modelled = actions.map((a) => predictions.reductions.get(a.id));

  // A follow-up (catalog `follow_up`) of a contact in the history removes its follow-up uplift instead.
  const followed = history && actions.some((a) => a.follow_up) ? history : undefined;
  for (let i = 0; i < n; i++) {
    const p = predictions.p[i];
    const v = predictions.v[i];
    const eligible = eligibleBySegment[predictions.segmentOf[i]];
    const past = followed?.customers.get(predictions.ids.at(i));
    for (let k = 0; k < K; k++) {
      const at = i * K + k;
      const action = actions[k];
      if (!eligible[k] || !inChurnWindow(action, p)) {
        value[at] = Number.NaN;
        reduction[at] = Number.NaN;
        continue;
      }
      const r =
        past && followsUp(past, action)
          ? p * (action.follow_up?.uplift ?? 0)
          : reductionOf(modelled[k]?.[i], p, action.uplift);
      reduction[at] = r;
      value[at] = objectiveCoefficient(policy.objective, r, v, action.cost);
    }
  }
  const problem: Problem = { n, K, actions, value, reduction, rows: [] };
  let resting: Uint8Array | undefined;
  if (history) {
    const applied = applyContactHistory(problem, predictions.ids, policy, history);
    problem.historyExclusions = applied.exclusions;
    problem.restingCustomers = applied.restingCount;
    problem.resting = applied.resting;
    resting = applied.resting;
  }
  problem.rows = buildLinkingRows(predictions, actions, policy, resting);
  return problem;
}

/** Policy keys that only move the limits of linking rows: a problem for another value of one keeps its values and coefficients. */
export const LIMIT_KEYS: ReadonlySet<keyof Policy> = new Set([
  'budget',
  'email_cap',
  'push_cap',
  'min_high_risk',
  'min_premium',
  'max_action_share',
  'min_segment_coverage',
]);

type LimitKey =
  'budget' | 'email_cap' | 'push_cap' | 'min_high_risk' | 'min_premium' | 'max_action_share' | 'min_segment_coverage';

/** The limit of a row set by `rule` under `policy`; a share-valued rule is a share of `population` customers. */
export function ruleLimit(rule: LimitKey, policy: Policy, population: number): number {
  switch (rule) {
    case 'budget':
    case 'email_cap':
    case 'push_cap':
      return policy[rule];
    case 'max_action_share':
      return floorShare(policy.max_action_share, population);
    case 'min_high_risk':
    case 'min_premium':
    case 'min_segment_coverage':
      return ceilShare(policy[rule], population);
  }
}

/**
 * The same problem under a policy that differs from its own only in {@link LIMIT_KEYS}: the
 * value arrays and the rows' coefficient arrays are shared (not copied) and only the limits
 * change, which is what lets a sweep level reuse the previous level's dual (see `DualMemory`).
 */
export function withPolicyLimits(problem: Problem, policy: Policy): Problem {
  const rows = problem.rows.map((row) => {
    if (row.population === undefined || !LIMIT_KEYS.has(row.rule)) throw new Error(`row ${row.name} has no limit rule`);
    return { ...row, limit: ruleLimit(row.rule as LimitKey, policy, row.population) };
  });
  return { ...problem, rows };
}

/**
 * Marks the pairs the history rules forbid as ineligible and counts, per rule, the customers
 * it kept from at least one action they were otherwise eligible for. A customer may count
 * under several rules. `resting` marks customers a customer-wide rule (cooldown, contact cap,
 * holdout window) keeps from every action this week: the coverage floors leave them out.
 */
export function applyContactHistory(
  problem: Problem,
  ids: CustomerIds,
  policy: Policy,
  history: ContactHistory,
): { exclusions: HistoryExclusion[]; resting: Uint8Array; restingCount: number } {
  const { K, actions, value, reduction } = problem;
  const counts = new Map<string, number>();
  const strangers = customerBlocks(undefined, actions, policy);
  const strangersBlocked = strangers.perAction.some((rule) => rule !== undefined);
  const hit: string[] = [];
  const resting = new Uint8Array(problem.n);
  let restingCount = 0;
  for (let i = 0; i < problem.n; i++) {
    const customer = history.customers.get(ids.at(i));
    if (!customer && !strangersBlocked) continue;
    const blocks = customer ? customerBlocks(customer, actions, policy) : strangers;
    if (blocks.all.length > 0) {
      resting[i] = 1;
      restingCount++;
    }
    hit.length = 0;
    for (let k = 0; k < K; k++) {
      const at = i * K + k;
      if (Number.isNaN(value[at])) continue;
      const own = blocks.perAction[k];
      if (blocks.all.length === 0 && own === undefined) continue;
      for (const rule of blocks.all) if (!hit.includes(rule)) hit.push(rule);
      if (own !== undefined && !hit.includes(own)) hit.push(own);
      value[at] = Number.NaN;
      reduction[at] = Number.NaN;
    }
    for (const rule of hit) counts.set(rule, (counts.get(rule) ?? 0) + 1);
  }
  const exclusions = [...counts]
    .map(([rule, customers]) => ({ rule, label: describeHistoryRule(rule, policy, actions), customers }))
    .sort((a, b) => b.customers - a.customers || (a.rule < b.rule ? -1 : 1));
  return { exclusions, resting, restingCount };
}

function constant(K: number, fill: (k: number) => number): Float64Array {
  const coef = new Float64Array(K);
  for (let k = 0; k < K; k++) coef[k] = fill(k);
  return coef;
}

/**
 * The rows of SPEC 3 other than "one action per customer", in a stable order. Customers marked
 * in `resting` (contacted or held out recently, so no action may reach them this week) are left
 * out of the populations the coverage floors are shares of: a floor asks for a share of the
 * customers the plan may contact. Without history every customer counts, exactly as SPEC 3.
 */
export function buildLinkingRows(
  predictions: Predictions,
  actions: readonly Action[],
  policy: Policy,
  resting?: Uint8Array,
): LinkingRow[] {
  const n = predictions.ids.length;
  const K = actions.length;
  const ones = constant(K, () => 1);
  const row = (
    name: string,
    label: string,
    rule: LimitKey,
    actionCoef: Float64Array,
    members: Uint8Array | null,
    population: number,
  ): LinkingRow => ({
    name,
    label,
    rule,
    sense:
      rule === 'budget' || rule === 'email_cap' || rule === 'push_cap' || rule === 'max_action_share' ? '<=' : '>=',
    limit: ruleLimit(rule, policy, population),
    actionCoef,
    members,
    population,
  });
  const rows: LinkingRow[] = [
    row(
      'budget',
      'Budget',
      'budget',
      constant(K, (k) => actions[k].cost),
      null,
      n,
    ),
    row(
      'email_cap',
      'Email capacity',
      'email_cap',
      constant(K, (k) => (actions[k].channel === 'email' ? 1 : 0)),
      null,
      n,
    ),
    row(
      'push_cap',
      'Push and in-app capacity',
      'push_cap',
      constant(K, (k) => (actions[k].channel === 'push' || actions[k].channel === 'in_app' ? 1 : 0)),
      null,
      n,
    ),
  ];

  const highRisk = new Uint8Array(n);
  let highRiskCount = 0;
  for (let i = 0; i < n; i++) {
    if (resting?.[i]) continue;
    if (predictions.p[i] > policy.high_risk_threshold) {
      highRisk[i] = 1;
      highRiskCount++;
    }
  }
  rows.push(row('min_high_risk', 'High-risk coverage', 'min_high_risk', ones, highRisk, highRiskCount));

  const premiumIndex = predictions.segments.indexOf(policy.premium_segment);
  const segmentMembers = predictions.segments.map(() => new Uint8Array(n));
  const segmentSizes = predictions.segments.map(() => 0);
  for (let i = 0; i < n; i++) {
    if (resting?.[i]) continue;
    segmentMembers[predictions.segmentOf[i]][i] = 1;
    segmentSizes[predictions.segmentOf[i]]++;
  }
  const premiumSize = premiumIndex >= 0 ? segmentSizes[premiumIndex] : 0;
  rows.push(
    row(
      'min_premium',
      `${policy.premium_segment} coverage`,
      'min_premium',
      ones,
      premiumIndex >= 0 ? segmentMembers[premiumIndex] : new Uint8Array(n),
      premiumSize,
    ),
  );

  actions.forEach((action, k) => {
    rows.push(
      row(
        `max_action_share:${action.id}`,
        `Share of ${action.name}`,
        'max_action_share',
        constant(K, (j) => (j === k ? 1 : 0)),
        null,
        n,
      ),
    );
  });
  predictions.segments.forEach((segment, s) => {
    rows.push(
      row(
        `min_segment_coverage:${segment}`,
        `Coverage of ${segment}`,
        'min_segment_coverage',
        ones,
        segmentMembers[s],
        segmentSizes[s],
      ),
    );
  });
  return rows;
}

function sameNumbers(a: ArrayLike<number> | null, b: ArrayLike<number> | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  return true;
}

/**
 * True when two lists of linking rows differ at most in their limits: the same rows, senses and
 * coefficients (the same arrays, as `withPolicyLimits` keeps them, are recognised at once).
 */
export function sameRowCoefficients(a: readonly LinkingRow[], b: readonly LinkingRow[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (row, r) =>
        row.name === b[r].name &&
        row.sense === b[r].sense &&
        sameNumbers(row.actionCoef, b[r].actionCoef) &&
        sameNumbers(row.members, b[r].members),
    )
  );
}

/** Coefficient of pair (i, k) in a linking row. */
export function rowCoefficient(row: LinkingRow, i: number, k: number): number {
  return row.members && row.members[i] === 0 ? 0 : row.actionCoef[k];
}
