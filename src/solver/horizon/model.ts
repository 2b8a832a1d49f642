import { isEligible, treatmentActions, type Action } from '../../domain/catalog.ts';
import type { ContactHistory } from '../../domain/history.ts';
import type { Policy } from '../../domain/policy.ts';
import type { Predictions } from '../../domain/predictions.ts';
import { buildRelaxation, tightenToGrid, type Relaxation } from '../decomposition/index.ts';
import { buildLinkingRows, type LinkingRow } from '../linking-rows.ts';
import { historyKey, readContactRules, readHistoryWeeks, restsInWeek, type ContactRules } from './contact-rules.ts';
import { tightestFloor } from './floor-cuts.ts';
import { buildSequenceGraph, type SequenceGraph } from './sequence-graph.ts';
import { unaffordableActions } from './unaffordable.ts';

/** Customers who share a sequence graph and a class of the rows: one dynamic program serves them all. */
export interface CustomerType {
  graph: number;
  /** Class of the relaxation: which week's floors count the customer. */
  cls: number;
  /** Customer indices, heaviest weight first. */
  customers: Int32Array;
  /** Their weights in the same order, and prefix sums (length + 1). */
  weights: Float64Array;
  prefix: Float64Array;
}

/**
 * The multi-week model (README, "Planning several weeks"): each customer follows one path of
 * its sequence graph; week t's rows are the weekly model's rows of that week (history before
 * the horizon rests customers out of week t's floors), and the horizon budget, when set, caps
 * the spend of all weeks. A sequence leaving a share Q of the risk is worth w·(1 − Q) − κ·cost.
 */
export interface HorizonModel {
  weeks: number;
  n: number;
  K: number;
  actions: Action[];
  policy: Policy;
  rules: ContactRules;
  /** w: p·v, or p when the objective is churn reduction. */
  weight: Float64Array;
  /** κ: 1 when costs count in the objective (net_value), else 0. */
  costWeight: number;
  /** Rows of week t at t * weekRows .. (t + 1) * weekRows, then the horizon budget when set. */
  rows: LinkingRow[];
  weekRows: number;
  /** Per week, the weekly rows (for reports in the weekly model's words). */
  weeklyRows: LinkingRow[][];
  /** Classes, coefficients per (class, row, action) and limits on their grids (built by the decomposition). */
  relax: Relaxation;
  /**
   * Coefficient of a week the customer rests because of the plan's own contacts, per (class,
   * row) at `c * R + r`: a coverage floor asks for a share of the customers the plan may contact,
   * so "treated ≥ share · (members − resting)" becomes "treated + share · resting ≥ share · members".
   */
  restCoef: Float64Array;
  /** Per row, the members who may rest because of the plan (0 for rows other than a floor's week). */
  floorResting: Int32Array;
  graphs: SequenceGraph[];
  types: CustomerType[];
  typeOf: Uint32Array;
  /** Customers who rest in week t because of their history (`t * n + i`). */
  resting: Uint8Array;
  /** Customers with a history that leaves them no action in some week. */
  restingCount: number[];
  /** The week's predictions the model was built from (the myopic plan plans each week on them). */
  predictions: Predictions;
}

/** The row's week, or -1 for the horizon budget (every week). */
export function rowWeek(model: HorizonModel, r: number): number {
  return r < model.weeks * model.weekRows ? Math.floor(r / model.weekRows) : -1;
}

/** The share of risk action k removes for customer i: its uplift, or the uplift model's reduction over p (at most all of it). */
function upliftOf(predictions: Predictions, action: Action, i: number): number {
  const column = predictions.reductions.get(action.id);
  const r = column?.[i];
  if (r === undefined || Number.isNaN(r)) return action.uplift;
  const p = predictions.p[i];
  return p > 0 ? Math.min(1, Math.max(0, r / p)) : 0;
}

/** Builds the model of `policy.weeks` weeks from one week's predictions. Pure. */
export function buildHorizonModel(
  predictions: Predictions,
  catalog: readonly Action[],
  policy: Policy,
  history?: ContactHistory,
): HorizonModel {
  const n = predictions.ids.length;
  const W = policy.weeks;
  const actions = treatmentActions(catalog);
  const K = actions.length;
  const rules = readContactRules(actions, policy, W);
  const modelled = actions.filter((a) => predictions.reductions.has(a.id));

  const resting = new Uint8Array(W * n);
  const restingCount = new Array<number>(W).fill(0);
  // Each customer's history, read once: it rests customers out of the weeks' rows and shapes their graphs.
  const pasts = history && Array.from({ length: n }, (_, i) => history.customers.get(predictions.ids.at(i)));
  if (pasts)
    for (let i = 0; i < n; i++) {
      const past = pasts[i];
      if (!past) continue;
      const flags = readHistoryWeeks(rules, past);
      for (let t = 0; t < W; t++)
        if (restsInWeek(rules, flags, t)) {
          resting[t * n + i] = 1;
          restingCount[t]++;
        }
    }
  const weeklyRows = Array.from({ length: W }, (_, t) =>
    buildLinkingRows(predictions, actions, policy, history ? resting.subarray(t * n, (t + 1) * n) : undefined).map(
      (row) => ({ ...row, name: W > 1 ? `week${t + 1}:${row.name}` : row.name }),
    ),
  );
  const floors = new Set<string>(['min_high_risk', 'min_premium', 'min_segment_coverage']);
  // Over several weeks a floor's population loses the customers the plan itself rests: the limit is share · members.
  const rows = weeklyRows
    .flat()
    .map((row) =>
      W > 1 && floors.has(row.rule) ? { ...row, limit: (policy[row.rule] as number) * (row.population ?? 0) } : row,
    );
  // One week has its own budget: the horizon budget caps plans of several weeks only.
  if (policy.horizon_budget !== undefined && W > 1)
    rows.push({
      name: 'horizon_budget',
      label: `Budget over ${W} weeks`,
      rule: 'horizon_budget',
      sense: '<=',
      limit: policy.horizon_budget,
      actionCoef: Float64Array.from(actions, (a) => a.cost),
      members: null,
    });
  const unaffordable = unaffordableActions(weeklyRows, rows.slice(W * (weeklyRows[0]?.length ?? 0)), K);

  const graphs: SequenceGraph[] = [];
  const graphIndex = new Map<string, number>();
  const graphOf = new Uint32Array(n);
  const eligible = new Uint8Array(K);
  const uplift = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    const segment = predictions.segments[predictions.segmentOf[i]];
    let key = '';
    for (let k = 0; k < K; k++) {
      eligible[k] = !unaffordable[k] && isEligible(actions[k], segment, predictions.p[i]) ? 1 : 0;
      uplift[k] = modelled.length > 0 ? upliftOf(predictions, actions[k], i) : actions[k].uplift;
      key += eligible[k] ? '1' : '0';
    }
    if (modelled.length > 0) key += `|${uplift.join(',')}`;
    const past = pasts?.[i];
    if (past) key += `|${historyKey(past)}`;
    let g = graphIndex.get(key);
    if (g === undefined) {
      g = graphs.push(buildSequenceGraph(rules, eligible, uplift, readHistoryWeeks(rules, past))) - 1;
      graphIndex.set(key, g);
    }
    graphOf[i] = g;
  }

  const relax = buildRelaxation({ n, K, actions, value: new Float64Array(0), reduction: new Float64Array(0), rows });
  const canRest = restingClasses(graphs, graphOf, relax.classOf, relax.C, W);
  const restCoef = new Float64Array(relax.C * relax.R);
  const classSize = new Int32Array(relax.C);
  for (let i = 0; i < n; i++) classSize[relax.classOf[i]]++;
  const floorResting = new Int32Array(relax.R);
  rows.forEach((row, r) => {
    if (W === 1 || !floors.has(row.rule) || K === 0) return;
    const share = policy[row.rule] as number;
    const t = Math.floor(r / weeklyRows[0].length);
    const resting: number[] = [];
    for (let c = 0; c < relax.C; c++)
      if (relax.rowCoef[(c * relax.R + r) * K] !== 0 && canRest[c * W + t]) resting.push(c);
    const most = resting.reduce((sum, c) => sum + classSize[c], 0);
    floorResting[r] = most;
    const line = tightestFloor(share, row.population ?? 0, most) ?? { restCoef: share, limit: row.limit };
    for (const c of resting) restCoef[c * relax.R + r] = line.restCoef;
    // Where no customer of the row can rest that week, its usage is a whole number of customers.
    relax.limit[r] = tightenToGrid(line.limit, -1, resting.length > 0 ? [1, line.restCoef] : [1]);
  });

  const weight = Float64Array.from(predictions.p, (p, i) =>
    policy.objective === 'churn_reduction' ? p : p * predictions.v[i],
  );
  const types = groupTypes(graphOf, relax.classOf, relax.C, weight);
  const typeOf = new Uint32Array(n);
  types.forEach((type, at) => {
    for (const i of type.customers) typeOf[i] = at;
  });
  return {
    weeks: W,
    n,
    K,
    actions,
    policy,
    rules,
    weight,
    costWeight: policy.objective === 'net_value' ? 1 : 0,
    rows,
    weekRows: weeklyRows[0]?.length ?? 0,
    weeklyRows,
    relax,
    restCoef,
    floorResting,
    graphs,
    types,
    typeOf,
    resting,
    restingCount,
    predictions,
  };
}

/** Per (class, week) at `c * W + t`, 1 when some customer of the class can rest that week because of the plan's own contacts. */
function restingClasses(
  graphs: readonly SequenceGraph[],
  graphOf: Uint32Array,
  classOf: Uint32Array,
  C: number,
  W: number,
): Uint8Array {
  const graphRests = graphs.map((graph) =>
    Array.from({ length: W }, (_, t) =>
      graph.nodeRests.subarray(graph.weekStart[t], graph.weekStart[t + 1]).includes(1),
    ),
  );
  const rests = new Uint8Array(C * W);
  for (let i = 0; i < graphOf.length; i++)
    for (let t = 0; t < W; t++) if (graphRests[graphOf[i]][t]) rests[classOf[i] * W + t] = 1;
  return rests;
}

/** Groups customers by (graph, class), each group sorted by weight, heaviest first. */
function groupTypes(graphOf: Uint32Array, classOf: Uint32Array, C: number, weight: Float64Array): CustomerType[] {
  const members = new Map<number, number[]>();
  for (let i = 0; i < graphOf.length; i++) {
    const key = graphOf[i] * Math.max(1, C) + classOf[i];
    let list = members.get(key);
    if (!list) members.set(key, (list = []));
    list.push(i);
  }
  return [...members.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([key, list]) => {
      const customers = Int32Array.from(list).sort((x, y) => weight[y] - weight[x] || x - y);
      const weights = Float64Array.from(customers, (i) => weight[i]);
      const prefix = new Float64Array(weights.length + 1);
      for (let j = 0; j < weights.length; j++) prefix[j + 1] = prefix[j] + weights[j];
      return { graph: Math.floor(key / Math.max(1, C)), cls: key % Math.max(1, C), customers, weights, prefix };
    });
}
