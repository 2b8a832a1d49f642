import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { canonicalJson, catalogHash, checkPlanId, newPlanId } from '../../../src/storage/run-ids.ts';

describe('newPlanId', () => {
  it('stamps the UTC second and six random base-36 characters', () => {
    // Prepare
    const values = [0, 0.5, 0.999999, 0.1, 0.2, 0.3];
    let at = 0;
    // Act
    const id = newPlanId(new Date('2026-03-09T07:05:03.900Z'), () => values[at++]);
    // Assess
    expect(id).toBe('20260309-070503-0iz37a');
  });

  it('sorts by time as plain text', () => {
    // Prepare
    const times = ['2026-12-31T23:59:59Z', '2026-01-02T00:00:00Z', '2027-01-01T00:00:00Z', '2026-01-01T09:00:00Z'];
    // Act
    const ids = times.map((time) => newPlanId(new Date(time)));
    // Assess
    const byText = [...ids].sort();
    const byTime = [...times].sort().map((time) => ids[times.indexOf(time)]);
    expect(byText).toEqual(byTime);
    for (const id of ids) expect(checkPlanId(id)).toBe(id);
  });

  it('refuses an invalid date, and checkPlanId refuses what is not a plan id', () => {
    expect(() => newPlanId(new Date('nope'))).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => checkPlanId('../../etc')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});

describe('catalogHash', () => {
  it('ignores key order and whitespace but not values or action order', () => {
    // Prepare
    const catalog = DEFAULT_CATALOG.map((action) => ({ ...action }));
    const reordered = catalog.map((action) => Object.fromEntries(Object.entries(action).reverse()));
    const cheaper = catalog.map((action) => (action.id === 1 ? { ...action, cost: 1.5 } : action));
    // Act
    const hash = catalogHash(catalog);
    // Assess
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(catalogHash(reordered)).toBe(hash);
    expect(catalogHash(cheaper)).not.toBe(hash);
    expect(catalogHash([...catalog].reverse())).not.toBe(hash);
  });

  it('writes canonical JSON with sorted keys and no undefined members', () => {
    expect(canonicalJson({ b: 1, a: [true, null, { d: undefined, c: 'x' }] })).toBe(
      '{"a":[true,null,{"c":"x"}],"b":1}',
    );
  });
});
