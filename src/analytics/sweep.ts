import { PlannerError } from '../domain/errors.ts';
import type { Action } from '../domain/catalog.ts';
import type { ContactHistory } from '../domain/history.ts';
import type { Kpis, PlanStatus } from '../domain/plan.ts';
import type { Policy } from '../domain/policy.ts';
import type { Predictions } from '../domain/predictions.ts';
import type { SolveMethod } from '../solver/solve.ts';
import { findKnee, type Knee } from './knee.ts';
import type { DualMemory } from '../solver/decomposition/index.ts';
import { buildProblem, withPolicyLimits, type Problem } from '../solver/problem.ts';
import { LIMIT_KEYS } from '../solver/linking-rows.ts';
import type { SolveOutcome } from '../solver/outcome.ts';
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

/** One solved level, kept until the sweep has them all. */
interface SolvedLevel {
  value: number;
  problem: Problem;
  policy: Policy;
  solved: SolveOutcome;
  outcome: PlanCore;
  seconds: number;
}

/**
 * Plans the policy at every level of one key, in the order in which the rules relax (limits
 * upwards, floors downwards): each level starts from the plan of the level before, which meets
 * its rules (so no level reports less than a tighter one), and its dual from that level's
 * (see `DualMemory`). Time: the first level is solved in full (t1); the others share
 * max(minBudgetSeconds, budgetFactor * t1) - t1, each a share of what is left.
 */
export async function runSweep(input: SweepInput): Promise<SweepResult> {
  if (input.policy.weeks > 1)
    throw new PlannerError('BAD_POLICY', 'a sweep plans one week at each level; drop weeks= to sweep');
  const started = performance.now();
  const { spec } = input;
  const order = FLOOR_KEYS.has(spec.key) ? [...spec.values].reverse() : [...spec.values];
  const perLevelCap = input.timeLimitSeconds ?? 60;
  const levels: SolvedLevel[] = [];
  let last: DualMemory | undefined;
  let first: Problem | undefined;
  let budget = Number.POSITIVE_INFINITY;
  // A key that only moves limits keeps the values: one build, each level's dual starts from its
  // neighbour's cuts, and a plan's objective carries over.
  const sameValues = LIMIT_KEYS.has(spec.key);
  for (const [j, value] of order.entries()) {
    const elapsed = (performance.now() - started) / 1000;
    const share = j === 0 ? perLevelCap : Math.max(1, (budget - elapsed) / (order.length - j));
    const levelStarted = performance.now();
    const policy = { ...input.policy, [spec.key]: value };
    const problem =
      first && sameValues
        ? withPolicyLimits(first, policy)
        : buildProblem(input.predictions, input.catalog, policy, input.history);
    first ??= problem;
    const below = levels.at(-1);
    const start = below?.solved.choice
      ? { start: below.solved.choice, ...(sameValues ? { startObjective: below.solved.objective } : {}) }
      : {};
    const { outcome, solved } = await planLevel(problem, {
      predictions: input.predictions,
      catalog: input.catalog,
      policy,
      ...start,
      dual: last,
      // The levels of a few-types week: a plan repaired at the count search's root often proves them.
      repairAtCountRoot: true,
      // One value array for every level: its lines, set up once, serve each level's passes.
      manySolves: sameValues,
      timeLimitSeconds: Math.min(perLevelCap, share),
      method: input.method,
    });
    const seconds = (performance.now() - levelStarted) / 1000;
    if (j === 0) budget = Math.max(input.minBudgetSeconds ?? 60, (input.budgetFactor ?? 3) * seconds);
    last = carryDual(last, solved.dual);
    levels[j] = { value, problem, policy, solved, outcome, seconds };
    input.onLevel?.(toPoint(levels[j]), j + 1, order.length);
  }
  const byValue = new Map(levels.map((level) => [level.value, toPoint(level)]));
  const points = spec.values.map((value) => byValue.get(value) as SweepPoint);
  let previous: SweepPoint | undefined;
  for (const point of points) {
    if (!point.kpis) continue;
    if (previous?.kpis)
      point.marginal_net_value = (point.kpis.net_value - previous.kpis.net_value) / (point.value - previous.value);
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

/**
 * The dual the next level starts from: the level's own, unless it has no cuts (the count search
 * proved the level before any dual pass) and the one before has; those cuts and that screen
 * stay exact for the next level's limits, where an empty memory would make it build both anew.
 */
export function carryDual(last: DualMemory | undefined, fresh: DualMemory | undefined): DualMemory | undefined {
  if (!fresh) return last;
  return fresh.points.length === 0 && last !== undefined && last.points.length > 0 ? last : fresh;
}

function toPoint({ value, outcome, seconds }: SolvedLevel): SweepPoint {
  const hasPlan = outcome.assignment !== undefined;
  return {
    value,
    status: outcome.status,
    kpis: hasPlan ? outcome.kpis : null,
    gap: hasPlan ? outcome.solver.gap : null,
    seconds,
    marginal_net_value: null,
    outcome,
  };
}
