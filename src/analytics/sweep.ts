import type { Action } from '../domain/catalog.ts';
import type { ContactHistory } from '../domain/history.ts';
import type { Kpis, PlanStatus } from '../domain/plan.ts';
import type { Policy } from '../domain/policy.ts';
import type { Predictions } from '../domain/predictions.ts';
import type { SolveMethod } from '../solver/solve.ts';
import { findKnee, type Knee } from './knee.ts';
import type { DualMemory } from '../solver/decomposition/dual-memory.ts';
import { buildProblem, LIMIT_KEYS, withPolicyLimits, type Problem } from '../solver/problem.ts';
import type { PlanCore } from '../solver/plan-week.ts';
import { planLevel } from './solve-scenario.ts';
import type { NumericPolicyKey, SweepSpec } from './sweep-spec.ts';

export interface SweepPoint {
  value: number;
  status: PlanStatus;
  kpis: Kpis | null;
  gap: number | null;
  seconds: number;
  /** Net value gained per unit of the key since the previous level with a plan (null for the first). */
  marginal_net_value: number | null;
  /** The level's plan, KPIs and solve, for checks; not serialised. */
  outcome: PlanCore;
}

export interface SweepResult {
  key: NumericPolicyKey;
  spacing: SweepSpec['spacing'];
  points: SweepPoint[];
  knee: Knee | null;
  seconds: number;
  /** The wall-clock allowance the levels after the first shared (see {@link runSweep}). */
  time_budget_seconds: number;
}

export interface SweepInput {
  predictions: Predictions;
  catalog: Action[];
  policy: Policy;
  spec: SweepSpec;
  method?: SolveMethod;
  history?: ContactHistory;
  /** Most seconds for any one level (default 60). */
  timeLimitSeconds?: number;
  /** The whole sweep may take about this many times the first level's solve (default 3)... */
  budgetFactor?: number;
  /** ...but never less than this many seconds in all (default 60), so that small inputs are solved to optimality. */
  minBudgetSeconds?: number;
  onLevel?: (point: SweepPoint, done: number, total: number) => void;
}

/** Floors get easier as they fall: sweep them downwards so that each plan is feasible for the next level. */
const FLOOR_KEYS: ReadonlySet<NumericPolicyKey> = new Set(['min_high_risk', 'min_premium', 'min_segment_coverage']);

/**
 * Plans the policy at every level of one key. Levels are solved in the order in which the rules
 * relax (limits upwards, floors downwards) and each level starts from the previous level's plan,
 * which is then feasible, so a level never reports less than the one before (see
 * `solveWithStart`). Time: the first level is solved in full (t1); the others share
 * max(minBudgetSeconds, budgetFactor * t1) - t1, each a share of what is left.
 */
export async function runSweep(input: SweepInput): Promise<SweepResult> {
  const started = performance.now();
  const { spec } = input;
  const order = FLOOR_KEYS.has(spec.key) ? [...spec.values].reverse() : [...spec.values];
  const perLevelCap = input.timeLimitSeconds ?? 60;
  const byValue = new Map<number, SweepPoint>();
  let start: { choice: Int16Array; objective: number } | undefined;
  let dual: DualMemory | undefined;
  let first: Problem | undefined;
  let budget = Number.POSITIVE_INFINITY;
  for (const [done, value] of order.entries()) {
    const elapsed = (performance.now() - started) / 1000;
    const share = done === 0 ? perLevelCap : Math.max(1, (budget - elapsed) / (order.length - done));
    const levelStarted = performance.now();
    const policy = { ...input.policy, [spec.key]: value };
    // A key that only moves limits keeps the values: one build, and each level's dual starts from the last one's cuts.
    const sameValues = first !== undefined && LIMIT_KEYS.has(spec.key);
    const problem = first && sameValues ? withPolicyLimits(first, policy) : buildProblem(input.predictions, input.catalog, policy, input.history);
    first ??= problem;
    // On the same values, the last plan's objective is known.
    const known = sameValues && start ? { startObjective: start.objective } : {};
    const { outcome, solved } = await planLevel(problem, { predictions: input.predictions, catalog: input.catalog, policy, start: start?.choice, ...known, dual, timeLimitSeconds: Math.min(perLevelCap, share), method: input.method });
    const seconds = (performance.now() - levelStarted) / 1000;
    if (done === 0) budget = Math.max(input.minBudgetSeconds ?? 60, (input.budgetFactor ?? 3) * seconds);
    if (outcome.assignment && solved.choice) start = { choice: outcome.assignment.choice, objective: solved.objective };
    dual = solved.dual ?? dual;
    const hasPlan = outcome.assignment !== undefined;
    const point: SweepPoint = { value, status: outcome.status, kpis: hasPlan ? outcome.kpis : null, gap: hasPlan ? outcome.solver.gap : null, seconds, marginal_net_value: null, outcome };
    byValue.set(value, point);
    input.onLevel?.(point, done + 1, order.length);
  }
  const points = spec.values.map((value) => byValue.get(value) as SweepPoint);
  let previous: SweepPoint | undefined;
  for (const point of points) {
    if (!point.kpis) continue;
    if (previous?.kpis) point.marginal_net_value = (point.kpis.net_value - previous.kpis.net_value) / (point.value - previous.value);
    previous = point;
  }
  return {
    key: spec.key,
    spacing: spec.spacing,
    points,
    knee: findKnee(points.filter((p) => p.kpis).map((p) => ({ x: p.value, y: (p.kpis as Kpis).net_value }))),
    seconds: (performance.now() - started) / 1000,
    time_budget_seconds: budget,
  };
}
