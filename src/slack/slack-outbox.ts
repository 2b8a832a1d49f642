import type { webApi } from '@slack/bolt';
import type { SlackMessage } from './block-kit.ts';
import type { ResponseMessage, SlackOutbox } from './ports.ts';

/** A message Slack did not take (response_url expired, rate limit, bad blocks). */
export class SlackDeliveryError extends Error {
  override readonly name = 'SlackDeliveryError';
}

/**
 * The production outbox: Web API calls through a `WebClient` (point it at a fake with
 * `slackApiUrl`), `response_url` posts through fetch as JSON.
 */
export function createSlackOutbox(client: webApi.WebClient, fetchFn: typeof fetch = fetch): SlackOutbox {
  return {
    async respond(responseUrl: string, message: ResponseMessage) {
      const response = await fetchFn(responseUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(10_000),
      });
      const answer = await response.text();
      if (!response.ok) throw new SlackDeliveryError(`response_url answered HTTP ${response.status}: ${answer.slice(0, 200)}`);
    },

    async postMessage(channel: string, message: SlackMessage) {
      const result = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
      if (!result.ok || !result.ts) throw new SlackDeliveryError(`chat.postMessage failed: ${result.error ?? 'no ts'}`);
      return { ts: result.ts, channel: result.channel ?? channel };
    },

    async updateMessage(channel: string, ts: string, message: SlackMessage) {
      const result = await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
      if (!result.ok) throw new SlackDeliveryError(`chat.update failed: ${result.error ?? 'unknown'}`);
    },
  };
}
