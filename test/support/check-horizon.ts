/**
 * The independent checker of plans over several weeks: every week's rules through
 * `checkPlan` (with the customers the contacts so far, history and plan, rest that week), every contact
 * rule along each customer's sequence through `checkHistory` (the plan's own earlier weeks added
 * to the raw history as contacts on their days), the horizon budget, and the objective of the
 * compounding model recomputed from the raw inputs. No code shared with src/solver/horizon.
 */
import type { Action } from '../../src/domain/catalog.ts';
import type { Policy } from '../../src/domain/policy.ts';
import type { Predictions } from '../../src/domain/predictions.ts';
import { checkPlan } from './check-plan.ts';
import { checkHistory, restingCustomers, type RawContact } from './check-history.ts';

export interface RawHistory {
  asOf: string;
  contacts: readonly RawContact[];
  holdouts: readonly RawContact[];
}

/** `weeks[t]`: customer index -> action id in week t (absent or 0 = nothing). */
export type WeekAssignments = readonly ReadonlyMap<number, number>[];

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const NO_HISTORY: RawHistory = { asOf: '2026-01-05', contacts: [], holdouts: [] };

/** The contacts before week t: the raw history and the plan's weeks before t, each sent on its Monday. */
function contactsBefore(weeks: WeekAssignments, ids: readonly string[], history: RawHistory, t: number): RawContact[] {
  const contacts = [...history.contacts];
  for (let s = 0; s < t; s++)
    for (const [i, action] of weeks[s])
      if (action !== 0) contacts.push({ customer_id: ids[i], action_id: action, date: addDays(history.asOf, 7 * s) });
  return contacts;
}

/** The share of risk customer i's action removes in week t: its follow-up uplift after a listed contact, else its own. */
function upliftIn(
  predictions: Predictions,
  action: Action,
  i: number,
  before: readonly RawContact[],
  day: string,
): number {
  const follow = action.follow_up;
  const id = predictions.ids.at(i);
  if (
    follow &&
    before.some((c) => {
      const ago = (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${c.date}T00:00:00Z`)) / 86_400_000;
      return c.customer_id === id && ago >= 0 && ago < 7 * follow.within_weeks && follow.after.includes(c.action_id);
    })
  )
    return follow.uplift;
  const column = predictions.reductions.get(action.id);
  if (column && !Number.isNaN(column[i])) {
    const p = predictions.p[i];
    return p > 0 ? Math.min(1, Math.max(0, column[i] / p)) : 0;
  }
  return action.uplift;
}

export interface CheckedHorizon {
  violations: string[];
  /** The objective of the compounding model: Σ w·(1 − Π(1 − u_t)) − κ·cost. */
  objective: number;
  spend: number;
}

/** Checks a plan over `weeks.length` weeks; the history is empty unless given. */
export function checkHorizon(input: {
  predictions: Predictions;
  catalog: readonly Action[];
  policy: Policy;
  weeks: WeekAssignments;
  history?: RawHistory;
}): CheckedHorizon {
  const { predictions, catalog, policy, weeks } = input;
  const history = input.history ?? NO_HISTORY;
  const violations: string[] = [];
  const byId = new Map(catalog.map((a) => [a.id, a]));
  const remaining = new Float64Array(predictions.ids.length).fill(1);
  let spend = 0;
  weeks.forEach((assigned, t) => {
    const day = addDays(history.asOf, 7 * t);
    const before = contactsBefore(weeks, [...predictions.ids], history, t);
    // As in the weekly model, customers whom the contacts so far keep from every action this week leave the floors.
    const resting = restingCustomers({ predictions, policy, asOf: day, contacts: before, holdouts: history.holdouts });
    const week = checkPlan(predictions, catalog, { ...policy }, assigned, resting);
    violations.push(...week.violations.map((v) => `week ${t + 1}: ${v}`));
    const rules = checkHistory({
      predictions,
      catalog,
      policy,
      asOf: day,
      contacts: before,
      holdouts: history.holdouts,
      assigned,
    });
    violations.push(...rules.map((v) => `week ${t + 1}: ${v}`));
    for (const [i, id] of assigned) {
      const action = byId.get(id);
      if (!action || id === 0) continue;
      spend += action.cost;
      remaining[i] *= 1 - upliftIn(predictions, action, i, before, day);
    }
  });
  if (
    weeks.length > 1 &&
    policy.horizon_budget !== undefined &&
    spend > policy.horizon_budget + 1e-6 * Math.max(1, policy.horizon_budget)
  )
    violations.push(`spend ${spend} over the weeks exceeds horizon_budget ${policy.horizon_budget}`);
  let objective = 0;
  remaining.forEach((q, i) => {
    const weight = policy.objective === 'churn_reduction' ? predictions.p[i] : predictions.p[i] * predictions.v[i];
    objective += weight * (1 - q);
  });
  if (policy.objective === 'net_value') objective -= spend;
  return { violations, objective, spend };
}

/**
 * The optimum over every sequence of every customer, by enumeration: each customer's sequences
 * ((actions + 1) ^ weeks) are first checked alone (a sequence that breaks one of the customer's
 * own rules, named by the checker with its id, never helps), then the combinations are walked
 * depth first, each customer's sequences in descending objective, and a combination is checked
 * whole only when its objective beats the best plan accepted so far
 * (the rest of the tree is cut by the sum of the remaining customers' best objectives, and
 * wherever some week's spend, or the spend over the weeks, already passes its budget).
 * `undefined` when no combination is accepted. Tiny instances only.
 */
export function bruteForceHorizon(input: {
  predictions: Predictions;
  catalog: readonly Action[];
  policy: Policy;
  history?: RawHistory;
}): number | undefined {
  const { predictions, catalog, policy } = input;
  const n = predictions.ids.length;
  const W = policy.weeks;
  const ids = [0, ...catalog.filter((a) => a.id !== 0).map((a) => a.id)];
  const weeksOf = (pick: readonly (readonly number[] | undefined)[]): Map<number, number>[] =>
    Array.from(
      { length: W },
      (_, t) => new Map(pick.flatMap((seq, i) => (seq ? [[i, seq[t]] as [number, number]] : []))),
    );
  const options = [...predictions.ids].map((id, i) => {
    const own: { seq: number[]; objective: number }[] = [];
    for (let code = 0; code < ids.length ** W; code++) {
      const seq = Array.from({ length: W }, (_, t) => ids[Math.floor(code / ids.length ** t) % ids.length]);
      const alone = Array.from({ length: n }, (_, j) => (j === i ? seq : undefined));
      const checked = checkHorizon({ ...input, weeks: weeksOf(alone) });
      if (!checked.violations.some((v) => v.includes(`customer ${id} `) || v.includes(`${id}:`)))
        own.push({ seq, objective: checked.objective });
    }
    return own.sort((a, b) => b.objective - a.objective);
  });
  const rest = new Float64Array(n + 1);
  for (let i = n - 1; i >= 0; i--) rest[i] = rest[i + 1] + (options[i][0]?.objective ?? -Infinity);
  const cost = new Map(catalog.map((a) => [a.id, a.cost]));
  const spend = new Float64Array(W);
  const over = () =>
    spend.some((s) => s > policy.budget + 1e-9) ||
    (W > 1 && policy.horizon_budget !== undefined && spend.reduce((a, b) => a + b, 0) > policy.horizon_budget + 1e-9);
  let best: number | undefined;
  const pick: number[][] = [];
  const walk = (i: number, objective: number): void => {
    if (best !== undefined && objective + rest[i] <= best + 1e-9) return;
    if (over()) return;
    if (i === n) {
      const checked = checkHorizon({ ...input, weeks: weeksOf(pick) });
      if (checked.violations.length === 0) best = checked.objective;
      return;
    }
    for (const option of options[i]) {
      option.seq.forEach((id, t) => (spend[t] += cost.get(id) ?? 0));
      pick.push(option.seq);
      walk(i + 1, objective + option.objective);
      pick.pop();
      option.seq.forEach((id, t) => (spend[t] -= cost.get(id) ?? 0));
    }
  };
  walk(0, 0);
  return best;
}
