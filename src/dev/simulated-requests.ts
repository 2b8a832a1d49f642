import { CALIBRATE_ACCEPT_ACTION } from '../slack/blocks/learning-blocks.ts';
import { DOWNLOAD_CSV_ACTION_ID, EDIT_REPLAN_ACTION_ID } from '../slack/blocks/plan-files-blocks.ts';
import { approveClickBody, slashCommandBody } from '../slack/signed-request.ts';
import { shortcutBody } from './slack-payloads.ts';

/** One thing a person does in Slack, as the simulator replays it. */
export type SimulatedRequest =
  | { kind: 'command'; text: string; user: string; channel: string }
  | { kind: 'approve'; planId: string; user: string; channel: string; messageTs?: string }
  | { kind: 'accept'; version: string; user: string; channel: string }
  | { kind: 'download' | 'edit'; planId: string; words: string[]; user: string; channel: string }
  | { kind: 'shortcut'; user: string }
  | { kind: 'submit'; words: string[]; sweep?: string; user: string; channel: string }
  | { kind: 'home'; user: string }
  | { kind: 'monday'; channel: string };

/** The signed form body of a slash command, as Slack would send it. */
export function requestBody(request: Extract<SimulatedRequest, { kind: 'command' }>, responseUrl: string): string {
  return slashCommandBody({ text: request.text, userId: request.user, channelId: request.channel, responseUrl });
}

/** The form body of a click on a plan message's button (or of the global shortcut). */
export function clickBody(
  request: Extract<SimulatedRequest, { kind: 'approve' | 'accept' | 'download' | 'edit' | 'shortcut' }>,
  responseUrl: string,
): string {
  if (request.kind === 'shortcut') return shortcutBody({ userId: request.user });
  const common = { userId: request.user, responseUrl, channelId: request.channel };
  switch (request.kind) {
    case 'approve':
      return approveClickBody({
        ...common,
        value: { plan: request.planId, via: request.messageTs ? 'chat' : 'response_url' },
        messageTs: request.messageTs ?? '0000000000.000000',
      });
    case 'accept':
      return approveClickBody({
        ...common,
        value: JSON.stringify({ version: request.version }),
        messageTs: '0000000000.000000',
        actionId: CALIBRATE_ACCEPT_ACTION,
      });
    case 'download':
    case 'edit':
      return approveClickBody({
        ...common,
        value: JSON.stringify({ plan: request.planId, words: request.words }),
        messageTs: '0000000000.000000',
        actionId: request.kind === 'download' ? DOWNLOAD_CSV_ACTION_ID : EDIT_REPLAN_ACTION_ID,
      });
  }
}
