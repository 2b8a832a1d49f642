import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { catalogVersion, proposeCatalog } from '../../../src/learning/calibrate.ts';
import {
  acceptCatalog,
  catalogRunFields,
  DEFAULT_CATALOG_VERSION,
  loadCurrentCatalog,
  readProposal,
  saveProposal,
} from '../../../src/learning/catalog-store.ts';
import { measureUplift, type JoinedOutcome, type UpliftMeasurement } from '../../../src/learning/uplift.ts';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import { catalogHash } from '../../../src/storage/run-ids.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

/** A measurement of action `id` from exact counts: churned/customers in each arm. */
function measured(id: number, treatment: [number, number], holdout: [number, number]): UpliftMeasurement {
  const rows: JoinedOutcome[] = [];
  const arm = (group: 'treatment' | 'holdout', [churned, customers]: [number, number]) => {
    for (let i = 0; i < customers; i++) rows.push({ plan_id: 'p', action_id: id, group, churned: i < churned });
  };
  arm('treatment', treatment);
  arm('holdout', holdout);
  return measureUplift(rows)[0];
}

const current = { catalog: [...DEFAULT_CATALOG], version: DEFAULT_CATALOG_VERSION };

describe('proposeCatalog', () => {
  it('replaces an uplift when each arm has 200+ customers and the interval is within ±50% of the estimate', () => {
    // Prepare: email (catalog 8%) measured at 1 - 0.30/0.40 = 25% relative on 4,000 / 1,000 customers
    const m = measured(1, [1200, 4000], [400, 1000]);
    // Act
    const proposal = proposeCatalog(current, [m], { date: '2026-04-06' });
    // Assess
    expect(proposal.changes).toHaveLength(1);
    expect(proposal.changes[0]).toMatchObject({ action_id: 1, from: 0.08, to: 0.25 });
    expect(proposal.catalog.find((a) => a.id === 1)!.uplift).toBe(0.25);
    expect(proposal.catalog.find((a) => a.id === 2)!.uplift).toBe(0.15);
    expect(proposal.version).toBe(`2026-04-06-${catalogHash(proposal.catalog).slice(0, 8)}`);
    expect(proposal.based_on).toBe('default');
    expect(proposal.skipped.find((s) => s.action_id === 2)?.why).toContain('no measurement');
  });

  it('replaces an imprecise estimate when its interval excludes the current value', () => {
    // Prepare: discount (catalog 15%) measured around 60% on 300 / 300 customers: wide, but excludes 15%
    const m = measured(2, [36, 300], [90, 300]);
    expect(m.relative!.low).toBeGreaterThan(0.15);
    expect((m.relative!.high - m.relative!.low) / 2).toBeGreaterThan(0.5 * 0.6 * 0.3);
    // Act
    const proposal = proposeCatalog(current, [m], {
      date: '2026-04-06',
      rule: { minPerArm: 200, maxRelativeHalfWidth: 0.1 },
    });
    // Assess
    expect(proposal.changes.map((c) => c.action_id)).toEqual([2]);
    expect(proposal.changes[0].why).toContain('excludes the current 15.0%');
  });

  it('keeps the value with too few customers, or a wide interval that includes it, and says why', () => {
    const few = measured(1, [30, 150], [60, 150]);
    const wide = measured(2, [50, 250], [58, 250]);
    const proposal = proposeCatalog(current, [few, wide], { date: '2026-04-06' });
    expect(proposal.changes).toEqual([]);
    expect(proposal.skipped.find((s) => s.action_id === 1)?.why).toBe(
      'too few customers (150 treated, 150 held out; need 200 in each)',
    );
    expect(proposal.skipped.find((s) => s.action_id === 2)?.why).toMatch(/too wide and includes the current 15.0%/);
  });

  it('proposes 0 for an action measured to raise churn, and ignores actions the catalog lacks', () => {
    const harmful = measured(6, [500, 2000], [300, 2000]);
    const gone = measured(42, [10, 500], [50, 500]);
    const proposal = proposeCatalog(current, [harmful, gone], { date: '2026-04-06' });
    expect(proposal.changes).toHaveLength(1);
    expect(proposal.changes[0]).toMatchObject({ action_id: 6, to: 0 });
    expect(proposal.changes[0].why).toContain('measured negative');
  });

  it('refuses a bad date in the version', () => {
    expect(() => catalogVersion('2026-13-01', DEFAULT_CATALOG)).toThrow('"2026-13-01" is not a calendar date');
  });
});

describe('catalog versions in the store', () => {
  it('starts from the default catalog, accepts a proposal once, and loads the newest accepted version', async () => {
    // Prepare
    const dir = await tempDirForTest('catalogs-');
    const store = createLocalStore(dir);
    const first = proposeCatalog(current, [measured(1, [1200, 4000], [400, 1000])], { date: '2026-04-06' });
    // Act
    const before = await loadCurrentCatalog(store);
    await saveProposal(store, first);
    const accepted = await acceptCatalog(
      store,
      await readProposal(store, first.version),
      'U_ANA',
      new Date('2026-04-06T10:00:00Z'),
    );
    const again = await acceptCatalog(store, first, 'U_BOB', new Date('2026-04-06T11:00:00Z'));
    const after = await loadCurrentCatalog(store);
    const second = proposeCatalog(after, [measured(2, [60, 1000], [120, 1000])], { date: '2026-05-04' });
    await acceptCatalog(store, second, 'U_BOB', new Date('2026-05-04T09:00:00Z'));
    const latest = await loadCurrentCatalog(store);
    // Assess
    expect(before).toMatchObject({ version: 'default', hash: catalogHash(DEFAULT_CATALOG) });
    expect(accepted.won).toBe(true);
    expect(again).toMatchObject({ won: false, record: { accepted_by: 'U_ANA' } });
    expect(after).toMatchObject({ version: first.version, accepted_by: 'U_ANA', hash: first.hash });
    expect(after.catalog.find((a) => a.id === 1)!.uplift).toBe(0.25);
    expect(second.based_on).toBe(first.version);
    expect(latest.version).toBe(second.version);
    expect(latest.catalog.find((a) => a.id === 1)!.uplift).toBe(0.25);
    expect(latest.catalog.find((a) => a.id === 2)!.uplift).toBe(0.5);
    expect(catalogRunFields(latest)).toEqual({
      catalog_version: second.version,
      catalog_hash: catalogHash(latest.catalog),
    });
  });

  it('refuses a tampered proposal and reports a damaged stored catalog by key', async () => {
    const dir = await tempDirForTest('catalogs-');
    const store = createLocalStore(dir);
    const proposal = proposeCatalog(current, [measured(1, [1200, 4000], [400, 1000])], { date: '2026-04-06' });
    const tampered = { ...proposal, catalog: proposal.catalog.map((a) => (a.id === 1 ? { ...a, uplift: 0.9 } : a)) };
    await expect(acceptCatalog(store, tampered, 'U_ANA')).rejects.toThrow('does not match its hash');
    await expect(acceptCatalog(store, proposal, ' ')).rejects.toThrow('a catalog needs a named approver');
    await store.put('catalogs/2026-04-07-0123abcd.json', '{"version": 1}');
    await expect(loadCurrentCatalog(store)).rejects.toThrow(/2026-04-07-0123abcd\.json: not an accepted catalog/);
  });
});
