import { context } from '../blocks/block-kit.ts';
import { mentionUser } from '../blocks/format.ts';
import type { AppLogger } from '../../observability/app-logger.ts';
import type { ResponseMessage, SlackOutbox } from './outbox.ts';

/** Who a job answers and where: its channel and the person who asked. */
export interface DeliveryTarget {
  channelId?: string;
  userId?: string;
}

function addressed(message: ResponseMessage, userId: string | undefined): ResponseMessage {
  if (!userId) return message;
  const note = context([
    `For ${mentionUser(userId)}: the reply link Slack gave this request had expired, so this is posted in the channel.`,
  ]);
  const blocks = message.blocks.length < 50 ? [...message.blocks, note] : message.blocks;
  return { ...message, text: `${mentionUser(userId)} ${message.text}`, blocks };
}

/**
 * The job's outbox: a response_url post that Slack refuses after its retries (the URL expired
 * after 30 minutes or five uses, or Slack kept failing) is posted to the job's channel with
 * `chat.postMessage` instead, addressed to the requester, so a slow job is never answered
 * with silence. Without a channel the error stands.
 */
export function withChannelFallback(outbox: SlackOutbox, target: DeliveryTarget, logger: AppLogger): SlackOutbox {
  return {
    ...outbox,
    async respond(responseUrl, message) {
      try {
        await outbox.respond(responseUrl, message);
      } catch (error) {
        if (!target.channelId) throw error;
        logger.info('response_url refused the message; posting it to the channel', {
          reason: error instanceof Error ? error.message : String(error),
        });
        const { response_type: _type, replace_original: _replace, ...rest } = addressed(message, target.userId);
        await outbox.postMessage(target.channelId, rest);
      }
    },
  };
}
