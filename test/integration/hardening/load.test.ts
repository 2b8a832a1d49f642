import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import { NO_ANALYTICS, pathOf, replayedPlanWeek, startHardeningBed, type HardeningBed } from './bed.ts';
import { tempDirPerBlock } from '../../support/temp-dir.ts';

const COMMANDS = 50;
/** Slack shows "operation_timeout" to the user when the answer takes longer than this. */
const SLACK_ACK_LIMIT_MS = 3000;

/*
 * The solver's cost is not the subject here (acknowledgements within 3 s, exactly-once posting):
 * the worker replays one real plan of the sample instead of solving 50 times, and skips the
 * marginal values. Everything else (handler, store, claims, run records, Slack) is real.
 */
let bed: HardeningBed;
const root = tempDirPerBlock('hardening-load-');

beforeAll(async () => {
  const store = createLocalStore(root());
  bed = await startHardeningBed({
    store,
    dispatch: 'queue',
    planWeek: await replayedPlanWeek(),
    worker: { analytics: NO_ANALYTICS },
  });
});
afterAll(async () => {
  await bed?.close();
});

/** Runs `work` over `items` with at most `limit` at a time. */
async function inPool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const at = next++;
        results[at] = await work(items[at]);
      }
    }),
  );
  return results;
}

describe('load on loopback', () => {
  it(`${COMMANDS} concurrent /retention commands through the real handler: each acknowledged within Slack's 3 s, each job posted exactly once even when delivered twice`, async () => {
    // Act: all commands at once
    const t0 = performance.now();
    const acks = await Promise.all(
      Array.from({ length: COMMANDS }, (_, i) => bed.command('plan', { user: `ULOAD${i}` })),
    );
    const ackWall = performance.now() - t0;

    // Assess the acknowledgements
    const latencies = acks.map((ack) => ack.ms).sort((a, b) => a - b);
    for (const ack of acks) {
      expect(ack.statusCode).toBe(200);
      expect(JSON.parse(ack.body).text).toContain('Planning for 250 customers');
      expect(ack.ms).toBeLessThan(SLACK_ACK_LIMIT_MS);
    }
    expect(new Set(bed.queue.queued).size).toBe(COMMANDS);

    // Act: Lambda delivers every job twice (at-least-once), the two copies at the same time
    const deliveries = bed.queue.queued.flatMap((jobId) => [jobId, jobId]);
    const t1 = performance.now();
    const outcomes = await inPool(deliveries, 8, (jobId) => bed.worker.runJob(jobId));
    const workWall = performance.now() - t1;

    // Assess the posts: one per command, at its own response URL, none lost
    const statuses = outcomes.map((outcome) => outcome.status);
    expect(statuses.filter((status) => status === 'duplicate')).toHaveLength(COMMANDS);
    expect(statuses.filter((status) => status === 'optimal')).toHaveLength(COMMANDS);
    for (const ack of acks) {
      const posts = bed.slack.calls.filter(
        (call) => call.kind === 'response_url' && call.target === pathOf(ack.responseUrl),
      );
      expect(posts).toHaveLength(1);
      expect(posts[0].body.response_type).toBe('in_channel');
    }
    expect((await bed.store.list('plans/')).filter((object) => object.key.endsWith('/run.json'))).toHaveLength(
      COMMANDS,
    );

    console.info(
      `[figure] load: ${COMMANDS} acks: p50 ${latencies[Math.floor(COMMANDS / 2)].toFixed(0)} ms, p95 ${latencies[Math.floor(COMMANDS * 0.95)].toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms, all in ${ackWall.toFixed(0)} ms; ` +
        `${deliveries.length} deliveries worked in ${(workWall / 1000).toFixed(1)} s`,
    );
  });
});
