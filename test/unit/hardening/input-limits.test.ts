import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runPlan } from '../../../src/cli/plan.ts';
import { MAX_CATALOG_BYTES, readCatalogFile } from '../../../src/io/read-catalog.ts';
import { loadCurrentCatalog } from '../../../src/learning/catalog-store.ts';
import { loadOutcomes } from '../../../src/learning/outcomes.ts';
import { MAX_JOB_BYTES, readJob } from '../../../src/jobs/job-records.ts';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import { tempDirPerTest } from '../../support/temp-dir.ts';

const dir = tempDirPerTest('hardening-limits-');

const ACTION = { id: 1, name: 'Email', channel: 'email', cost: 2, uplift: 0.08 };

describe('size limits on file inputs', () => {
  it('reads a catalog under the limit', async () => {
    // Prepare
    const path = join(dir(), 'actions.json');
    await writeFile(path, JSON.stringify([ACTION]));

    // Act
    const catalog = await readCatalogFile(path);

    // Assess
    expect(catalog.map((action) => action.id)).toEqual([0, 1]);
  });

  it('refuses a catalog file over 256 KiB as TOO_LARGE naming the file, before parsing it', async () => {
    // Prepare: valid JSON, padded with whitespace past the limit
    const path = join(dir(), 'actions.json');
    await writeFile(path, `${JSON.stringify([ACTION])}${' '.repeat(MAX_CATALOG_BYTES)}`);

    // Act / Assess
    await expect(readCatalogFile(path)).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: `${path}: the action catalog is larger than the limit of 262144 bytes`,
    });
  });

  it.runIf(existsSync('/dev/zero'))('refuses an endless catalog (/dev/zero) instead of reading forever', async () => {
    await expect(readCatalogFile('/dev/zero')).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });

  it.each([
    ['a missing file', 'nope.json', undefined, 'NOT_FOUND', 'cannot read the action catalog'],
    ['a file that is not JSON', 'bad.json', '[{"id": 1,', 'BAD_CATALOG', 'not valid JSON'],
    ['JSON that is not a catalog', 'obj.json', '{"id": 1}', 'BAD_CATALOG', 'expected array'],
  ])('refuses %s with %s', async (_name, file, content, code, words) => {
    // Prepare
    const path = join(dir(), file);
    if (content !== undefined) await writeFile(path, content);

    // Act / Assess
    await expect(readCatalogFile(path)).rejects.toMatchObject({ code, message: expect.stringContaining(words) });
  });

  it('npm run plan -- --actions <huge file>: exit 1, a JSON error naming the file, and no plan written', async () => {
    // Prepare
    const path = join(dir(), 'actions.json');
    await writeFile(
      path,
      `[${Array.from({ length: 5000 }, (_, i) => JSON.stringify({ ...ACTION, id: i + 1 })).join(',')}]`,
    );
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const outDir = join(dir(), 'out');

    // Act
    const code = await runPlan(['--actions', path, '--out', outDir, '--json'], { stdout, stderr });

    // Assess
    expect(code).toBe(1);
    expect(JSON.parse(out)).toEqual({
      status: 'error',
      error: { code: 'TOO_LARGE', message: expect.stringContaining(path) },
    });
    expect(existsSync(join(outDir, 'plan.csv'))).toBe(false);
  });

  it('refuses an outcomes file over the limit as TOO_LARGE naming it, and returns no outcomes', async () => {
    // Prepare
    const store = createLocalStore(dir());
    const rows = Array.from({ length: 200 }, (_, i) => `C${i},${i % 2},2026-12-01`).join('\n');
    await store.put('outcomes/2026-12-01/week.csv', `customer_id,churned,observed_at\n${rows}\n`);

    // Act
    const attempt = loadOutcomes(store, { maxBytes: 1000 });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringContaining(store.describe('outcomes/2026-12-01/week.csv')),
    });
  });

  it('refuses a job record over 256 KiB as TOO_LARGE naming it (the worker never parses it)', async () => {
    // Prepare
    const store = createLocalStore(dir());
    await store.put('jobs/20261116083000-abcdef12.json', `{"kind":"plan","pad":"${'x'.repeat(MAX_JOB_BYTES)}"}`);

    // Act / Assess
    await expect(readJob(store, '20261116083000-abcdef12')).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringContaining('jobs/20261116083000-abcdef12.json'),
    });
  });

  it('refuses a stored catalog record over 1 MiB as TOO_LARGE naming it, instead of planning with it', async () => {
    // Prepare
    const store = createLocalStore(dir());
    await store.put('catalogs/2026-11-16-0123abcd.json', `{"pad":"${'x'.repeat(1024 * 1024)}"}`);

    // Act / Assess
    await expect(loadCurrentCatalog(store)).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringContaining('catalogs/2026-11-16-0123abcd.json'),
    });
  });
});
