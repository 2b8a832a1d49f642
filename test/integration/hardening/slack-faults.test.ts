import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PlanWeekFn } from '../../../src/jobs/plan-run.ts';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import { blockText } from '../../support/fake-slack.ts';
import {
  APPROVER,
  CHANNEL,
  NO_ANALYTICS,
  pathOf,
  replayedPlanWeek,
  startHardeningBed,
  type HardeningBed,
} from './bed.ts';
import type { RequestMatch } from './fault-proxy.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

let replay: PlanWeekFn;
let bed: HardeningBed | undefined;

beforeAll(async () => {
  replay = await replayedPlanWeek();
});
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

/** A bed with a fault proxy in front of the fake Slack and the production WebClient retries. */
async function startBed(): Promise<HardeningBed> {
  const root = await tempDirForTest('hardening-slack-');
  bed = await startHardeningBed({
    store: createLocalStore(root),
    dispatch: 'queue',
    slackFaults: true,
    slackRetries: 2,
    planWeek: replay,
    worker: { analytics: NO_ANALYTICS },
  });
  return bed;
}

const responsePath =
  (url: string): RequestMatch =>
  ({ path }) =>
    path === pathOf(url);
const apiMethod =
  (method: string): RequestMatch =>
  ({ path }) =>
    path.startsWith(`/api/${method}`);
const RATE_LIMITED = {
  status: 429,
  headers: { 'retry-after': '1', 'content-type': 'application/json' },
  body: '{"ok":false,"error":"ratelimited"}',
};
const EXPIRED = { status: 404, headers: { 'content-type': 'text/plain' }, body: 'expired_url' };

/** Acknowledges `/retention`, then runs its job once. */
async function planThrough(testbed: HardeningBed): Promise<{ responseUrl: string; status: string }> {
  const ack = await testbed.command('plan');
  const outcome = await testbed.worker.runJob(testbed.queue.queued.at(-1)!);
  return { responseUrl: ack.responseUrl, status: outcome.status };
}

describe('Slack answering 429, 5xx or an expired response_url to the worker', () => {
  it('response_url answers 429 with Retry-After: 1: the worker waits at least a second, retries, and the plan arrives once', async () => {
    // Prepare
    const testbed = await startBed();
    const ack = await testbed.command('plan');
    testbed.slackProxy!.inject(responsePath(ack.responseUrl), [RATE_LIMITED]);

    // Act
    const outcome = await testbed.worker.runJob(testbed.queue.queued[0]);

    // Assess
    expect(outcome.status).toBe('optimal');
    const attempts = testbed.slackProxy!.seen.filter((request) => request.path === pathOf(ack.responseUrl));
    expect(attempts.map((request) => request.fault)).toEqual(['429', 'pass']);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(1000);
    console.info(
      `[figure] response_url 429 Retry-After 1: retried after ${(attempts[1].at - attempts[0].at).toFixed(0)} ms`,
    );
    const delivered = testbed.slack.calls.filter((call) => call.target === pathOf(ack.responseUrl));
    expect(delivered).toHaveLength(1);
    expect(blockText(delivered[0].body)).toContain('Proven optimal');
  });

  it('response_url answers 503 twice: retried, the plan arrives once', async () => {
    // Prepare
    const testbed = await startBed();
    const ack = await testbed.command('plan');
    testbed.slackProxy!.inject(responsePath(ack.responseUrl), [{ status: 503 }, { status: 502 }]);

    // Act
    await testbed.worker.runJob(testbed.queue.queued[0]);

    // Assess
    expect(
      testbed.slackProxy!.seen.filter((request) => request.path === pathOf(ack.responseUrl)).map((r) => r.fault),
    ).toEqual(['503', '502', 'pass']);
    expect(testbed.slack.calls.filter((call) => call.target === pathOf(ack.responseUrl))).toHaveLength(1);
  });

  it('an expired response_url (404 expired_url): the plan is posted to the channel with chat.postMessage, once', async () => {
    // Prepare
    const testbed = await startBed();
    const ack = await testbed.command('plan');
    testbed.slackProxy!.always(responsePath(ack.responseUrl), EXPIRED);

    // Act
    const outcome = await testbed.worker.runJob(testbed.queue.queued[0]);

    // Assess
    expect(outcome.status).toBe('optimal');
    expect(testbed.slack.calls.filter((call) => call.kind === 'response_url')).toEqual([]);
    const posts = testbed.slack.calls.filter((call) => call.target === 'chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0].body.channel).toBe(CHANNEL);
    expect(blockText(posts[0].body)).toContain('Proven optimal');
  });

  it('a failure whose response_url has expired still reaches the channel (never silence)', async () => {
    // Prepare
    const root = await tempDirForTest('hardening-slack-');
    const broken: PlanWeekFn = async () => {
      throw new Error('boom');
    };
    const testbed = (bed = await startHardeningBed({
      store: createLocalStore(root),
      dispatch: 'queue',
      slackFaults: true,
      slackRetries: 2,
      planWeek: broken,
    }));
    const ack = await testbed.command('plan');
    testbed.slackProxy!.always(responsePath(ack.responseUrl), EXPIRED);

    // Act
    const outcome = await testbed.worker.runJob(testbed.queue.queued[0]);

    // Assess
    expect(outcome.status).toBe('failed');
    const posts = testbed.slack.calls.filter((call) => call.target === 'chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(String(posts[0].body.text)).toContain('Planning failed (INTERNAL)');
    expect(String(posts[0].body.text)).toContain('<@UASKER1>');
  });

  it('chat.update answers 429 with Retry-After: 1 on Approve & send: retried after a second, the message is updated once', async () => {
    // Prepare
    const testbed = await startBed();
    const planned = await planThrough(testbed);
    expect(planned.status).toBe('optimal');
    const [run] = (await testbed.store.list('plans/')).filter((object) => object.key.endsWith('/run.json'));
    const planId = run.key.split('/')[1];
    testbed.slackProxy!.inject(apiMethod('chat.update'), [RATE_LIMITED]);

    // Act
    const click = await testbed.click(planId, { via: 'chat', messageTs: '1700000000.000042' });
    for (const jobId of testbed.queue.queued.slice(1)) await testbed.worker.runJob(jobId);

    // Assess
    expect(click.statusCode).toBe(200);
    const attempts = testbed.slackProxy!.seen.filter((request) => apiMethod('chat.update')(request));
    expect(attempts.map((request) => request.fault)).toEqual(['429', 'pass']);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(1000);
    console.info(
      `[figure] chat.update 429 Retry-After 1: retried after ${(attempts[1].at - attempts[0].at).toFixed(0)} ms`,
    );
    const updates = testbed.slack.calls.filter((call) => call.target === 'chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0].body).toMatchObject({ channel: CHANNEL, ts: '1700000000.000042' });
    expect(String(updates[0].body.text)).toContain(`Approved by <@${APPROVER}>`);
  });

  it('an approval whose response_url has expired: the approved message is posted to the channel instead', async () => {
    // Prepare
    const testbed = await startBed();
    await planThrough(testbed);
    const [run] = (await testbed.store.list('plans/')).filter((object) => object.key.endsWith('/run.json'));
    const planId = run.key.split('/')[1];
    testbed.slackProxy!.always(({ path }) => path.startsWith('/response/'), EXPIRED);

    // Act
    await testbed.click(planId, { via: 'response_url' });
    for (const jobId of testbed.queue.queued.slice(1)) await testbed.worker.runJob(jobId);

    // Assess
    const posts = testbed.slack.calls.filter((call) => call.target === 'chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(String(posts[0].body.text)).toContain(`Approved by <@${APPROVER}>`);
    expect((await testbed.store.list('exports/')).length).toBe(1);
  });

  it('expired response_url and chat.postMessage answering 503 once: the WebClient retries, the plan reaches the channel once', async () => {
    // Prepare
    const testbed = await startBed();
    const ack = await testbed.command('plan');
    testbed.slackProxy!.always(responsePath(ack.responseUrl), EXPIRED);
    testbed.slackProxy!.inject(apiMethod('chat.postMessage'), [{ status: 503, body: 'upstream connect error' }]);

    // Act
    await testbed.worker.runJob(testbed.queue.queued[0]);

    // Assess
    expect(
      testbed.slackProxy!.seen.filter((request) => apiMethod('chat.postMessage')(request)).map((r) => r.fault),
    ).toEqual(['503', 'pass']);
    expect(testbed.slack.calls.filter((call) => call.target === 'chat.postMessage')).toHaveLength(1);
  });
});
