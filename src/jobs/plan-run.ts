import type { Action } from '../domain/catalog.ts';
import type { ContactHistory } from '../domain/history.ts';
import type { MarginalValuesReport, PlanOutcome } from '../domain/plan.ts';
import type { Policy } from '../domain/policy.ts';
import type { Predictions } from '../domain/predictions.ts';
import { planCsvBytes } from '../io/plan-csv.ts';
import { findLastApprovedPolicy } from '../learning/audit-history.ts';
import { describeMove, needsSecondApprover } from '../approvals/governance.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { newPlanId, writeRun } from '../storage/run-record.ts';
import { MIN_SOLVE_SECONDS, requireSolveTime, solveSeconds, type JobDeadline } from './deadline.ts';
import { createLazyAnalytics } from './lazy-analytics.ts';
import { loadHistoryFor, loadPlanningInputs, type PlanAnalytics, type PredictionFiles } from './plan-inputs.ts';
import { describeFailure } from '../domain/errors.ts';
import { runningChartThread } from '../analytics/chart-thread.ts';
import type { Clock } from '../domain/clock.ts';

export type { PlanAnalytics, PredictionFiles } from './plan-inputs.ts';

/** The planner as the Slack side sees it: `planWeek` in production, a stand-in in some tests. */
export type PlanWeekFn = (input: {
  predictions: Predictions;
  catalog: Action[];
  policy: Policy;
  timeLimitSeconds?: number;
  planId?: string;
  history?: ContactHistory;
  /** Marginal values re-solve the week after its plan (see `PlanWeekInput.manySolves`). */
  manySolves?: boolean;
}) => Promise<PlanOutcome>;

/** What planning from a store needs; shared by the worker and the Monday summary. */
export interface PlanRunDeps {
  store: ObjectStore;
  planWeek: PlanWeekFn;
  /** Marginal values, sweeps and charts; imported on first use when absent. */
  analytics?: PlanAnalytics;
  /** A fixed catalog for tools and tests; by default each run plans with the store's current catalog. */
  catalog?: Action[];
  clock: Clock;
  timeLimitSeconds: number;
  version: string;
  /** The team's time zone: the planning day of the contact history. UTC when absent. */
  timeZone?: string;
  newPlanId?: (now: Date) => string;
  /** The invocation's deadline (the worker's Lambda context): solves are cut to end before it. */
  deadline?: JobDeadline;
}

/** How many approvers a plan needs, and the policy moves that ask for a second one. */
export interface ApprovalsNeeded {
  required: number;
  reasons: string[];
}

/** A finished, recorded run: the outcome, its plan id, where its CSV is, and what it was made with. */
export interface RecordedPlan {
  outcome: PlanOutcome;
  planId: string;
  planCsvKey: string;
  /** The plan CSV's bytes as written to the store; absent when the run has no plan. */
  csv?: Uint8Array;
  /** The plan chart, started on the chart thread as soon as the plan was known (when one runs). */
  chart?: Promise<Uint8Array>;
  inputKey: string;
  catalogVersion: string;
  /** Approved exports read as contact history. */
  historyFiles: number;
  approvals: ApprovalsNeeded;
}

let defaultAnalytics: PlanAnalytics | undefined;

/** The analytics of `deps`, or the lazily imported real ones. */
export function analyticsOf(deps: Pick<PlanRunDeps, 'analytics'>): PlanAnalytics {
  return deps.analytics ?? (defaultAnalytics ??= createLazyAnalytics());
}

async function marginalValues(
  deps: PlanRunDeps,
  outcome: PlanOutcome,
  history: ContactHistory,
): Promise<MarginalValuesReport> {
  const seconds = solveSeconds(Math.max(1, Math.min(30, deps.timeLimitSeconds / 2)), deps.deadline);
  if (seconds < MIN_SOLVE_SECONDS)
    return { values: [], note: 'marginal values were not computed: the time of this run went to the plan', seconds: 0 };
  try {
    return await analyticsOf(deps).marginalValues(outcome, { history, timeLimitSeconds: seconds });
  } catch (error) {
    const failure = describeFailure(error);
    return { values: [], note: `marginal values could not be computed (${failure.code})`, seconds: 0 };
  }
}

/** Two approvers when the policy moves any numeric key more than 20% from the last approved plan's. */
async function approvalsNeeded(store: ObjectStore, policy: Policy): Promise<ApprovalsNeeded> {
  const last = await findLastApprovedPolicy(store);
  const verdict = needsSecondApprover(policy, last?.policy);
  return { required: verdict.required ? 2 : 1, reasons: verdict.moved.map(describeMove) };
}

/**
 * Plans one week from the store and records it: reads the prediction files, the current
 * catalog and the contact history of approved exports; plans with the holdout drawn for the
 * new plan id; adds the marginal values of the binding rules; decides how many approvers the
 * plan needs; writes `plans/<id>/plan.csv` (when there is a plan) and `plans/<id>/run.json`
 * with the catalog version. Returns what a message needs.
 */
export async function planAndRecord(
  deps: PlanRunDeps,
  input: { files: PredictionFiles; policy: Policy; requestedBy: string },
): Promise<RecordedPlan> {
  const { store } = deps;
  const requestedAt = deps.clock();
  const planId = (deps.newPlanId ?? newPlanId)(requestedAt);
  const inputs = await loadPlanningInputs(store, {
    files: input.files,
    now: requestedAt,
    timeZone: deps.timeZone,
    catalog: deps.catalog,
  });
  const loaded = await loadHistoryFor(store, inputs, [input.policy]);
  const outcome = await deps.planWeek({
    predictions: inputs.predictions,
    catalog: inputs.catalog.catalog,
    policy: input.policy,
    timeLimitSeconds: requireSolveTime(solveSeconds(deps.timeLimitSeconds, deps.deadline), deps.deadline),
    planId,
    history: loaded.history,
    // Its marginal values re-solve the week.
    manySolves: true,
  });
  const planned = outcome.assignment !== undefined && outcome.status !== 'error';
  // With a chart thread (the local simulator) the chart is drawn there while the marginal values are made here.
  const chart = planned && runningChartThread() ? analyticsOf(deps).planChartPng(outcome, `Plan ${planId}`) : undefined;
  chart?.catch(() => undefined);
  // Marginal values re-solve one week: a plan over several weeks has none.
  if (planned && !outcome.horizon) outcome.marginal_values = await marginalValues(deps, outcome, loaded.history);
  const approvals = planned ? await approvalsNeeded(store, input.policy) : { required: 1, reasons: [] };
  // Bytes made in chunks: a 10M-customer plan's CSV is longer than V8's longest string.
  const csv = planned ? planCsvBytes(outcome) : undefined;
  const written = await writeRun(store, {
    planId,
    outcome,
    csv,
    input: {
      key: inputs.inputKey,
      etag: inputs.etag,
      sha256: inputs.sha256,
      location: store.describe(inputs.inputKey),
    },
    catalogHash: inputs.catalog.hash,
    catalogVersion: inputs.catalog.version,
    ...(planned ? { approvals } : {}),
    requestedBy: input.requestedBy,
    requestedAt,
    version: deps.version,
  });
  return {
    outcome,
    planId,
    planCsvKey: written.planCsvKey ?? `plans/${planId}/plan.csv`,
    ...(csv === undefined ? {} : { csv }),
    ...(chart === undefined ? {} : { chart }),
    inputKey: inputs.inputKey,
    catalogVersion: inputs.catalog.version,
    historyFiles: loaded.files.length,
    approvals,
  };
}
