import type { ContactRules, HistoryWeeks } from './contact-rules.ts';

/**
 * Every sequence one kind of customer may follow, as a layered graph: a node of week t is what
 * the contact rules remember then (the roles of the last `lookback` weeks' actions), an edge is
 * one week's choice (an action index, or -1 for none) with the share of the remaining churn risk
 * it leaves (1 − its uplift, the follow-up uplift where one applies). Paths from node 0 to the
 * last node are exactly the sequences that keep every contact rule, along the sequence and
 * against the history before the horizon.
 */
export interface SequenceGraph {
  weeks: number;
  /** First node of each week; week `weeks` has one node, the end. Length weeks + 2. */
  weekStart: Int32Array;
  /** Edges out of node x at edgeStart[x] .. edgeStart[x + 1]. */
  edgeStart: Int32Array;
  edgeTo: Int32Array;
  edgeAction: Int16Array;
  edgeFactor: Float64Array;
  /**
   * 1 for a node where the plan's own earlier contacts (cooldown, 4-week cap) keep the customer
   * from every action: the customer rests that week and, as in the weekly model, leaves the
   * coverage floors' populations. Resting because of history alone is 0 (already left out).
   */
  nodeRests: Uint8Array;
}

/** The role of the action taken d weeks before (d ≥ 1) in a state, base `roles`. */
function roleAt(state: number, d: number, roles: number): number {
  return Math.floor(state / roles ** (d - 1)) % roles;
}

/**
 * Why a state keeps the customer from every action in week t: 'history' (the history before
 * the horizon alone), 'plan' (the plan's own contacts, with the history), or undefined.
 */
function restReason(
  rules: ContactRules,
  history: HistoryWeeks,
  t: number,
  state: number,
): 'history' | 'plan' | undefined {
  if (history.cooling[t] || history.heldOut[t] || history.count4w[t] + 1 > rules.maxContacts4w) return 'history';
  const B = rules.roleLists.length;
  let recent = history.count4w[t];
  const upTo = Math.min(rules.lookback, t);
  for (let d = 1; d <= upTo; d++) {
    if (roleAt(state, d, B) === 0) continue;
    if (d < rules.cooldownWeeks) return 'plan';
    if (d <= 3) recent++;
  }
  return recent + 1 > rules.maxContacts4w ? 'plan' : undefined;
}

/** What one action may be in a state no customer-wide rule rests: undefined when a sequence rule forbids it, else the share of risk it leaves. */
function allowedFactor(
  rules: ContactRules,
  history: HistoryWeeks,
  t: number,
  state: number,
  k: number,
  uplift: number,
): number | undefined {
  const B = rules.roleLists.length;
  const J = rules.lists.length;
  const upTo = Math.min(rules.lookback, t);
  const seen = (list: number): boolean => {
    if (history.listed[t * J + list]) return true;
    const window = Math.min(upTo, rules.lists[list].weeks - 1);
    for (let d = 1; d <= window; d++) if ((rules.roleLists[roleAt(state, d, B)] >> list) & 1) return true;
    return false;
  };
  if (rules.requires[k] >= 0 && !seen(rules.requires[k])) return undefined;
  if (rules.excludes[k] >= 0 && seen(rules.excludes[k])) return undefined;
  const followed = rules.followUp[k] >= 0 && seen(rules.followUp[k]);
  return 1 - (followed ? rules.followUpUplift[k] : uplift);
}

/**
 * Builds the graph of one kind of customer: `eligible[k]` from the catalog's segment and
 * churn-probability rules, `uplift[k]` its own share of risk removed, `history` its contacts
 * before the horizon. States are numbers in base `roles` (most recent week lowest).
 */
export function buildSequenceGraph(
  rules: ContactRules,
  eligible: Uint8Array,
  uplift: Float64Array,
  history: HistoryWeeks,
): SequenceGraph {
  const W = rules.weeks;
  const K = eligible.length;
  const B = rules.roleLists.length;
  const keep = B ** Math.max(0, rules.lookback - 1);
  const weekStart = new Int32Array(W + 2);
  const edgeStart: number[] = [0];
  const edgeTo: number[] = [];
  const edgeAction: number[] = [];
  const edgeFactor: number[] = [];
  const nodeRests: number[] = [];
  let states = [0];
  let first = 0;
  for (let t = 0; t < W; t++) {
    weekStart[t] = first;
    const nextIndex = new Map<number, number>();
    const nextStates: number[] = [];
    const nextFirst = first + states.length;
    const target = (state: number, role: number): number => {
      const next = t === W - 1 || rules.lookback === 0 ? 0 : role + B * (state % keep);
      let index = nextIndex.get(next);
      if (index === undefined) {
        index = nextStates.push(next) - 1;
        nextIndex.set(next, index);
      }
      return nextFirst + index;
    };
    for (const state of states) {
      edgeTo.push(target(state, 0));
      edgeAction.push(-1);
      edgeFactor.push(1);
      const rest = restReason(rules, history, t, state);
      nodeRests.push(rest === 'plan' ? 1 : 0);
      for (let k = 0; k < K && rest === undefined; k++) {
        if (!eligible[k]) continue;
        const factor = allowedFactor(rules, history, t, state, k, uplift[k]);
        if (factor === undefined) continue;
        edgeTo.push(target(state, rules.roleOf[k]));
        edgeAction.push(k);
        edgeFactor.push(factor);
      }
      edgeStart.push(edgeTo.length);
    }
    first = nextFirst;
    states = nextStates;
  }
  weekStart[W] = first;
  weekStart[W + 1] = first + 1;
  edgeStart.push(edgeTo.length);
  nodeRests.push(0);
  return {
    weeks: W,
    weekStart,
    edgeStart: Int32Array.from(edgeStart),
    edgeTo: Int32Array.from(edgeTo),
    edgeAction: Int16Array.from(edgeAction),
    edgeFactor: Float64Array.from(edgeFactor),
    nodeRests: Uint8Array.from(nodeRests),
  };
}

/** The edge out of `node` for choice `action` (-1 = none), or -1 when the rules forbid it there. */
export function findEdge(graph: SequenceGraph, node: number, action: number): number {
  for (let e = graph.edgeStart[node]; e < graph.edgeStart[node + 1]; e++) if (graph.edgeAction[e] === action) return e;
  return -1;
}
