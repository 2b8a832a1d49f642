import { App, AwsLambdaReceiver, LogLevel } from '@slack/bolt';
import { CALIBRATE_ACCEPT_ACTION } from '../learning/slack-blocks.ts';
import { answerCommand, commandPayloadSchema, type CommandDeps } from './answer-command.ts';
import { approveClickSchema, handleApproveClick, type ApproveDeps } from './approve-click.ts';
import { handleCatalogClick } from './catalog-click.ts';
import { APPROVE_ACTION_ID } from './plan-blocks.ts';
import type { SlackOutbox } from './ports.ts';

/** Lambda's entry point as Bolt builds it: an API Gateway event in, a response out. */
export type AwsHandler = ReturnType<AwsLambdaReceiver['toHandler']>;

/** The slash command this app answers. */
export const RETENTION_COMMAND = '/retention';

export interface SlackAppDeps extends CommandDeps, ApproveDeps {
  signingSecret: string;
  botToken: string;
  /** Where the Web API lives; a loopback fake in tests and in the local simulator. */
  slackApiUrl?: string;
  outbox: SlackOutbox;
  /** Bolt's own log level; WARN by default (our logger writes the app's lines). */
  boltLogLevel?: LogLevel;
}

/**
 * The Bolt app behind one HTTP endpoint: `/retention`, the approve button and the Accept
 * catalog button.
 * On Lambda, Bolt answers Slack only when a listener returns, so listeners only validate,
 * record and dispatch (the solve runs in the worker). Signatures are Slack's v0 HMAC,
 * checked by the AwsLambdaReceiver: forged, missing or stale (over 5 minutes) requests get 401.
 */
export function createSlackApp(deps: SlackAppDeps): { app: App; receiver: AwsLambdaReceiver; handler: AwsHandler } {
  const logLevel = deps.boltLogLevel ?? LogLevel.WARN;
  const receiver = new AwsLambdaReceiver({ signingSecret: deps.signingSecret, logLevel });
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: deps.botToken }),
    clientOptions: deps.slackApiUrl ? { slackApiUrl: deps.slackApiUrl } : {},
    logLevel,
  });

  app.command(RETENTION_COMMAND, async ({ command, ack }) => {
    const payload = commandPayloadSchema.parse(command);
    const reply = await answerCommand(deps, payload);
    await ack({ response_type: 'ephemeral', text: reply.text, blocks: reply.blocks });
  });

  app.action(APPROVE_ACTION_ID, async ({ body, ack }) => {
    await ack();
    const click = approveClickSchema.parse(body);
    const reply = await handleApproveClick(deps, click);
    if (reply && click.response_url) {
      await deps.outbox.respond(click.response_url, { ...reply, response_type: 'ephemeral', replace_original: false });
    }
  });

  app.action(CALIBRATE_ACCEPT_ACTION, async ({ body, ack }) => {
    await ack();
    const click = approveClickSchema.parse(body);
    const answer = await handleCatalogClick(deps, click);
    if (!click.response_url) return;
    if ('replace' in answer) await deps.outbox.respond(click.response_url, { ...answer.replace, replace_original: true });
    else await deps.outbox.respond(click.response_url, { ...answer.note, response_type: 'ephemeral', replace_original: false });
  });

  app.error(async (error) => {
    deps.logger.error('slack listener failed', { error: String(error) });
  });

  return { app, receiver, handler: receiver.toHandler() };
}
