import type { Action } from '../domain/catalog.ts';
import type { ContactHistory } from '../domain/history.ts';
import type { PlanOutcome } from '../domain/plan.ts';
import type { Policy } from '../domain/policy.ts';
import type { Predictions } from '../domain/predictions.ts';
import { countHoldout, defaultHoldout, describeSolution, historyWarnings, warningsFor } from './describe-plan.ts';
import { explainInfeasibility } from './infeasibility.ts';
import type { DualMemory } from './decomposition/index.ts';
import type { ProgressListener } from './outcome.ts';
import { buildProblem, type Problem } from './problem.ts';
import { sentCampaignWarnings } from './sent-campaign.ts';
import { DEFAULT_TIME_LIMIT_SECONDS, solveProblem, type SolveMethod } from './solve.ts';

export { describeCore, describeSolution, type PlanCore } from './describe-plan.ts';

export interface PlanWeekInput {
  predictions: Predictions;
  catalog: Action[];
  policy: Policy;
  timeLimitSeconds?: number;
  method?: SolveMethod;
  onProgress?: ProgressListener;
  /** Marks holdout customers after solving; `holdout[i] = 1` keeps customer i as control. Default: the stratified draw seeded by `planId`. */
  selectHoldout?: (choice: Int16Array) => Uint8Array;
  /** The plan's id: seeds the holdout draw (same id, same control group). */
  planId?: string;
  /** Contact history (approved exports) as of the planning day: enables cooldown, contact cap and sequence rules. */
  history?: ContactHistory;
  /**
   * Re-solves of this week follow (its marginal values): the solve sets up at once what they
   * share (see `DecompositionOptions.manySolves`).
   */
  manySolves?: boolean;
}

/**
 * Plans one week: builds the model of SPEC 3, solves it, and reports KPIs, rules,
 * the action mix, coverage and baselines. An infeasible policy comes back explained.
 * With `weeks` > 1 the plan covers several weeks (see `planHorizon`); week 1 is this outcome.
 */
export async function planWeek(input: PlanWeekInput): Promise<PlanOutcome> {
  // The multi-week solver loads only for a multi-week plan: a one-week run never reads it.
  if (input.policy.weeks > 1) return (await import('./plan-horizon.ts')).planHorizon(input);
  const { predictions, catalog, policy } = input;
  const problem = buildProblem(predictions, catalog, policy, input.history);
  const options = { timeLimitSeconds: input.timeLimitSeconds, method: input.method, onProgress: input.onProgress };
  const solved = await solveProblem(problem, { ...options, manySolves: input.manySolves });
  const nothing = new Int16Array(problem.n).fill(-1);
  const choice = solved.choice ?? nothing;
  const warnings = [...warningsFor(predictions, catalog, policy), ...historyWarnings(input)];
  if (problem.restingCustomers) {
    warnings.push(
      `${problem.restingCustomers} customers contacted or held out recently rest this week; the coverage floors count only the customers the plan may contact.`,
    );
  }
  const draw = defaultHoldout(input, warnings);
  const holdout = solved.choice && draw ? draw(choice) : new Uint8Array(problem.n);
  // The explanation gets what the solve left of the time limit, so the whole answer honours it.
  const explainSeconds = Math.max(0, (input.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS) - solved.seconds);
  const infeasibility =
    solved.status === 'infeasible'
      ? await explainInfeasibility(problem, policy, { ...options, timeLimitSeconds: explainSeconds })
      : undefined;
  if (infeasibility && problem.historyExclusions && problem.historyExclusions.length > 0) {
    infeasibility.reasons.push(
      `contact history kept customers from some actions this week (${problem.historyExclusions.map((e) => `${e.label}: ${e.customers}`).join('; ')}), which shrinks who can meet the floors`,
    );
  }
  if (solved.status === 'error' && solved.message) warnings.push(solved.message);

  const described = describeSolution({ problem, predictions, catalog, policy }, solved, holdout, warnings);
  if (solved.choice) warnings.push(...sentCampaignWarnings(described.kpis, described.constraints, policy));
  const outcome: PlanOutcome = {
    ...described,
    action_mix: countHoldout(described.action_mix, problem.actions, choice, holdout),
    infeasibility,
    ...(input.planId !== undefined ? { plan_id: input.planId } : {}),
    ...(problem.historyExclusions ? { history_exclusions: problem.historyExclusions } : {}),
  };
  solvedProblems.set(outcome, { problem, ...(solved.dual ? { dual: solved.dual } : {}) });
  return outcome;
}

/** The model a plan of {@link planWeek} was solved on, and the dual its solve left. */
export interface SolvedProblem {
  problem: Problem;
  dual?: DualMemory;
}

const solvedProblems = new WeakMap<PlanOutcome, SolvedProblem>();

/**
 * The model `outcome` was solved on and its solve's dual, while the outcome lives: what an
 * analysis of the plan (its marginal values) re-solves from, warm, instead of building and
 * solving the model again. Undefined for an outcome {@link planWeek} did not make.
 */
export function solvedProblemOf(outcome: PlanOutcome): SolvedProblem | undefined {
  return solvedProblems.get(outcome);
}
