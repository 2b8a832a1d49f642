import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppLogger } from '../../../src/observability/app-logger.ts';
import { ACK_DEADLINE_MS, type DeadlineTimer } from '../../../src/slack/answer-command.ts';
import { createS3ClientFromEnv } from '../../../src/storage/s3-client.ts';
import { createS3Store } from '../../../src/storage/s3-store.ts';
import { listRuns } from '../../../src/storage/run-record.ts';
import type { ObjectStore } from '../../../src/storage/object-store.ts';
import { blockText } from '../../support/fake-slack.ts';
import { startS3rver, type RunningS3rver } from '../storage/s3rver-harness.ts';
import { pathOf, SAMPLE_KEY, startHardeningBed, type HardeningBed } from './bed.ts';
import { s3ErrorBody, startFaultProxy, type FaultProxy, type RequestMatch } from './fault-proxy.ts';

const BUCKET = 'hardening-data';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
/** Short timeouts so a silent S3 costs the test about a second, not the production defaults. */
const TIMEOUTS = { connectMs: 500, requestMs: 400, idleMs: 400 };

const predictionsGet: RequestMatch = ({ method, path }) =>
  method === 'GET' && path.startsWith(`/${BUCKET}/${SAMPLE_KEY}`);
const putOf =
  (suffix: string): RequestMatch =>
  ({ method, path }) =>
    method === 'PUT' && path.split('?')[0].endsWith(suffix);

let s3: RunningS3rver;
let proxy: FaultProxy;
let bed: HardeningBed | undefined;
let bucketPrefix = 0;

beforeAll(async () => {
  s3 = await startS3rver([BUCKET]);
  proxy = await startFaultProxy(s3.endpoint);
});
afterAll(async () => {
  await proxy?.close();
  await s3?.stop();
});
afterEach(async () => {
  proxy.clear();
  await bed?.close();
  bed = undefined;
});

/**
 * The faults these tests inject hit the worker's reads and writes; the acknowledgement before them
 * is preparation. It gets a generous deadline so a loaded machine cannot fail it with TIMEOUT
 * (seen in a clean CI run); the last test times the production 2.5 s deadline with its own timer.
 */
const PREPARATION_ACK_DEADLINE_MS = 30_000;

/** A bed whose store is S3 behind the fault proxy; each test gets its own key prefix. */
async function startS3Bed(maxAttempts = 3): Promise<{ bed: HardeningBed; store: ObjectStore; prefix: string }> {
  const client = createS3ClientFromEnv(
    { AWS_ENDPOINT_URL_S3: proxy.url },
    { maxAttempts, timeouts: TIMEOUTS, config: { credentials: CREDENTIALS } },
  );
  const prefix = `t${(bucketPrefix += 1)}`;
  const store = createS3Store({ client, bucket: BUCKET, prefix });
  const started = await startHardeningBed({ store, dispatch: 'queue', ackDeadlineMs: PREPARATION_ACK_DEADLINE_MS });
  return { bed: started, store, prefix };
}

/** Acknowledges `/retention` (no fault), then returns the queued job and its response URL. */
async function commandThenHold(testbed: HardeningBed): Promise<{ jobId: string; responseUrl: string }> {
  const ack = await testbed.command('budget=150');
  expect(ack.statusCode).toBe(200);
  expect(JSON.parse(ack.body).text).toContain('Planning for 250 customers');
  return { jobId: testbed.queue.queued.at(-1)!, responseUrl: ack.responseUrl };
}

function postsTo(testbed: HardeningBed, responseUrl: string) {
  return testbed.slack.calls.filter((call) => call.kind === 'response_url' && call.target === pathOf(responseUrl));
}

async function planKeys(store: ObjectStore): Promise<string[]> {
  return (await store.list('plans/')).map((object) => object.key);
}

const matchingPrefix =
  (prefix: string, match: RequestMatch): RequestMatch =>
  (request) =>
    match({ ...request, path: request.path.replace(`/${BUCKET}/${prefix}/`, `/${BUCKET}/`) });

describe('S3 faults during a plan job (s3rver behind a fault proxy)', () => {
  it('retries two 5xx answers on the predictions download, then posts the plan', async () => {
    // Prepare
    const started = await startS3Bed();
    bed = started.bed;
    const { jobId, responseUrl } = await commandThenHold(bed);
    const get = matchingPrefix(started.prefix, predictionsGet);
    proxy.inject(get, [
      { status: 503, body: s3ErrorBody('SlowDown', 'slow down') },
      { status: 500, body: s3ErrorBody('InternalError', 'oops') },
    ]);
    const before = proxy.seen.length;

    // Act
    const outcome = await bed.worker.runJob(jobId);

    // Assess
    expect(outcome.status).toBe('optimal');
    const gets = proxy.seen.slice(before).filter((request) => get(request));
    expect(gets.map((request) => request.fault)).toEqual(['503', '500', 'pass']);
    const posts = postsTo(bed, responseUrl);
    expect(posts).toHaveLength(1);
    expect(blockText(posts[0].body)).toContain('Proven optimal');
  });

  it('after every attempt fails with 5xx: one clear STORAGE message naming the key and the attempts, no plan written', async () => {
    // Prepare
    const started = await startS3Bed();
    bed = started.bed;
    const { jobId, responseUrl } = await commandThenHold(bed);
    proxy.always(matchingPrefix(started.prefix, predictionsGet), {
      status: 503,
      body: s3ErrorBody('ServiceUnavailable', 'down'),
    });

    // Act
    const outcome = await bed.worker.runJob(jobId);

    // Assess
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'STORAGE' } });
    const posts = postsTo(bed, responseUrl);
    expect(posts).toHaveLength(1);
    expect(posts[0].body.text).toContain(
      `Planning failed (STORAGE): s3://${BUCKET}/${started.prefix}/${SAMPLE_KEY}: could not read the object`,
    );
    expect(posts[0].body.text).toContain('after 3 attempts');
    proxy.clear();
    expect(await planKeys(started.store)).toEqual([]);
  });

  it('times out a request S3 never answers, retries it, and posts the plan', async () => {
    // Prepare
    const started = await startS3Bed();
    bed = started.bed;
    const { jobId, responseUrl } = await commandThenHold(bed);
    const get = matchingPrefix(started.prefix, predictionsGet);
    proxy.inject(get, ['hang']);
    const before = proxy.seen.length;

    // Act
    const outcome = await bed.worker.runJob(jobId);

    // Assess
    expect(outcome.status).toBe('optimal');
    expect(
      proxy.seen
        .slice(before)
        .filter((request) => get(request))
        .map((request) => request.fault),
    ).toEqual(['hang', 'pass']);
    expect(blockText(postsTo(bed, responseUrl)[0].body)).toContain('Proven optimal');
  });

  it('when S3 never answers at all: a STORAGE message that says it timed out, within the attempts × timeout, no plan', async () => {
    // Prepare
    const started = await startS3Bed(2);
    bed = started.bed;
    const { jobId, responseUrl } = await commandThenHold(bed);
    proxy.always(matchingPrefix(started.prefix, predictionsGet), 'hang');
    const t0 = performance.now();

    // Act
    const outcome = await bed.worker.runJob(jobId);
    const seconds = (performance.now() - t0) / 1000;

    // Assess
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'STORAGE' } });
    const [post] = postsTo(bed, responseUrl);
    expect(post.body.text).toMatch(
      /Planning failed \(STORAGE\): s3:\/\/.*predictions\.csv: could not read the object: .*(timed out|TimeoutError)/,
    );
    expect(seconds).toBeLessThan(10);
    console.info(`[figure] S3 silent, 2 attempts x 400 ms request timeout: STORAGE after ${seconds.toFixed(2)} s`);
    proxy.clear();
    expect(await planKeys(started.store)).toEqual([]);
  });

  it('a download that stalls halfway: STORAGE "reading broke off", no plan written', async () => {
    // Prepare
    const started = await startS3Bed();
    bed = started.bed;
    const { jobId, responseUrl } = await commandThenHold(bed);
    proxy.always(matchingPrefix(started.prefix, predictionsGet), 'stall');

    // Act
    const outcome = await bed.worker.runJob(jobId);

    // Assess
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'STORAGE' } });
    const [post] = postsTo(bed, responseUrl);
    expect(post.body.text).toContain(
      `Planning failed (STORAGE): s3://${BUCKET}/${started.prefix}/${SAMPLE_KEY}: reading broke off after`,
    );
    proxy.clear();
    expect(await planKeys(started.store)).toEqual([]);
  });

  it('plan.csv stored but run.json refused: the user is told, and no plan exists for status or approval', async () => {
    // Prepare
    const started = await startS3Bed(2);
    bed = started.bed;
    const { jobId, responseUrl } = await commandThenHold(bed);
    proxy.always(putOf('/run.json'), { status: 500, body: s3ErrorBody('InternalError', 'disk full') });

    // Act
    const outcome = await bed.worker.runJob(jobId);

    // Assess
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'STORAGE' } });
    const [post] = postsTo(bed, responseUrl);
    expect(post.body.text).toMatch(/Planning failed \(STORAGE\): s3:\/\/.*\/run\.json: could not create the object/);
    proxy.clear();
    expect((await planKeys(started.store)).every((key) => key.endsWith('/plan.csv'))).toBe(true);
    expect(await listRuns(started.store)).toEqual([]);
  });

  it('the predictions deleted between the listing (ack) and the read (worker): NOT_FOUND naming the key, no plan written', async () => {
    // Prepare
    const started = await startS3Bed();
    bed = started.bed;
    const { jobId, responseUrl } = await commandThenHold(bed);
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    await s3.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `${started.prefix}/${SAMPLE_KEY}` }));

    // Act
    const outcome = await bed.worker.runJob(jobId);

    // Assess
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND' } });
    const posts = postsTo(bed, responseUrl);
    expect(posts).toHaveLength(1);
    expect(posts[0].body.text).toContain(
      `Planning failed (NOT_FOUND): s3://${BUCKET}/${started.prefix}/${SAMPLE_KEY}: no such object`,
    );
    expect(posts[0].raw).not.toMatch(/\bat .*\.ts:\d+/);
    expect(await planKeys(started.store)).toEqual([]);
  });

  it('S3 slow on the acknowledgement path: Slack gets TIMEOUT when the 2.5 s deadline passes, and no job is started when S3 answers later', async () => {
    // Prepare: the listing is held at the proxy; the deadline is a timer the test fires
    const client = createS3ClientFromEnv(
      { AWS_ENDPOINT_URL_S3: proxy.url },
      {
        maxAttempts: 1,
        timeouts: { connectMs: 30_000, requestMs: 30_000, idleMs: 30_000 },
        config: { credentials: CREDENTIALS },
      },
    );
    const prefix = `t${(bucketPrefix += 1)}`;
    const store = createS3Store({ client, bucket: BUCKET, prefix });
    const deadline = manualDeadline();
    const logged = recordingLogger();
    bed = await startHardeningBed({ store, dispatch: 'queue', deadlineTimer: deadline.timer, logger: logged.logger });
    proxy.inject(
      ({ method, path }) => method === 'GET' && path.startsWith(`/${BUCKET}/?list-type=2&prefix=${prefix}%2F`),
      ['hold'],
    );

    // Act: the deadline passes while S3 holds the listing; then S3 answers
    const acknowledging = bed.command('plan');
    await proxy.holding(1);
    deadline.fire();
    const ack = await acknowledging;
    const ended = logged.next('command ended after its acknowledgement gave up');
    proxy.release();
    const lateEnd = await ended;

    // Assess
    expect(deadline.armedMs).toEqual([ACK_DEADLINE_MS]);
    expect(ACK_DEADLINE_MS).toBeLessThan(SLACK_ACK_LIMIT_MS);
    expect(JSON.parse(ack.body).text).toContain(
      'The command failed (TIMEOUT): storage did not answer within 2.5 s; nothing was started',
    );
    expect(lateEnd).toEqual({ outcome: 'TIMEOUT' });
    expect(bed.queue.queued).toEqual([]);
    proxy.clear();
    expect(await store.list('jobs/')).toEqual([]);
  });
});

/** Slack shows the user "operation_timeout" when the acknowledgement takes longer than this. */
const SLACK_ACK_LIMIT_MS = 3000;

/** A deadline timer that passes when the test says so; `armedMs` lists what it was armed with. */
function manualDeadline(): { timer: DeadlineTimer; armedMs: number[]; fire(): void } {
  const armedMs: number[] = [];
  let fire = (): void => undefined;
  const passed = new Promise<void>((resolve) => (fire = resolve));
  const timer: DeadlineTimer = (ms, signal) => {
    armedMs.push(ms);
    return new Promise((resolve, reject) => {
      void passed.then(resolve);
      signal.addEventListener('abort', () => reject(signal.reason as Error));
    });
  };
  return { timer, armedMs, fire: () => fire() };
}

/** A logger that keeps its lines; `next(message)` resolves with the detail of the next line with that message. */
function recordingLogger(): { logger: AppLogger; next(message: string): Promise<Record<string, unknown> | undefined> } {
  const waiting: { message: string; resolve: (detail: Record<string, unknown> | undefined) => void }[] = [];
  const line = (message: string, detail?: Record<string, unknown>): void => {
    for (const waiter of waiting.filter((candidate) => candidate.message === message)) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve(detail);
    }
  };
  return {
    logger: { info: line, error: line },
    next: (message) => new Promise((resolve) => waiting.push({ message, resolve })),
  };
}
