import type { Action } from '../domain/catalog.ts';
import type { PlanOutcome } from '../domain/plan.ts';
import type { Policy } from '../domain/policy.ts';
import { parseLocation } from '../storage/location.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { openStore } from '../storage/open-store.ts';
import type { LoadedHistory } from './contact-history.ts';

/** The store at `location` (a local folder or `s3://bucket/prefix`) holding the SPEC 6 layout. */
export function openStoreAt(location: string): Promise<ObjectStore> {
  return openStore(parseLocation(location));
}

/**
 * `--history DIR|s3://...`: the contact history as of `asOf` from the store's approved exports.
 * Its reader (and the CSV parser under it) loads only for a run that asks for history.
 */
export async function loadHistoryAt(
  location: string,
  asOf: string,
  policy: Policy,
  catalog: readonly Action[],
  open: (location: string) => Promise<ObjectStore> = openStoreAt,
): Promise<LoadedHistory> {
  const { loadContactHistory } = await import('./contact-history.ts');
  return loadContactHistory(await open(location), asOf, { policy, catalog });
}

/** Summary lines for the terminal: holdout size and what the contact history excluded. Empty when neither applies. */
export function formatLearningLines(outcome: PlanOutcome): string[] {
  const lines: string[] = [];
  if (outcome.assignment && outcome.kpis.holdout_customers > 0) {
    const treatment = outcome.kpis.customers_treated - outcome.kpis.holdout_customers;
    lines.push(
      `Holdout: ${outcome.kpis.holdout_customers} held out as control, ${treatment} treated${outcome.plan_id ? ` (drawn for plan ${outcome.plan_id})` : ''}; only the treatment is exported`,
    );
  }
  if (outcome.history_exclusions) {
    lines.push(
      outcome.history_exclusions.length === 0
        ? 'Contact history: no customer was excluded'
        : 'Contact history excluded (a customer may count under several rules):',
    );
    for (const exclusion of outcome.history_exclusions)
      lines.push(
        `  ${exclusion.label.padEnd(52)} ${String(exclusion.customers).padStart(6)} customers (${exclusion.rule})`,
      );
  }
  return lines;
}
