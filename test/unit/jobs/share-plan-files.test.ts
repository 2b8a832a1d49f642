import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { describeUploadFailure, sendWithChart } from '../../../src/jobs/share-plan-files.ts';
import { SlackDeliveryError } from '../../../src/slack/outbox/delivery-error.ts';

const image: KnownBlock = { type: 'image', slack_file: { id: 'F0000000001' }, alt_text: 'chart' };
const text: KnownBlock = { type: 'section', text: { type: 'mrkdwn', text: 'plan' } };

describe('sending a plan with its chart', () => {
  it('sends it again without the image when Slack refuses the image block, saying where the chart is', async () => {
    // Prepare
    const sent: KnownBlock[][] = [];
    const send = async (message: { blocks: KnownBlock[] }) => {
      sent.push(message.blocks);
      if (sent.length === 1) throw new SlackDeliveryError('refused', { slackError: 'invalid_blocks' });
    };

    // Act
    await sendWithChart({ text: 'plan', blocks: [text, image] }, send);

    // Assess
    expect(sent).toHaveLength(2);
    expect(sent[1].some((block) => block.type === 'image')).toBe(false);
    expect(JSON.stringify(sent[1])).toContain('it is in this channel as a file');
  });

  it('lets any other failure through, once', async () => {
    // Prepare
    let calls = 0;
    const send = async () => {
      calls++;
      throw new SlackDeliveryError('expired', { expired: true });
    };

    // Act
    const attempt = sendWithChart({ text: 'plan', blocks: [text, image] }, send);

    // Assess
    await expect(attempt).rejects.toThrow('expired');
    expect(calls).toBe(1);
  });

  it.each([
    ['not_in_channel', 'invite the app to the channel'],
    ['missing_scope', 'files:write'],
    ['ratelimited', 'could not be uploaded to Slack (ratelimited)'],
  ])('explains a refused upload (%s)', (code, says) => {
    expect(describeUploadFailure(new SlackDeliveryError('x', { slackError: code }))).toContain(says);
  });
});
