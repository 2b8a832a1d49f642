import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createCampaignWebhook, signWebhookBody } from '../../../src/approvals/campaign-webhook.ts';
import { startLoopbackSlack, type LoopbackSlack } from '../../../src/dev/loopback-slack.ts';

let slack: LoopbackSlack | undefined;

afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

const manifest = {
  plan_id: '20261116-083000-abc123',
  export_key: 'exports/2026-11-16/20261116-083000-abc123.csv',
  rows: 3,
  approved_by: 'U1',
  approved_at: '2026-11-16T08:30:00.000Z',
  kpis: { net_value: 12.5 },
};

describe('the campaign webhook', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256 and sends both headers', async () => {
    // Prepare
    slack = await startLoopbackSlack();
    const webhook = createCampaignWebhook({
      url: slack.webhookUrl,
      secret: 's3cret',
      clock: () => new Date('2026-11-16T08:30:00Z'),
    });

    // Act
    await webhook.send(manifest);

    // Assess
    const [call] = slack.calls;
    expect(call.headers['x-retention-timestamp']).toBe('1794817800');
    const expected = createHmac('sha256', 's3cret').update(`1794817800.${call.raw}`).digest('hex');
    expect(call.headers['x-retention-signature']).toBe(`sha256=${expected}`);
    expect(JSON.parse(call.raw)).toEqual(manifest);
  });

  it('fails with CONFLICT naming the status when the campaign system refuses', async () => {
    // Prepare
    slack = await startLoopbackSlack();
    slack.setWebhookStatus(503);
    const webhook = createCampaignWebhook({ url: slack.webhookUrl, secret: 's3cret', clock: () => new Date() });

    // Act
    const sending = webhook.send(manifest);

    // Assess
    await expect(sending).rejects.toMatchObject({ code: 'CONFLICT', message: 'the campaign system answered HTTP 503' });
  });

  it('gives a different signature for a different timestamp', () => {
    expect(signWebhookBody('k', 1, '{}')).not.toBe(signWebhookBody('k', 2, '{}'));
  });
});
