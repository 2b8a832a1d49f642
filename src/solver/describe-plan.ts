import type { Action } from '../domain/catalog.ts';
import { historyWindowDays } from '../domain/history.ts';
import type { ActionMixRow, PlanOutcome } from '../domain/plan.ts';
import type { Policy } from '../domain/policy.ts';
import { predictionWarnings, type Predictions } from '../domain/predictions.ts';
import { selectHoldout } from './holdout.ts';
import { inputWarnings } from './input-warnings.ts';
import { computeKpis, reportConstraints } from './kpis.ts';
import type { SolveOutcome } from './outcome.ts';
import type { Problem } from './problem.ts';
import { compareBaselines, summariseActionMix, summariseCoverage } from './report.ts';
import type { PlanWeekInput } from './plan-week.ts';

/** The holdout draw of a plan: the input's own, or the stratified draw seeded by its plan id (a warning when there is none). */
export function defaultHoldout(
  input: PlanWeekInput,
  warnings: string[],
): ((choice: Int16Array) => Uint8Array) | undefined {
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

/** What the contact history means for this plan: missing history, or a window shorter than the rules look back. */
export function historyWarnings(input: PlanWeekInput): string[] {
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

/** Warnings about the inputs: an estimated CLV, absent segments, what the reader filled in or ignored. */
export function warningsFor(predictions: Predictions, catalog: readonly Action[], policy: Policy): string[] {
  return [...inputWarnings(predictions, catalog, policy), ...predictionWarnings(predictions, catalog)];
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
    constraints: reportConstraints(problem, choice, holdout),
    clv_estimated: predictions.clvEstimated,
    action_mix: summariseActionMix(problem, predictions, choice),
    segment_coverage: summariseCoverage(problem, predictions, choice, policy, holdout),
    baselines: compareBaselines(problem, predictions),
  };
}

/** The action mix with each action's held-out customers counted. */
export function countHoldout(
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
