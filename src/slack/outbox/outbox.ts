import type { SlackMessage } from '../blocks/block-kit.ts';

/** A message for a `response_url`: ephemeral to the requester, or in the channel; may replace the original. */
export interface ResponseMessage extends SlackMessage {
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
}

/** Everything this app sends to Slack. Production: a WebClient and fetch; tests: loopback servers. */
export interface SlackOutbox {
  respond(responseUrl: string, message: ResponseMessage): Promise<void>;
  postMessage(channel: string, message: SlackMessage): Promise<{ ts: string; channel: string }>;
  updateMessage(channel: string, ts: string, message: SlackMessage): Promise<void>;
}
