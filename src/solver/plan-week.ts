import type { Action } from '../domain/catalog.ts';
import type { PlanOutcome } from '../domain/plan.ts';
import type { Policy } from '../domain/policy.ts';
import type { Predictions } from '../domain/predictions.ts';
import { explainInfeasibility } from './infeasibility.ts';
import { computeKpis, reportConstraints } from './kpis.ts';
import type { ProgressListener } from './outcome.ts';
import { buildProblem } from './problem.ts';
import { compareBaselines, summariseActionMix, summariseCoverage } from './report.ts';
import { solveProblem, type SolveMethod } from './solve.ts';

export interface PlanWeekInput {
  predictions: Predictions;
  catalog: Action[];
  policy: Policy;
  timeLimitSeconds?: number;
  method?: SolveMethod;
  onProgress?: ProgressListener;
  /** Marks holdout customers after solving; `holdout[i] = 1` keeps customer i as control. */
  selectHoldout?: (choice: Int16Array) => Uint8Array;
}

function warningsFor(predictions: Predictions, policy: Policy): string[] {
  const warnings: string[] = [];
  if (predictions.clvEstimated) {
    warnings.push('CLV is estimated: the file has no clv column, so values use the segment revenue proxy (see README).');
  }
  if (!predictions.segments.includes(policy.premium_segment) && policy.min_premium > 0) {
    warnings.push(`No customer is in the premium segment "${policy.premium_segment}"; min_premium has nothing to cover.`);
  }
  return warnings;
}

/**
 * Plans one week: builds the model of SPEC 3, solves it, and reports KPIs, rules,
 * the action mix, coverage and baselines. An infeasible policy comes back explained.
 */
export async function planWeek(input: PlanWeekInput): Promise<PlanOutcome> {
  const { predictions, catalog, policy } = input;
  const problem = buildProblem(predictions, catalog, policy);
  const options = { timeLimitSeconds: input.timeLimitSeconds, method: input.method, onProgress: input.onProgress };
  const solved = await solveProblem(problem, options);
  const nothing = new Int16Array(problem.n).fill(-1);
  const choice = solved.choice ?? nothing;
  const holdout = solved.choice && input.selectHoldout ? input.selectHoldout(choice) : new Uint8Array(problem.n);
  const infeasibility = solved.status === 'infeasible' ? await explainInfeasibility(problem, policy, options) : undefined;
  const warnings = warningsFor(predictions, policy);
  if (solved.status === 'error' && solved.message) warnings.push(solved.message);

  return {
    status: solved.status,
    policy,
    predictions,
    catalog,
    assignment: solved.choice ? { actions: problem.actions, choice, holdout } : undefined,
    kpis: computeKpis(problem, predictions, choice, holdout, policy.budget),
    constraints: reportConstraints(problem, choice),
    solver: { objective: solved.objective, bound: solved.bound, gap: solved.gap, seconds: solved.seconds, method: solved.method },
    clv_estimated: predictions.clvEstimated,
    warnings,
    action_mix: summariseActionMix(problem, predictions, choice),
    segment_coverage: summariseCoverage(predictions, choice, policy),
    baselines: compareBaselines(problem, predictions),
    infeasibility,
  };
}
