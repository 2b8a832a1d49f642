import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { App, AwsLambdaReceiver, LogLevel } from '@slack/bolt';
import { CALIBRATE_ACCEPT_ACTION } from './blocks/learning-blocks.ts';
import { answerCommand, commandPayloadSchema, type CommandDeps } from './answer-command.ts';
import { approveClickSchema, handleApproveClick, type ApproveDeps } from './approve-click.ts';
import { handleCatalogClick } from './catalog-click.ts';
import { APPROVE_ACTION_ID } from './blocks/plan-blocks.ts';
import { boltLoggerFor } from './bolt-logger.ts';
import type { SlackOutbox } from './outbox/outbox.ts';
import { checkSlackRequest } from './request-guard.ts';
import { HOME_DEADLINE_MS, registerDashboardListeners, type DashboardDeps } from './dashboard-listeners.ts';
import { openPolicyForm } from './form/open-policy-form.ts';
import { publishHome } from './home/publish-home.ts';

/** What the Slack function answers API Gateway: always a status code and a body. */
export type SlackLambdaResult = APIGatewayProxyStructuredResultV2 & { statusCode: number; body: string };

/** The Slack function's entry point: an API Gateway HTTP API (payload 2.0) event in, a response out. */
export type AwsHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<SlackLambdaResult>;

/** The slash command this app answers. */
export const RETENTION_COMMAND = '/retention';

export interface SlackAppDeps
  extends CommandDeps, ApproveDeps, Omit<DashboardDeps, keyof CommandDeps | keyof ApproveDeps> {
  signingSecret: string;
  botToken: string;
  /** Where the Web API lives; a loopback fake in tests and in the local simulator. */
  slackApiUrl?: string;
  outbox: SlackOutbox;
  /** Bolt's own log level; WARN by default (our logger writes the app's lines). */
  boltLogLevel?: LogLevel;
  /** Largest request body accepted; `MAX_SLACK_BODY_BYTES` (1 MiB) by default. */
  maxBodyBytes?: number;
}

/**
 * Refuses what must not reach Bolt (an oversized body: 413; a missing, malformed, stale,
 * future or wrong v0 signature: 401) and turns a crash while Bolt parses a signed but
 * malformed body into a 400, never an unhandled rejection.
 */
function guard(deps: SlackAppDeps, bolt: ReturnType<AwsLambdaReceiver['toHandler']>): AwsHandler {
  return async (event, context) => {
    const refusal = checkSlackRequest(event, {
      signingSecret: deps.signingSecret,
      nowSeconds: Math.floor(Date.now() / 1000),
      maxBodyBytes: deps.maxBodyBytes,
    });
    if (refusal) {
      deps.logger.info('slack request refused', { status: refusal.statusCode, reason: refusal.reason });
      return { statusCode: refusal.statusCode, body: '' };
    }
    try {
      return await bolt(event, context);
    } catch (error) {
      deps.logger.error('slack request could not be parsed', {
        error: error instanceof Error ? error.message : String(error),
      });
      return { statusCode: 400, body: '' };
    }
  };
}

/**
 * The Bolt app behind one HTTP endpoint: `/retention` (plain: the policy form), the approve,
 * Accept catalog, Download CSV and Edit & re-plan buttons, the form's submission, the global
 * shortcut and the Home tab.
 * On Lambda, Bolt answers Slack only when a listener returns, so listeners only validate,
 * record and dispatch (the solve runs in the worker). Every request passes `checkSlackRequest`
 * first (size limit; Slack's v0 HMAC with a 5-minute window both ways), then Bolt's own check.
 */
export function createSlackApp(deps: SlackAppDeps): { app: App; receiver: AwsLambdaReceiver; handler: AwsHandler } {
  const logLevel = deps.boltLogLevel ?? LogLevel.WARN;
  const logger = boltLoggerFor(deps.logger, logLevel);
  const receiver = new AwsLambdaReceiver({ signingSecret: deps.signingSecret, logger });
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: deps.botToken }),
    clientOptions: deps.slackApiUrl ? { slackApiUrl: deps.slackApiUrl } : {},
    logger,
  });

  app.command(RETENTION_COMMAND, async ({ command, ack }) => {
    const payload = commandPayloadSchema.parse(command);
    if (payload.text.trim() === '' && payload.trigger_id) {
      const origin = { channel_id: payload.channel_id, response_url: payload.response_url };
      const failure = await openPolicyForm(deps, { triggerId: payload.trigger_id, origin });
      await ack(failure ? { response_type: 'ephemeral', text: failure.text, blocks: failure.blocks } : undefined);
      return;
    }
    const reply = await answerCommand(deps, payload);
    await ack({ response_type: 'ephemeral', text: reply.text, blocks: reply.blocks });
  });

  registerDashboardListeners(app, deps);

  app.action(APPROVE_ACTION_ID, async ({ body, ack }) => {
    await ack();
    const click = approveClickSchema.parse(body);
    const refreshHome = (userIds: readonly string[]) => publishHome(deps, userIds, { deadlineMs: HOME_DEADLINE_MS });
    const reply = await handleApproveClick({ ...deps, refreshHome }, click);
    if (reply && click.response_url) {
      await deps.outbox.respond(click.response_url, { ...reply, response_type: 'ephemeral', replace_original: false });
    }
  });

  app.action(CALIBRATE_ACCEPT_ACTION, async ({ body, ack }) => {
    await ack();
    const click = approveClickSchema.parse(body);
    const answer = await handleCatalogClick(deps, click);
    if ('replace' in answer)
      await publishHome(deps, [click.user.id], { deadlineMs: HOME_DEADLINE_MS }).catch((error: unknown) =>
        deps.logger.error('home tabs not refreshed', { error: String(error) }),
      );
    if (!click.response_url) return;
    if ('replace' in answer)
      await deps.outbox.respond(click.response_url, { ...answer.replace, replace_original: true });
    else
      await deps.outbox.respond(click.response_url, {
        ...answer.note,
        response_type: 'ephemeral',
        replace_original: false,
      });
  });

  app.error(async (error) => {
    deps.logger.error('slack listener failed', { error: String(error) });
  });

  return { app, receiver, handler: guard(deps, receiver.toHandler()) };
}
