import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createS3Store } from '../../../src/storage/s3-store.ts';
import { startS3rver, type RunningS3rver } from '../storage/s3rver-harness.ts';
import { pathOf, startHardeningBed } from './bed.ts';
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

  it('the link posted in Slack after a plan has the worker’s configured expiry and names only that plan’s CSV', async () => {
    // Prepare
    const store = createS3Store({ client: s3.client, bucket: BUCKET, prefix: 'slack' });
    const bed = await startHardeningBed({ store, worker: { linkTtlSeconds: 1200 } });
    try {
      // Act
      const ack = await bed.command('');
      await bed.inline.idle();

      // Assess
      const post = bed.slack.calls.find(
        (call) => call.kind === 'response_url' && call.target === pathOf(ack.responseUrl),
      );
      const links = [...JSON.stringify(post?.body).matchAll(/https?:\/\/127\.0\.0\.1:\d+\/[^"|>\\]+/g)].map(
        (match) => new URL(match[0].replaceAll('&amp;', '&')),
      );
      expect(links).toHaveLength(1);
      const [link] = links;
      expect(link.pathname).toMatch(new RegExp(`^/${BUCKET}/slack/plans/\\d{8}-\\d{6}-[0-9a-z]{6}/plan\\.csv$`));
      expect(link.searchParams.get('X-Amz-Expires')).toBe('1200');
      expect(verifyPresignedGet(link, SECRET_KEY)).toBe(true);
      const csv = await (await fetch(link)).text();
      expect(csv.split('\r\n')[0]).toMatch(/^customer_id,action_id,/);
    } finally {
      await bed.close();
    }
  });
});
