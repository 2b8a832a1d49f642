import type { Action } from '../domain/catalog.ts';
import { historyWindowDays, type ContactHistory } from '../domain/history.ts';
import type { ActionMixRow, PlanOutcome } from '../domain/plan.ts';
import type { Policy } from '../domain/policy.ts';
import type { Predictions } from '../domain/predictions.ts';
import { selectHoldout } from './holdout.ts';
import { explainInfeasibility } from './infeasibility.ts';
import { computeKpis, reportConstraints } from './kpis.ts';
import type { DualMemory } from './decomposition/index.ts';
import type { ProgressListener, SolveOutcome } from './outcome.ts';
import { buildProblem, type Problem } from './problem.ts';
import { compareBaselines, summariseActionMix, summariseCoverage } from './report.ts';
import { solveProblem, type SolveMethod } from './solve.ts';

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
}

function defaultHoldout(input: PlanWeekInput, warnings: string[]): ((choice: Int16Array) => Uint8Array) | undefined {
  const { predictions, policy } = input;
  if (input.selectHoldout || policy.holdout <= 0) return input.selectHoldout;
  let seed = input.planId;
  if (seed === undefined) {
    seed = `${predictions.source}|${predictions.ids.length}`;
    warnings.push(
      'The holdout was drawn without a plan id, so it is seeded by the input file; give a plan id to make each plan draw its own control group.',
    );
  }
  const fixed = seed;
  return (choice) =>
    selectHoldout({
      ids: predictions.ids,
      segmentOf: predictions.segmentOf,
      choice,
      share: policy.holdout,
      seed: fixed,
    });
}

function historyWarnings(input: PlanWeekInput): string[] {
  const sequenced = input.catalog.filter((a) => a.requires_prior || a.excludes_prior).map((a) => a.name);
  if (!input.history)
    return sequenced.length > 0
      ? [
          `No contact history was given, so the sequence rules of ${sequenced.join(', ')} and the cooldown were not applied.`,
        ]
      : [];
  const warnings: string[] = [];
  const reach = historyWindowDays(input.policy, input.catalog);
  if (reach > input.history.window_days)
    warnings.push(
      `The contact history covers ${input.history.window_days} days but the rules look back ${reach}; older contacts were not seen.`,
    );
  return warnings;
}

function warningsFor(predictions: Predictions, policy: Policy): string[] {
  const warnings: string[] = [];
  if (predictions.clvEstimated) {
    warnings.push(
      'CLV is estimated: the file has no clv column, so values use the segment revenue proxy (see README).',
    );
  }
  if (!predictions.segments.includes(policy.premium_segment) && policy.min_premium > 0) {
    warnings.push(
      `No customer is in the premium segment "${policy.premium_segment}"; min_premium has nothing to cover.`,
    );
  }
  return warnings;
}

/**
 * Plans one week: builds the model of SPEC 3, solves it, and reports KPIs, rules,
 * the action mix, coverage and baselines. An infeasible policy comes back explained.
 */
export async function planWeek(input: PlanWeekInput): Promise<PlanOutcome> {
  const { predictions, catalog, policy } = input;
  const problem = buildProblem(predictions, catalog, policy, input.history);
  const options = { timeLimitSeconds: input.timeLimitSeconds, method: input.method, onProgress: input.onProgress };
  const solved = await solveProblem(problem, options);
  const nothing = new Int16Array(problem.n).fill(-1);
  const choice = solved.choice ?? nothing;
  const warnings = [...warningsFor(predictions, policy), ...historyWarnings(input)];
  if (problem.restingCustomers) {
    warnings.push(
      `${problem.restingCustomers} customers contacted or held out recently rest this week; the coverage floors count only the customers the plan may contact.`,
    );
  }
  const draw = defaultHoldout(input, warnings);
  const holdout = solved.choice && draw ? draw(choice) : new Uint8Array(problem.n);
  const infeasibility =
    solved.status === 'infeasible' ? await explainInfeasibility(problem, policy, options) : undefined;
  if (infeasibility && problem.historyExclusions && problem.historyExclusions.length > 0) {
    infeasibility.reasons.push(
      `contact history kept customers from some actions this week (${problem.historyExclusions.map((e) => `${e.label}: ${e.customers}`).join('; ')}), which shrinks who can meet the floors`,
    );
  }
  if (solved.status === 'error' && solved.message) warnings.push(solved.message);

  const described = describeSolution({ problem, predictions, catalog, policy }, solved, holdout, warnings);
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

/** A solved problem's status, plan, KPIs and solve: what every report of it starts from, and all a sweep level reports. */
export type PlanCore = Pick<
  PlanOutcome,
  'status' | 'policy' | 'predictions' | 'catalog' | 'assignment' | 'kpis' | 'solver' | 'warnings'
>;

type SolvedContext = { problem: Problem; predictions: Predictions; catalog: Action[]; policy: Policy };

/** The {@link PlanCore} of one solved problem. */
export function describeCore(
  context: SolvedContext,
  solved: SolveOutcome,
  holdout: Uint8Array,
  warnings: string[],
): PlanCore {
  const { problem, predictions, catalog, policy } = context;
  const choice = solved.choice ?? new Int16Array(problem.n).fill(-1);
  return {
    status: solved.status,
    policy,
    predictions,
    catalog,
    assignment: solved.choice ? { actions: problem.actions, choice, holdout } : undefined,
    kpis: computeKpis(problem, predictions, choice, holdout, policy.budget),
    solver: {
      objective: solved.objective,
      bound: solved.bound,
      gap: solved.gap,
      seconds: solved.seconds,
      method: solved.method,
    },
    warnings,
  };
}

/**
 * The report of one solved problem: status, plan, KPIs, rule report, mix, coverage and
 * baselines, all from the model's own rows. Shared by {@link planWeek} and the analytics'
 * scenario solves so the two can never report a plan differently.
 */
export function describeSolution(
  context: SolvedContext,
  solved: SolveOutcome,
  holdout: Uint8Array,
  warnings: string[],
): PlanOutcome {
  const { problem, predictions, policy } = context;
  const choice = solved.choice ?? new Int16Array(problem.n).fill(-1);
  return {
    ...describeCore(context, solved, holdout, warnings),
    constraints: reportConstraints(problem, choice),
    clv_estimated: predictions.clvEstimated,
    action_mix: summariseActionMix(problem, predictions, choice),
    segment_coverage: summariseCoverage(problem, predictions, choice, policy),
    baselines: compareBaselines(problem, predictions),
  };
}

function countHoldout(
  rows: ActionMixRow[],
  actions: readonly Action[],
  choice: Int16Array,
  holdout: Uint8Array,
): ActionMixRow[] {
  const held = new Map<number, number>();
  for (let i = 0; i < choice.length; i++)
    if (choice[i] >= 0 && holdout[i]) held.set(actions[choice[i]].id, (held.get(actions[choice[i]].id) ?? 0) + 1);
  return rows.map((row) => ({ ...row, holdout: held.get(row.action_id) ?? 0 }));
}
