import { localLambdaContext } from '../../../src/dev/lambda-context.ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createS3Store } from '../../../src/storage/s3-store.ts';
import { listRuns } from '../../../src/storage/run-record.ts';
import { startS3rver, type RunningS3rver } from '../storage/s3rver-harness.ts';
import { DOWNLOAD_CSV_ACTION_ID } from '../../../src/slack/blocks/plan-files-blocks.ts';
import { approveClickBody, buildSlackEvent } from '../../../src/slack/signed-request.ts';
import { CHANNEL, NO_ANALYTICS, pathOf, SIGNING_SECRET, startHardeningBed } from './bed.ts';
import { verifyPresignedGet } from './sigv4.ts';

const BUCKET = 'links-data';
const PLAN = '20261116-083000-link01';
/** The s3rver harness's secret key. */
const SECRET_KEY = 'S3RVER';
let s3: RunningS3rver;

beforeAll(async () => {
  s3 = await startS3rver([BUCKET]);
  const store = createS3Store({ client: s3.client, bucket: BUCKET, prefix: 'team' });
  await store.put(`plans/${PLAN}/plan.csv`, 'customer_id,action_id\nC1,2\n', 'text/csv');
  await store.put(`plans/${PLAN}/run.json`, '{"secret":"not for this link"}', 'application/json');
  await store.put(
    'predictions/2026-11-16/predictions.csv',
    'customer_id,churn_probability,subscription_type\nC1,0.5,Free\n',
    'text/csv',
  );
});
afterAll(async () => {
  await s3?.stop();
});

describe('presigned plan links', () => {
  it('name exactly one object, sign only the host, and carry the configured expiry', async () => {
    // Prepare
    const store = createS3Store({ client: s3.client, bucket: BUCKET, prefix: 'team' });

    // Act
    const url = new URL(await store.link(`plans/${PLAN}/plan.csv`, 900));

    // Assess
    expect(url.pathname).toBe(`/${BUCKET}/team/plans/${PLAN}/plan.csv`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect((await fetch(url)).status).toBe(200);
  });

  it.each([
    ['the run record beside it', `plans/${PLAN}/run.json`],
    ['the predictions', 'predictions/2026-11-16/predictions.csv'],
    ['the folder', `plans/${PLAN}/`],
  ])(
    'cannot be bent to open %s: the signature covers the path (checked as S3 checks SigV4)',
    async (_name, otherKey) => {
      // Prepare
      const store = createS3Store({ client: s3.client, bucket: BUCKET, prefix: 'team' });
      const url = new URL(await store.link(`plans/${PLAN}/plan.csv`, 900));
      expect(verifyPresignedGet(url, SECRET_KEY)).toBe(true);

      // Act
      const bent = new URL(url);
      bent.pathname = `/${BUCKET}/team/${otherKey}`;
      const longer = new URL(url);
      longer.searchParams.set('X-Amz-Expires', '604800');

      // Assess
      expect(verifyPresignedGet(bent, SECRET_KEY)).toBe(false);
      expect(verifyPresignedGet(longer, SECRET_KEY)).toBe(false);
    },
  );

  it('stops working after its expiry', async () => {
    // Prepare: sign as if it were 901 seconds ago
    const store = createS3Store({ client: s3.client, bucket: BUCKET, prefix: 'team' });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 901_000 });
    const url = await store.link(`plans/${PLAN}/plan.csv`, 900);
    vi.useRealTimers();

    // Act
    const response = await fetch(url);

    // Assess
    expect(response.status).toBe(403);
  });

  it.each([0, -1, 1.5, 7 * 24 * 3600 + 1])('refuses an expiry of %s seconds', async (seconds) => {
    const store = createS3Store({ client: s3.client, bucket: BUCKET, prefix: 'team' });
    await expect(store.link(`plans/${PLAN}/plan.csv`, seconds)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('are never in a channel message: Download CSV answers privately with a 15-minute link to that plan only', async () => {
    // Prepare
    const store = createS3Store({ client: s3.client, bucket: BUCKET, prefix: 'slack' });
    const bed = await startHardeningBed({ store, worker: { analytics: NO_ANALYTICS } });
    try {
      const ack = await bed.command('plan');
      await bed.inline.idle();
      expect(bed.slack.calls.some((call) => call.target === pathOf(ack.responseUrl))).toBe(true);
      const [{ plan_id: planId }] = await listRuns(store, 1);
      const responseUrl = bed.responseUrl();
      const body = approveClickBody({
        userId: 'UASKER1',
        value: JSON.stringify({ plan: planId, words: [] }),
        responseUrl,
        channelId: CHANNEL,
        messageTs: '1700000000.000001',
        actionId: DOWNLOAD_CSV_ACTION_ID,
      });

      // Act
      await bed.handler(
        buildSlackEvent({ body, signingSecret: SIGNING_SECRET, timestamp: Math.floor(Date.now() / 1000) }),
        localLambdaContext(),
      );

      // Assess
      const inChannel = bed.slack.calls.filter((call) => call.body.response_type !== 'ephemeral');
      expect(JSON.stringify(inChannel.map((call) => call.body))).not.toContain('X-Amz-Signature');
      const answer = bed.slack.calls.find(
        (call) => call.kind === 'response_url' && call.target === pathOf(responseUrl),
      );
      expect(answer?.body.response_type).toBe('ephemeral');
      const links = [...JSON.stringify(answer?.body).matchAll(/"url":"(https?:\/\/[^"]+)"/g)].map(
        (match) => new URL(match[1]),
      );
      expect(links).toHaveLength(1);
      const [link] = links;
      expect(link.pathname).toBe(`/${BUCKET}/slack/plans/${planId}/plan.csv`);
      expect(Number(link.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(900);
      expect(verifyPresignedGet(link, SECRET_KEY)).toBe(true);
      const csv = await (await fetch(link)).text();
      expect(csv.split('\r\n')[0]).toMatch(/^customer_id,action_id,/);
    } finally {
      await bed.close();
    }
  });
});
