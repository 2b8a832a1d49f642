import { parseCatalog, type Action } from '../domain/catalog.ts';
import { dayNumber } from '../domain/history.ts';
import { catalogHash } from '../storage/run-ids.ts';
import type { UpliftMeasurement } from './uplift.ts';

/**
 * When a measurement is strong enough to replace a catalog uplift. Defaults: at least 200
 * customers in each arm, and either the 95% interval of the relative uplift is no wider than
 * ±50% of the estimate (precise enough to trust) or it excludes the current value (the current
 * value is contradicted by the data).
 */
export interface CalibrationRule {
  minPerArm: number;
  /** Largest half-width of the relative-uplift interval, as a share of |estimate|. */
  maxRelativeHalfWidth: number;
}

export const DEFAULT_CALIBRATION_RULE: Readonly<CalibrationRule> = Object.freeze({
  minPerArm: 200,
  maxRelativeHalfWidth: 0.5,
});

export interface CatalogChange {
  action_id: number;
  action_name: string;
  from: number;
  /** The measured relative uplift, clamped to [0, 1] (the catalog's range). */
  to: number;
  why: string;
  measurement: UpliftMeasurement;
}

export interface CatalogSkip {
  action_id: number;
  action_name: string;
  why: string;
}

/** A proposed catalog version: what changes, what does not and why. Nothing is stored yet. */
export interface CatalogProposal {
  /** `YYYY-MM-DD-<first 8 hex of the catalog hash>`. */
  version: string;
  based_on: string;
  catalog: Action[];
  hash: string;
  changes: CatalogChange[];
  skipped: CatalogSkip[];
}

/** `YYYY-MM-DD-<8 hex>`: the day and a short hash of the catalog's canonical JSON. */
export function catalogVersion(date: string, catalog: readonly Action[]): string {
  dayNumber(date);
  return `${date}-${catalogHash(catalog).slice(0, 8)}`;
}

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function judge(
  action: Action,
  m: UpliftMeasurement | undefined,
  rule: CalibrationRule,
): { to: number; why: string } | { skip: string } {
  if (!m) return { skip: 'no measurement (no sent plan with a holdout for this action)' };
  if (m.treatment.customers < rule.minPerArm || m.holdout.customers < rule.minPerArm) {
    return {
      skip: `too few customers (${m.treatment.customers} treated, ${m.holdout.customers} held out; need ${rule.minPerArm} in each)`,
    };
  }
  const r = m.relative;
  if (!r) return { skip: 'nobody in the holdout churned, so the relative uplift is undefined' };
  const halfWidth = (r.high - r.low) / 2;
  const precise = Math.abs(r.estimate) > 0 && halfWidth <= rule.maxRelativeHalfWidth * Math.abs(r.estimate);
  const contradicts = action.uplift < r.low || action.uplift > r.high;
  if (!precise && !contradicts)
    return {
      skip: `interval ${pct(r.low)}..${pct(r.high)} is too wide and includes the current ${pct(action.uplift)}`,
    };
  const to = round4(Math.min(1, Math.max(0, r.estimate)));
  const reasons = [
    precise
      ? `interval ±${pct(halfWidth)} is within ±${Math.round(rule.maxRelativeHalfWidth * 100)}% of the estimate`
      : '',
    contradicts ? `interval ${pct(r.low)}..${pct(r.high)} excludes the current ${pct(action.uplift)}` : '',
  ].filter(Boolean);
  const clamp = r.estimate < 0 ? ' (measured negative: the action seems to raise churn; set to 0)' : '';
  return { to, why: `${reasons.join('; ')}${clamp}` };
}

/**
 * Proposes the next catalog version: each action's `uplift` becomes its measured relative
 * uplift where `rule` says the evidence is strong enough; the rest stay and say why. Pure.
 * The proposal is versioned `date-hash` and is only stored by `acceptCatalog`. Measurements of
 * actions the catalog no longer has are ignored.
 */
export function proposeCatalog(
  current: { catalog: readonly Action[]; version: string },
  measurements: readonly UpliftMeasurement[],
  options: { date: string; rule?: CalibrationRule },
): CatalogProposal {
  const rule = options.rule ?? DEFAULT_CALIBRATION_RULE;
  const byId = new Map(measurements.map((m) => [m.action_id, m]));
  const changes: CatalogChange[] = [];
  const skipped: CatalogSkip[] = [];
  const catalog = current.catalog.map((action) => {
    if (action.id === 0) return { ...action };
    const verdict = judge(action, byId.get(action.id), rule);
    if ('skip' in verdict) {
      skipped.push({ action_id: action.id, action_name: action.name, why: verdict.skip });
      return { ...action };
    }
    if (Math.abs(verdict.to - action.uplift) < 1e-9) {
      skipped.push({
        action_id: action.id,
        action_name: action.name,
        why: `measured ${pct(verdict.to)} equals the current value`,
      });
      return { ...action };
    }
    changes.push({
      action_id: action.id,
      action_name: action.name,
      from: action.uplift,
      to: verdict.to,
      why: verdict.why,
      measurement: byId.get(action.id)!,
    });
    return { ...action, uplift: verdict.to };
  });
  const checked = parseCatalog(catalog, `proposed catalog`);
  return {
    version: catalogVersion(options.date, checked),
    based_on: current.version,
    catalog: checked,
    hash: catalogHash(checked),
    changes,
    skipped,
  };
}
