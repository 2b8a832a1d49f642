import type { SweepInput, SweepResult } from '../analytics/sweep.ts';
import type { Action } from '../domain/catalog.ts';
import { historyWindowDays, type ContactHistory } from '../domain/history.ts';
import type { MarginalValuesReport, PlanOutcome } from '../domain/plan.ts';
import type { Policy } from '../domain/policy.ts';
import type { Predictions } from '../domain/predictions.ts';
import { loadCurrentCatalog, type CurrentCatalog } from '../learning/catalog-store.ts';
import { loadContactHistory, type LoadedHistory } from '../learning/contact-history.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { readPredictionFiles } from '../storage/read-file-set.ts';
import { catalogHash } from '../storage/run-ids.ts';
import { localDate } from '../slack/blocks/format.ts';

/** The solver-backed analytics the worker uses; imported on first use in production so that no ack path loads HiGHS. */
export interface PlanAnalytics {
  /** What relaxing each binding rule by one unit is worth (LP duals checked by MIP re-solves). */
  marginalValues(
    outcome: PlanOutcome,
    options: { history?: ContactHistory; timeLimitSeconds: number },
  ): Promise<MarginalValuesReport>;
  /** One plan per level of one key. */
  sweep(input: SweepInput): Promise<SweepResult>;
  /** The sweep's chart (net value, ROI, customers treated, knee) as PNG bytes. */
  chartPng(sweep: SweepResult): Promise<Uint8Array>;
  /** The plan's chart (action mix by segment, coverage against each floor) as PNG bytes. */
  planChartPng(outcome: PlanOutcome, title?: string): Promise<Uint8Array>;
}

/** How a run record names a catalog given in the configuration rather than read from the store. */
export const FIXED_CATALOG_VERSION = 'configured';

/** One set of prediction files, as recorded in a job or found by listing. */
export interface PredictionFiles {
  prefix: string;
  files: { key: string; size: number; etag?: string }[];
}

/** Everything a plan, a sweep or a comparison is made from. */
export interface PlanningInputs {
  predictions: Predictions;
  /** The single file's key, or the partition's prefix. */
  inputKey: string;
  /** ETags of the files read, comma-separated, and the SHA-256 of their bytes (the audit trail). */
  etag: string;
  sha256: string;
  /** The catalog from the store: the newest accepted version, or the default. */
  catalog: CurrentCatalog;
  /** The planning day (`YYYY-MM-DD` in the team's time zone): what "contacted within N weeks" counts from. */
  asOf: string;
}

/**
 * Reads the prediction files and the current catalog (`catalogs/<version>.json`, newest
 * accepted, else the default; or `catalog` when one is fixed). The contact history is loaded separately because how far back
 * it must look depends on the policy.
 */
export async function loadPlanningInputs(
  store: ObjectStore,
  input: { files: PredictionFiles; now: Date; timeZone?: string; catalog?: Action[] },
): Promise<PlanningInputs> {
  const { files, prefix } = input.files;
  const inputKey = files.length === 1 ? files[0].key : prefix;
  const fixed = input.catalog;
  const current = fixed
    ? Promise.resolve({ catalog: fixed, version: FIXED_CATALOG_VERSION, hash: catalogHash(fixed) })
    : loadCurrentCatalog(store);
  const [read, catalog] = await Promise.all([
    readPredictionFiles(store, files, { source: store.describe(inputKey) }),
    current,
  ]);
  return {
    predictions: read.predictions,
    inputKey,
    etag: read.files.map((file) => file.etag ?? '').join(','),
    sha256: read.sha256,
    catalog,
    asOf: localDate(input.now, input.timeZone ?? 'UTC'),
  };
}

/**
 * The contact history as of the planning day from the approved exports
 * (`exports/<date>/<plan_id>.csv`) and the holdouts of their plans, far enough back for the
 * rules of every policy given (cooldown, 4-week cap, sequence rules, holdout window).
 */
export function loadHistoryFor(
  store: ObjectStore,
  inputs: PlanningInputs,
  policies: readonly Policy[],
): Promise<LoadedHistory> {
  const windowDays = Math.max(...policies.map((policy) => historyWindowDays(policy, inputs.catalog.catalog)));
  return loadContactHistory(store, inputs.asOf, { windowDays });
}
