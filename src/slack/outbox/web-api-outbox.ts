import { setTimeout as sleep } from 'node:timers/promises';
import type { webApi } from '@slack/bolt';
import type { SlackMessage } from '../blocks/block-kit.ts';
import { callSlack, SlackDeliveryError } from './delivery-error.ts';
import type { ResponseMessage, SlackOutbox } from './outbox.ts';
import { shareFilesWithWebApi } from './web-api-files.ts';

export { SlackDeliveryError } from './delivery-error.ts';

export interface OutboxOptions {
  fetchFn?: typeof fetch;
  /** Attempts per response_url post, the first included; 4 by default. */
  attempts?: number;
  /** Longest wait honoured from a Retry-After header, in seconds; 30 by default. */
  maxRetryAfterSeconds?: number;
  /** Waits between attempts (tests may shorten them); `timers/promises` setTimeout by default. */
  sleep?: (ms: number) => Promise<unknown>;
  /** Waits between checks that a file share landed (see `shareFilesWithWebApi`). */
  shareWaitsMs?: readonly number[];
}

/** Slack's answers for a response URL past its 30 minutes or its five uses. */
const EXPIRED_ANSWER = /expired_url|used_url/;
/** A 404 that is about the message, not the URL (Slack answers refused blocks with 404 too). */
const MESSAGE_REFUSED = /invalid_blocks|invalid_attachments|msg_too_long|no_text/;

function retryAfterMs(response: Response, cap: number): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, cap) * 1000 : undefined;
}

/**
 * The production outbox: Web API calls through a `WebClient` (point it at a fake with
 * `slackApiUrl`; its retries cover 429 and 5xx), `response_url` posts through fetch as JSON,
 * file uploads through Slack's external upload (`shareFilesWithWebApi`).
 * A response_url post is retried on 429 (after its Retry-After, capped), 5xx and dropped
 * connections (backoff 0.25, 0.5, 1 s); a 404 or an `expired_url`/`used_url` answer is a
 * {@link SlackDeliveryError} with `expired` set, which the worker turns into a channel post.
 */
export function createSlackOutbox(client: webApi.WebClient, options: OutboxOptions | typeof fetch = {}): SlackOutbox {
  const settings = typeof options === 'function' ? { fetchFn: options } : options;
  const fetchFn = settings.fetchFn ?? fetch;
  const attempts = settings.attempts ?? 4;
  const cap = settings.maxRetryAfterSeconds ?? 30;
  const wait = settings.sleep ?? sleep;

  return {
    async respond(responseUrl: string, message: ResponseMessage) {
      for (let attempt = 1; ; attempt++) {
        const backoff = 250 * 2 ** (attempt - 1);
        let response: Response;
        try {
          response = await fetchFn(responseUrl, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(message),
            signal: AbortSignal.timeout(10_000),
          });
        } catch (cause) {
          if (attempt >= attempts)
            throw new SlackDeliveryError(`response_url did not answer after ${attempts} attempts`, { cause });
          await wait(backoff);
          continue;
        }
        const answer = await response.text();
        if (response.ok) return;
        const refused = MESSAGE_REFUSED.exec(answer)?.[0];
        if (refused)
          throw new SlackDeliveryError(`response_url refused the message: ${answer.slice(0, 200)}`, {
            slackError: refused,
          });
        if (response.status === 404 || response.status === 410 || EXPIRED_ANSWER.test(answer)) {
          throw new SlackDeliveryError(`response_url answered HTTP ${response.status}: ${answer.slice(0, 200)}`, {
            expired: true,
          });
        }
        if ((response.status === 429 || response.status >= 500) && attempt < attempts) {
          await wait(retryAfterMs(response, cap) ?? backoff);
          continue;
        }
        throw new SlackDeliveryError(
          `response_url answered HTTP ${response.status} after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${answer.slice(0, 200)}`,
        );
      }
    },

    async postMessage(channel: string, message: SlackMessage) {
      const result = await callSlack('chat.postMessage', () =>
        client.chat.postMessage({ channel, text: message.text, blocks: message.blocks }),
      );
      if (!result.ts) throw new SlackDeliveryError('chat.postMessage failed: no ts');
      return { ts: result.ts, channel: result.channel ?? channel };
    },

    async updateMessage(channel: string, ts: string, message: SlackMessage) {
      await callSlack('chat.update', () =>
        client.chat.update({ channel, ts, text: message.text, blocks: message.blocks }),
      );
    },

    async openView(triggerId, view) {
      await callSlack('views.open', () => client.views.open({ trigger_id: triggerId, view }));
    },

    async publishView(userId, view) {
      await callSlack('views.publish', () => client.views.publish({ user_id: userId, view }));
    },

    shareFiles(input) {
      return shareFilesWithWebApi(client, input, { fetchFn, sleep: wait, shareWaitsMs: settings.shareWaitsMs });
    },
  };
}
