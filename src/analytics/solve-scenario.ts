import type { Action } from '../domain/catalog.ts';
import type { Policy } from '../domain/policy.ts';
import type { Predictions } from '../domain/predictions.ts';
import { planObjective, rowHolds, rowUsage } from '../solver/kpis.ts';
import { relativeGap, type SolveOutcome } from '../solver/outcome.ts';
import type { Problem } from '../solver/problem.ts';
import { describeCore, type PlanCore } from '../solver/plan-week.ts';
import { solveProblem, type DecompositionHints, type SolveMethod } from '../solver/solve.ts';

export interface ScenarioInput {
  predictions: Predictions;
  catalog: Action[];
  policy: Policy;
  /** A plan (choice per customer) to start from; kept when the solve returns nothing better. */
  start?: Int16Array;
  /** The start's objective on this problem's values, when known (a sweep level's plan, on the same values): saves a pass. */
  startObjective?: number;
  timeLimitSeconds?: number;
  method?: SolveMethod;
}

/** True when `choice` meets every linking row of `problem` (eligibility is implied by the choice's origin). */
export function meetsRows(problem: Problem, choice: Int16Array): boolean {
  const used = rowUsage(problem, choice);
  return problem.rows.every((row, r) => rowHolds(row, used[r]));
}

/**
 * The solve of a what-if scenario: {@link solveProblem} with a warm start, and a guard that
 * keeps the start plan when it is feasible and the solve came back worse or without a plan
 * (a time-limited level of a sweep must never report less than a plan it already had).
 */
export async function solveWithStart(
  problem: Problem,
  options: DecompositionHints & {
    start?: Int16Array;
    startObjective?: number;
    timeLimitSeconds?: number;
    method?: SolveMethod;
  },
): Promise<SolveOutcome> {
  const { startObjective, ...solve } = options;
  const solved = await solveProblem(problem, solve);
  return options.start ? preferKnownPlan(problem, solved, options.start, startObjective) : solved;
}

/**
 * `solved`, or the known plan `start` (with its objective when known) when that meets every
 * row and is better, or the solve found none: its status and gap then come from the solve's
 * bound. An infeasible solve stays infeasible.
 */
export function preferKnownPlan(
  problem: Problem,
  solved: SolveOutcome,
  start: Int16Array,
  knownObjective?: number,
): SolveOutcome {
  if (solved.status === 'infeasible') return solved;
  const startObjective = knownObjective ?? planObjective(problem, start);
  if ((solved.choice && solved.objective >= startObjective) || !meetsRows(problem, start)) return solved;
  const bound = Number.isFinite(solved.bound) ? Math.max(solved.bound, startObjective) : Number.POSITIVE_INFINITY;
  const gap = relativeGap(startObjective, bound);
  return {
    ...solved,
    status: gap <= 1e-6 ? 'optimal' : 'feasible',
    choice: start,
    objective: startObjective,
    bound,
    gap,
    message: undefined,
  };
}

/**
 * One level of a sweep: {@link solveWithStart} on a problem already built for `input.policy`
 * (e.g. by `withPolicyLimits`), described by its plan, KPIs and solve; the solve's `dual` can
 * warm-start the next level.
 */
export async function planLevel(
  problem: Problem,
  input: ScenarioInput & Pick<DecompositionHints, 'dual' | 'repairAtCountRoot' | 'manySolves'>,
): Promise<{ outcome: PlanCore; solved: SolveOutcome }> {
  const solved = await solveWithStart(problem, input);
  return { outcome: describeLevel(problem, input, solved), solved };
}

/**
 * A sweep level's plan, KPIs and solve. A sweep shows KPIs per level: no rule report, action
 * mix, coverage or baselines, which `describeSolution` adds for a plan (a dozen passes over the
 * customers per level).
 */
export function describeLevel(
  problem: Problem,
  input: Pick<ScenarioInput, 'predictions' | 'catalog' | 'policy'>,
  solved: SolveOutcome,
): PlanCore {
  const { predictions, catalog, policy } = input;
  const warnings = solved.status === 'error' && solved.message ? [solved.message] : [];
  return describeCore({ problem, predictions, catalog, policy }, solved, new Uint8Array(problem.n), warnings);
}
