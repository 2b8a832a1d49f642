import type { Action } from '../domain/catalog.ts';
import type { Policy } from '../domain/policy.ts';
import type { Predictions } from '../domain/predictions.ts';
import { ClassNumbering, rememberMembership } from './membership.ts';

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

export type LimitKey =
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

  // One pass: the high-risk and segment members, and the classes they make (see `membershipClasses`).
  const highRisk = new Uint8Array(n);
  let highRiskCount = 0;
  const premiumIndex = predictions.segments.indexOf(policy.premium_segment);
  const segmentMembers = predictions.segments.map(() => new Uint8Array(n));
  const segmentSizes = predictions.segments.map(() => 0);
  const classes = new ClassNumbering(new Uint32Array(n), 2 * predictions.segments.length + 1);
  for (let i = 0; i < n; i++) {
    // A resting customer is a member of no row: the class of key 0.
    if (resting?.[i]) {
      classes.add(i, 0);
      continue;
    }
    const s = predictions.segmentOf[i];
    segmentMembers[s][i] = 1;
    segmentSizes[s]++;
    const high = predictions.p[i] > policy.high_risk_threshold ? 1 : 0;
    highRisk[i] = high;
    highRiskCount += high;
    classes.add(i, 1 + 2 * s + high);
  }
  rows.push(row('min_high_risk', 'High-risk coverage', 'min_high_risk', ones, highRisk, highRiskCount));

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
  rememberMembership(rows, classes.finish());
  return rows;
}

/** Whether two arrays (or nulls) hold the same numbers; the same array is recognised at once. */
export function sameNumbers(a: ArrayLike<number> | null, b: ArrayLike<number> | null): boolean {
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
