import type { Highs } from 'highs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import { blockText } from '../../support/fake-slack.ts';
import { NO_ANALYTICS, pathOf, startHardeningBed, type HardeningBed } from './bed.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

/** How many of the next runtimes handed to the solver trap in `createModel`, and how many were handed out. */
const control = vi.hoisted(() => ({ traps: 0, loads: 0 }));

vi.mock('../../../src/solver/highs-runtime.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/solver/highs-runtime.ts')>();
  const { RuntimeError } = (globalThis as unknown as { WebAssembly: { RuntimeError: ErrorConstructor } }).WebAssembly;
  const trapping = (highs: Highs): Highs =>
    new Proxy(highs, {
      get: (target, property, receiver) =>
        property === 'createModel'
          ? () => {
              throw new RuntimeError('unreachable executed');
            }
          : (Reflect.get(target, property, receiver) as unknown),
    });
  return {
    ...real,
    getHighs: async () => {
      control.loads += 1;
      const highs = await real.getHighs();
      if (control.traps === 0) return highs;
      control.traps -= 1;
      return trapping(highs);
    },
  };
});

let bed: HardeningBed | undefined;

afterEach(async () => {
  control.traps = 0;
  await bed?.close();
  bed = undefined;
});

async function startBed(): Promise<HardeningBed> {
  const root = await tempDirForTest('hardening-solver-');
  bed = await startHardeningBed({
    store: createLocalStore(root),
    dispatch: 'queue',
    worker: { analytics: NO_ANALYTICS },
  });
  return bed;
}

describe('a HiGHS Wasm runtime error inside a Slack plan job', () => {
  it('once: the module is reloaded, the solve retried, and the plan posted', async () => {
    // Prepare
    const testbed = await startBed();
    const ack = await testbed.command('plan');
    control.traps = 1;
    control.loads = 0;

    // Act
    const outcome = await testbed.worker.runJob(testbed.queue.queued[0]);

    // Assess
    expect(outcome.status).toBe('optimal');
    expect(control.loads).toBeGreaterThanOrEqual(2);
    const posts = testbed.slack.calls.filter((call) => call.target === pathOf(ack.responseUrl));
    expect(posts).toHaveLength(1);
    expect(blockText(posts[0].body)).toContain('Proven optimal');
  });

  it('twice: one clear SOLVER message to the requester, no plan written, the failure recorded', async () => {
    // Prepare
    const testbed = await startBed();
    const ack = await testbed.command('plan');
    control.traps = 2;

    // Act
    const outcome = await testbed.worker.runJob(testbed.queue.queued[0]);

    // Assess
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'SOLVER' } });
    const posts = testbed.slack.calls.filter((call) => call.target === pathOf(ack.responseUrl));
    expect(posts).toHaveLength(1);
    expect(posts[0].body.text).toContain(
      'Planning failed (SOLVER): the solver failed twice (unreachable executed); try again',
    );
    expect(posts[0].raw).not.toMatch(/RuntimeError|\bat .*\.ts:\d+/);
    expect(await testbed.store.list('plans/')).toEqual([]);
    const results = (await testbed.store.list('jobs/')).filter((object) => object.key.endsWith('.result.json'));
    expect(results).toHaveLength(1);
  });
});
