import type { HomeView, ModalView } from '@slack/types';
import type { SlackMessage } from '../blocks/block-kit.ts';

/** A message for a `response_url`: ephemeral to the requester, or in the channel; may replace the original. */
export interface ResponseMessage extends SlackMessage {
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
}

/** One file to hand to Slack: its name, the title people see, its bytes and, for an image, a description. */
export interface OutgoingFile {
  filename: string;
  title: string;
  bytes: Uint8Array;
  altText?: string;
}

/** A file Slack keeps: its id (for `slack_file` image blocks) and, when Slack gave one, its permalink. */
export interface SharedFile {
  id: string;
  filename: string;
  title: string;
  permalink?: string;
}

/** Everything this app sends to Slack. Production: a WebClient and fetch; tests: loopback servers. */
export interface SlackOutbox {
  respond(responseUrl: string, message: ResponseMessage): Promise<void>;
  postMessage(channel: string, message: SlackMessage): Promise<{ ts: string; channel: string }>;
  updateMessage(channel: string, ts: string, message: SlackMessage): Promise<void>;
  /** Opens a modal; `triggerId` comes from the interaction and is valid for 3 seconds. */
  openView(triggerId: string, view: ModalView): Promise<void>;
  /** Publishes a user's Home tab. */
  publishView(userId: string, view: HomeView): Promise<void>;
  /**
   * Uploads files (files.getUploadURLExternal, the upload, files.completeUploadExternal) and
   * shares them in `channelId` under `comment` (mrkdwn, escaped by the caller). Resolves once
   * Slack shows them as shared, or after a bounded wait.
   */
  shareFiles(input: { channelId: string; comment: string; files: OutgoingFile[] }): Promise<SharedFile[]>;
}
