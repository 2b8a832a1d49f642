import type { Action } from '../domain/catalog.ts';
import type { PlanOutcome } from '../domain/plan.ts';
import type { Policy } from '../domain/policy.ts';
import type { Predictions } from '../domain/predictions.ts';
import { renderPlanCsv } from '../io/plan-csv.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { readPredictionFiles } from '../storage/read-file-set.ts';
import { catalogHash, linkToPlanCsv, newPlanId, writeRun } from '../storage/run-record.ts';
import type { Clock } from './ports.ts';

/** The planner as the Slack side sees it: `planWeek` in production, a stand-in in some tests. */
export type PlanWeekFn = (input: { predictions: Predictions; catalog: Action[]; policy: Policy; timeLimitSeconds?: number }) => Promise<PlanOutcome>;

/** What planning from a store needs; shared by the worker and the Monday summary. */
export interface PlanRunDeps {
  store: ObjectStore;
  planWeek: PlanWeekFn;
  catalog: Action[];
  clock: Clock;
  timeLimitSeconds: number;
  linkTtlSeconds: number;
  version: string;
  newPlanId?: (now: Date) => string;
}

/** One set of prediction files, as recorded in a job or found by listing. */
export interface PredictionFiles {
  prefix: string;
  files: { key: string; size: number; etag?: string }[];
}

/** A finished, recorded run: the outcome, its plan id and where its CSV is. */
export interface RecordedPlan {
  outcome: PlanOutcome;
  planId: string;
  planCsvKey: string;
  planCsvUrl?: string;
  inputKey: string;
}

/**
 * Reads the prediction files, plans the week, and records the run (`plans/<id>/plan.csv`
 * when there is a plan, then `plans/<id>/run.json`). Returns what a message needs.
 */
export async function planAndRecord(deps: PlanRunDeps, input: { files: PredictionFiles; policy: Policy; requestedBy: string }): Promise<RecordedPlan> {
  const { store } = deps;
  const { files, prefix } = input.files;
  const inputKey = files.length === 1 ? files[0].key : prefix;
  const read = await readPredictionFiles(store, files, { source: store.describe(inputKey) });
  const outcome = await deps.planWeek({
    predictions: read.predictions,
    catalog: deps.catalog,
    policy: input.policy,
    timeLimitSeconds: deps.timeLimitSeconds,
  });
  const requestedAt = deps.clock();
  const planId = (deps.newPlanId ?? newPlanId)(requestedAt);
  const csv = outcome.assignment && outcome.status !== 'error' ? renderPlanCsv(outcome) : undefined;
  const written = await writeRun(store, {
    planId,
    outcome,
    csv,
    input: { key: inputKey, etag: read.files.map((file) => file.etag ?? '').join(','), sha256: read.sha256, location: store.describe(inputKey) },
    catalogHash: catalogHash(deps.catalog),
    requestedBy: input.requestedBy,
    requestedAt,
    version: deps.version,
  });
  const planCsvKey = written.planCsvKey ?? `plans/${planId}/plan.csv`;
  const planCsvUrl = written.planCsvKey ? await linkToPlanCsv(store, planId, deps.linkTtlSeconds) : undefined;
  return { outcome, planId, planCsvKey, planCsvUrl, inputKey };
}
