import { setTimeout as sleep } from 'node:timers/promises';
import type { webApi } from '@slack/bolt';
import type { SlackMessage } from '../blocks/block-kit.ts';
import type { ResponseMessage, SlackOutbox } from './outbox.ts';

/** A message Slack did not take (response_url expired or used up, rate limit, bad blocks). */
export class SlackDeliveryError extends Error {
  override readonly name = 'SlackDeliveryError';
  /** True when the response URL can no longer be used (expired, used five times, unknown). */
  readonly expired: boolean;

  constructor(message: string, options: { expired?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.expired = options.expired ?? false;
  }
}

export interface OutboxOptions {
  fetchFn?: typeof fetch;
  /** Attempts per response_url post, the first included; 4 by default. */
  attempts?: number;
  /** Longest wait honoured from a Retry-After header, in seconds; 30 by default. */
  maxRetryAfterSeconds?: number;
  /** Waits between attempts (tests may shorten them); `timers/promises` setTimeout by default. */
  sleep?: (ms: number) => Promise<unknown>;
}

/** Slack's answers for a response URL past its 30 minutes or its five uses. */
const EXPIRED_ANSWER = /expired_url|used_url/;

function retryAfterMs(response: Response, cap: number): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, cap) * 1000 : undefined;
}

/**
 * The production outbox: Web API calls through a `WebClient` (point it at a fake with
 * `slackApiUrl`; its retries cover 429 and 5xx), `response_url` posts through fetch as JSON.
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
