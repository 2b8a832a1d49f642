import type { ModalView } from '@slack/types';
import { PLAN_SHORTCUT_CALLBACK_ID } from '../slack/dashboard-listeners.ts';

/** The team and app every simulated payload names. */
const TEAM = { id: 'T00000001', domain: 'local' };
const APP_ID = 'A00000001';

const triggerId = (): string => `${Date.now()}.${Math.floor(Math.random() * 1e9)}.trigger`;

/** What every interactivity payload carries: its type, the workspace, the person and the app. */
const envelope = (type: string, userId: string) => ({
  type,
  team: TEAM,
  user: { id: userId, username: userId.toLowerCase(), team_id: TEAM.id },
  api_app_id: APP_ID,
  token: 'deprecated-verification-token',
});

const formBody = (payload: object): string => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

/** The form body Slack sends for the global shortcut "Plan retention". */
export function shortcutBody(input: { userId: string; triggerId?: string }): string {
  return formBody({
    ...envelope('shortcut', input.userId),
    action_ts: `${Date.now() / 1000}`,
    is_enterprise_install: false,
    callback_id: PLAN_SHORTCUT_CALLBACK_ID,
    trigger_id: input.triggerId ?? triggerId(),
  });
}

/** The JSON body of the Events API's `app_home_opened` (the user opened the app's Home tab). */
export function homeOpenedBody(input: { userId: string; tab?: 'home' | 'messages' }): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: TEAM.id,
    api_app_id: APP_ID,
    event: {
      type: 'app_home_opened',
      user: input.userId,
      channel: 'D00000001',
      tab: input.tab ?? 'home',
      event_ts: `${Date.now() / 1000}`,
    },
    type: 'event_callback',
    event_id: `Ev${Date.now()}`,
    event_time: Math.floor(Date.now() / 1000),
  });
}

/** A button click from a view (the Home tab or a modal): no channel, no response URL, a trigger id. */
export function viewClickBody(input: { userId: string; actionId: string; value: string; triggerId?: string }): string {
  return formBody({
    ...envelope('block_actions', input.userId),
    container: { type: 'view', view_id: 'VHOME0001' },
    trigger_id: input.triggerId ?? triggerId(),
    view: { id: 'VHOME0001', type: 'home', blocks: [] },
    actions: [
      {
        type: 'button',
        action_id: input.actionId,
        block_id: 'home',
        value: input.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  });
}

/** What the person filled in: `view.state.values`, and Slack's reply URL for a chosen conversation. */
export interface FilledForm {
  values: Record<string, Record<string, Record<string, unknown>>>;
  responseUrls: { block_id: string; action_id: string; channel_id: string; response_url: string }[];
}

/** The form body Slack sends when a modal is submitted (`view_submission`). */
export function viewSubmissionBody(input: { userId: string; view: ModalView; filled: FilledForm }): string {
  return formBody({
    ...envelope('view_submission', input.userId),
    trigger_id: triggerId(),
    view: {
      id: 'VFORM0001',
      team_id: TEAM.id,
      type: 'modal',
      callback_id: input.view.callback_id,
      private_metadata: input.view.private_metadata ?? '',
      blocks: input.view.blocks,
      state: { values: input.filled.values },
      hash: '1700000000.abcdef',
    },
    response_urls: input.filled.responseUrls,
  });
}
