import { isEligibleSegment, treatmentActions, type Action } from '../domain/catalog.ts';
import type { CustomerIds } from '../domain/customer-ids.ts';
import {
  customerBlocks,
  describeHistoryRule,
  followsUp,
  type ContactHistory,
  type HistoryExclusion,
} from '../domain/history.ts';
import type { Policy } from '../domain/policy.ts';
import type { Predictions } from '../domain/predictions.ts';
import { checkSegmentCount } from './model-limits.ts';
import { computedReductions, type PairReductions } from './pair-reductions.ts';
import { buildLinkingRows, LIMIT_KEYS, ruleLimit, type LimitKey, type LinkingRow } from './linking-rows.ts';
import { recordValueLines } from './value-lines.ts';

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
  /** Churn reduction r per pair (NaN when ineligible), read pair by pair. */
  reduction: PairReductions;
  rows: LinkingRow[];
  /** Customers each contact-history rule kept from some action (only when history was given). */
  historyExclusions?: HistoryExclusion[];
  /** Customers a customer-wide history rule rests this week (cooldown, contact cap, holdout window). */
  restingCustomers?: number;
  /** `resting[i] = 1` for each of them (only with history): the floors' populations leave them out. */
  resting?: Uint8Array;
}

/** The objectives by the index the build loop tests: r · v − cost, r · v, r. */
const objectiveModes: readonly Policy['objective'][] = ['net_value', 'retained_clv', 'churn_reduction'];

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
  // Per (segment, action) and per action, what eligibility and the churn reduction read, looked up once.
  const eligibleBySegment = predictions.segments.map((segment) =>
    Uint8Array.from(actions, (a) => (isEligibleSegment(a, segment) ? 1 : 0)),
  );
  const cells = actions.map((a) => predictions.reductions.get(a.id));
  // Each action's window, uplift and cost in flat arrays: the loop below runs n * K times.
  const low = Float64Array.from(actions, (a) => a.min_churn_probability ?? -Infinity);
  const high = Float64Array.from(actions, (a) => a.max_churn_probability ?? Infinity);
  const uplift = Float64Array.from(actions, (a) => a.uplift);
  const cost = Float64Array.from(actions, (a) => a.cost);
  const mode = objectiveModes.indexOf(policy.objective);
  const { p: probability, v: clv, segmentOf } = predictions;

  // A follow-up (catalog `follow_up`) of a contact in the history removes its follow-up uplift instead.
  const followed = history && actions.some((a) => a.follow_up) ? history : undefined;
  const overrides = new Map<number, number>();
  // Without a cell or a follow-up, value = uplift · score − cost (net value), uplift · score, or uplift · p.
  const score = new Float64Array(n);
  for (let i = 0, at = 0; i < n; i++) {
    const p = probability[i];
    const v = clv[i];
    score[i] = mode === 2 ? p : p * v;
    const eligible = eligibleBySegment[segmentOf[i]];
    const past = followed?.customers.get(predictions.ids.at(i));
    for (let k = 0; k < K; k++, at++) {
      // The window test of `inChurnWindow`, NaN p included.
      if (eligible[k] === 0 || p < low[k] || p > high[k]) {
        value[at] = Number.NaN;
        continue;
      }
      let r: number;
      if (past && followsUp(past, actions[k])) {
        r = p * (actions[k].follow_up?.uplift ?? 0);
        overrides.set(at, r);
      } else {
        // `reductionOf`, inline: an uplift model's cell, or p · uplift where it has none.
        const column = cells[k];
        const cell = column === undefined ? Number.NaN : column[i];
        r = Number.isNaN(cell) ? p * uplift[k] : cell;
      }
      value[at] = mode === 0 ? r * v - cost[k] : mode === 1 ? r * v : r;
    }
  }
  const reduction = computedReductions({ K, value, p: probability, cells, uplift, overrides });
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
  const intercept = mode === 0 ? cost.map((c) => -c) : new Float64Array(K);
  recordValueLines(value, { score, slope: uplift, intercept });
  return problem;
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
 * `problem` with `rows` in place of its own, built as {@link buildProblem} builds a problem
 * (the same properties in the same order), not by spread: a spread's copy gets a map of its own,
 * and code optimized for the planned problem's map is thrown away when it meets the copy.
 */
export function withRows(problem: Problem, rows: LinkingRow[]): Problem {
  const { n, K, actions, value, reduction } = problem;
  const copy: Problem = { n, K, actions, value, reduction, rows };
  if (problem.historyExclusions !== undefined) {
    copy.historyExclusions = problem.historyExclusions;
    copy.restingCustomers = problem.restingCustomers;
    copy.resting = problem.resting;
  }
  return copy;
}

/** `row` with `limit` in place of its own, in {@link buildLinkingRows}'s shape (see {@link withRows}). */
export function withRowLimit(row: LinkingRow, limit: number): LinkingRow {
  const { name, label, rule, sense, actionCoef, members, population } = row;
  return { name, label, rule, sense, limit, actionCoef, members, population };
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
  const { K, actions, value } = problem;
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
    }
    for (const rule of hit) counts.set(rule, (counts.get(rule) ?? 0) + 1);
  }
  const exclusions = [...counts]
    .map(([rule, customers]) => ({ rule, label: describeHistoryRule(rule, policy, actions), customers }))
    .sort((a, b) => b.customers - a.customers || (a.rule < b.rule ? -1 : 1));
  return { exclusions, resting, restingCount };
}
