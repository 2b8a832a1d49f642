import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.doUnmock('zod');
  vi.resetModules();
});

describe('the catalog schema', () => {
  it('is built on the first catalog read, not when the default catalog is imported', async () => {
    // Prepare: count the object schemas zod builds
    vi.resetModules();
    const built = { objects: 0 };
    vi.doMock('zod', async (importOriginal) => {
      const zod = await importOriginal<typeof import('zod')>();
      const object: typeof zod.object = (...args) => ((built.objects += 1), zod.object(...args));
      return { ...zod, object };
    });

    // Act
    const { DEFAULT_CATALOG, parseCatalog } = await import('../../../src/domain/catalog.ts');
    const afterImport = built.objects;
    const catalog = parseCatalog([{ id: 1, name: 'Email', channel: 'email', cost: 1, uplift: 0.1 }]);

    // Assess
    expect(DEFAULT_CATALOG.length).toBeGreaterThan(1);
    expect(afterImport).toBe(0);
    expect(catalog.map((action) => action.id)).toEqual([0, 1]);
    expect(built.objects).toBeGreaterThan(0);
  });
});
