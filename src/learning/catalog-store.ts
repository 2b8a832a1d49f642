import * as z from 'zod';
import { DEFAULT_CATALOG, parseCatalog, type Action } from '../domain/catalog.ts';
import { isPlannerError, PlannerError } from '../domain/errors.ts';
import { readBoundedText } from '../io/read-catalog.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { catalogHash } from '../storage/run-ids.ts';
import type { CatalogProposal } from './calibrate.ts';

/** The version name of the catalog that ships with the product. */
export const DEFAULT_CATALOG_VERSION = 'default';

const VERSION = /^\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/;
const CATALOG_KEY = /^catalogs\/(\d{4}-\d{2}-\d{2}-[0-9a-f]{8})\.json$/;

export const catalogKey = (version: string): string => {
  if (!VERSION.test(version))
    throw new PlannerError('BAD_INPUT', `"${version}" is not a catalog version (expected YYYY-MM-DD-xxxxxxxx)`);
  return `catalogs/${version}.json`;
};
export const proposalKey = (version: string): string =>
  `catalogs/proposals/${catalogKey(version).slice('catalogs/'.length)}`;

/** `catalogs/<version>.json`: an accepted catalog, who accepted it and what changed. */
const acceptedSchema = z
  .object({
    version: z.string().regex(VERSION),
    based_on: z.string(),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    accepted_by: z.string().min(1),
    accepted_at: z.iso.datetime({ offset: true }),
    catalog: z.array(z.unknown()),
    changes: z.array(z.object({ action_id: z.number(), from: z.number(), to: z.number(), why: z.string() }).loose()),
  })
  .loose();

export type AcceptedCatalogRecord = z.infer<typeof acceptedSchema>;

/** The catalog a run plans with, and how the run record names it. */
export interface CurrentCatalog {
  catalog: Action[];
  version: string;
  hash: string;
  accepted_by?: string;
  accepted_at?: string;
}

/** Largest stored catalog, proposal or acceptance record read: 1 MiB (a catalog is at most 64 actions). */
const MAX_CATALOG_RECORD_BYTES = 1024 * 1024;

async function readJson(store: ObjectStore, key: string): Promise<unknown> {
  const raw = await readBoundedText((await store.get(key)).body, {
    source: store.describe(key),
    maxBytes: MAX_CATALOG_RECORD_BYTES,
    what: 'catalog record',
  });
  try {
    return JSON.parse(raw);
  } catch (cause) {
    throw new PlannerError('STORAGE', `${store.describe(key)}: not valid JSON`, { cause });
  }
}

/** Stores a proposal once under `catalogs/proposals/<version>.json` so a button can accept it later by version. */
export async function saveProposal(store: ObjectStore, proposal: CatalogProposal): Promise<string> {
  const key = proposalKey(proposal.version);
  await store.putIfAbsent(key, `${JSON.stringify(proposal, null, 2)}\n`, 'application/json');
  return key;
}

/** Reads a stored proposal by version (NOT_FOUND when absent), re-validating its catalog. */
export async function readProposal(store: ObjectStore, version: string): Promise<CatalogProposal> {
  const json = (await readJson(store, proposalKey(version))) as CatalogProposal;
  const catalog = parseCatalog(json.catalog, store.describe(proposalKey(version)));
  if (json.version !== version || catalogHash(catalog) !== json.hash)
    throw new PlannerError('STORAGE', `${store.describe(proposalKey(version))}: does not match version ${version}`);
  return { ...json, catalog };
}

/**
 * Accepts a proposal: writes `catalogs/<version>.json` once (putIfAbsent). Returns the record
 * that holds: ours when this call won, else the one accepted first (`won` false).
 */
export async function acceptCatalog(
  store: ObjectStore,
  proposal: CatalogProposal,
  approver: string,
  now: Date = new Date(),
): Promise<{ won: boolean; record: AcceptedCatalogRecord }> {
  if (approver.trim() === '') throw new PlannerError('FORBIDDEN', 'a catalog needs a named approver');
  const catalog = parseCatalog(proposal.catalog, `proposal ${proposal.version}`);
  if (catalogHash(catalog) !== proposal.hash)
    throw new PlannerError(
      'CONFLICT',
      `proposal ${proposal.version}: its catalog does not match its hash; propose again`,
    );
  const record: AcceptedCatalogRecord = {
    version: proposal.version,
    based_on: proposal.based_on,
    hash: proposal.hash,
    accepted_by: approver,
    accepted_at: now.toISOString(),
    catalog,
    changes: proposal.changes.map(({ action_id, action_name, from, to, why, measurement }) => ({
      action_id,
      action_name,
      from,
      to,
      why,
      measurement,
    })),
  };
  const key = catalogKey(proposal.version);
  if (await store.putIfAbsent(key, `${JSON.stringify(record, null, 2)}\n`, 'application/json'))
    return { won: true, record };
  return { won: false, record: await readAccepted(store, key) };
}

async function readAccepted(store: ObjectStore, key: string): Promise<AcceptedCatalogRecord> {
  const parsed = acceptedSchema.safeParse(await readJson(store, key));
  if (!parsed.success)
    throw new PlannerError(
      'STORAGE',
      `${store.describe(key)}: not an accepted catalog (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message})`,
      { cause: parsed.error },
    );
  return parsed.data;
}

/**
 * The newest accepted catalog (latest date in its version, then latest `accepted_at`), or the
 * default catalog when none was accepted. A stored catalog that is no longer valid is a
 * STORAGE error naming its key: planning with a silently different catalog would be worse.
 */
export async function loadCurrentCatalog(store: ObjectStore): Promise<CurrentCatalog> {
  const versions = (await store.list('catalogs/'))
    .map((o) => CATALOG_KEY.exec(o.key)?.[1])
    .filter((v): v is string => v !== undefined);
  if (versions.length === 0) {
    const catalog = [...DEFAULT_CATALOG];
    return { catalog, version: DEFAULT_CATALOG_VERSION, hash: catalogHash(catalog) };
  }
  const newestDay = versions.reduce((max, v) => (v.slice(0, 10) > max ? v.slice(0, 10) : max), '');
  const records = await Promise.all(
    versions.filter((v) => v.startsWith(newestDay)).map((v) => readAccepted(store, catalogKey(v))),
  );
  const newest = records.reduce((best, r) => (Date.parse(r.accepted_at) > Date.parse(best.accepted_at) ? r : best));
  let catalog: Action[];
  try {
    catalog = parseCatalog(newest.catalog, store.describe(catalogKey(newest.version)));
  } catch (cause) {
    throw new PlannerError('STORAGE', isPlannerError(cause) ? cause.message : String(cause), { cause });
  }
  return {
    catalog,
    version: newest.version,
    hash: catalogHash(catalog),
    accepted_by: newest.accepted_by,
    accepted_at: newest.accepted_at,
  };
}

/** The fields a run record adds to name the catalog it planned with: `catalog_version` beside the existing `catalog_hash`. */
export function catalogRunFields(current: CurrentCatalog): { catalog_version: string; catalog_hash: string } {
  return { catalog_version: current.version, catalog_hash: current.hash };
}
