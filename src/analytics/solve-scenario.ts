import type { Action } from '../domain/catalog.ts';
import type { ContactHistory } from '../domain/history.ts';
import type { PlanOutcome } from '../domain/plan.ts';
import type { Policy } from '../domain/policy.ts';
import type { Predictions } from '../domain/predictions.ts';
import { planObjective, rowHolds, rowUsage } from '../solver/kpis.ts';
import { relativeGap, type SolveOutcome } from '../solver/outcome.ts';
import type { DualMemory } from '../solver/decomposition/dual-memory.ts';
import { buildProblem, type Problem } from '../solver/problem.ts';
import { describeSolution } from '../solver/plan-week.ts';
import { solveProblem, type SolveMethod } from '../solver/solve.ts';

export interface ScenarioInput {
  predictions: Predictions;
  catalog: Action[];
  policy: Policy;
  /** A plan (choice per customer) to start from; kept when the solve returns nothing better. */
  start?: Int16Array;
  timeLimitSeconds?: number;
  method?: SolveMethod;
  /** The contact history the plan was made with, if any (its rules make pairs ineligible). */
  history?: ContactHistory;
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
export async function solveWithStart(problem: Problem, options: { start?: Int16Array; timeLimitSeconds?: number; method?: SolveMethod; dual?: DualMemory }): Promise<SolveOutcome> {
  const solved = await solveProblem(problem, { start: options.start, timeLimitSeconds: options.timeLimitSeconds, method: options.method, dual: options.dual });
  const start = options.start;
  if (!start || solved.status === 'infeasible') return solved;
  const startObjective = planObjective(problem, start);
  if ((solved.choice && solved.objective >= startObjective) || !meetsRows(problem, start)) return solved;
  const bound = Number.isFinite(solved.bound) ? Math.max(solved.bound, startObjective) : Number.POSITIVE_INFINITY;
  const gap = relativeGap(startObjective, bound);
  return { ...solved, status: gap <= 1e-6 ? 'optimal' : 'feasible', choice: start, objective: startObjective, bound, gap, message: undefined };
}

/**
 * Plans one scenario like `planWeek` (same model, KPIs, rule report, mix, coverage and
 * baselines) but with a warm start and without the infeasibility explanation or a holdout:
 * the building block of sweeps and of the re-solves that check marginal values.
 */
export async function solveScenario(input: ScenarioInput): Promise<PlanOutcome> {
  const problem = buildProblem(input.predictions, input.catalog, input.policy, input.history);
  return (await planScenario(problem, input)).outcome;
}

/**
 * {@link solveScenario} on a problem already built for `input.policy` (e.g. by
 * `withPolicyLimits`), also returning the solve itself, whose `dual` can warm-start the next
 * related scenario.
 */
export async function planScenario(problem: Problem, input: ScenarioInput & { dual?: DualMemory }): Promise<{ outcome: PlanOutcome; solved: SolveOutcome }> {
  const { predictions, catalog, policy } = input;
  const solved = await solveWithStart(problem, input);
  const warnings = solved.status === 'error' && solved.message ? [solved.message] : [];
  return { outcome: describeSolution({ problem, predictions, catalog, policy }, solved, new Uint8Array(problem.n), warnings), solved };
}
