import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createHmac, randomUUID } from 'node:crypto';
import { APPROVE_ACTION_ID, type ApproveButtonValue } from './blocks/plan-blocks.ts';

/** The API Gateway event the Lambda handler takes: an HTTP API request, payload format 2.0. */
export type AwsEvent = APIGatewayProxyEventV2;

/** An HTTP API (payload 2.0) event as API Gateway builds it from a request, every field filled. */
export function httpApiEvent(request: {
  method: string;
  path: string;
  query?: string;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}): AwsEvent {
  const now = new Date();
  const routeKey = `${request.method} ${request.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: request.path,
    rawQueryString: request.query ?? '',
    headers: request.headers,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: request.method,
        path: request.path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: request.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: request.body,
    isBase64Encoded: request.isBase64Encoded ?? false,
  };
}

/** Slack's v0 signature: `v0=<hex HMAC-SHA256 of "v0:<timestamp>:<raw body>">` with the signing secret. */
export function signSlackBody(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/**
 * An API Gateway HTTP API (payload 2.0) event carrying a form-encoded Slack request, signed
 * as Slack signs it (or with the given `signature`, or none, to test refusals). Used by the
 * local simulator and the tests to drive the real Lambda handler.
 */
export function buildSlackEvent(options: {
  body: string;
  signingSecret: string;
  timestamp: number;
  signature?: string | null;
  path?: string;
  /** `application/x-www-form-urlencoded` (commands, interactivity) by default; the Events API sends JSON. */
  contentType?: string;
}): AwsEvent {
  const signature =
    options.signature === undefined
      ? signSlackBody(options.signingSecret, options.timestamp, options.body)
      : options.signature;
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(options.timestamp),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
  if (signature !== null) headers['x-slack-signature'] = signature;
  return httpApiEvent({ method: 'POST', path: options.path ?? '/slack/events', headers, body: options.body });
}

/** The form body Slack sends for a slash command. */
export function slashCommandBody(input: {
  text: string;
  userId: string;
  channelId: string;
  responseUrl: string;
  command?: string;
  triggerId?: string;
}): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T00000001',
    team_domain: 'local',
    channel_id: input.channelId,
    channel_name: 'retention',
    user_id: input.userId,
    user_name: input.userId.toLowerCase(),
    command: input.command ?? '/retention',
    text: input.text,
    api_app_id: 'A00000001',
    response_url: input.responseUrl,
    trigger_id: input.triggerId ?? `${Date.now()}.trigger`,
  }).toString();
}

/**
 * The form body Slack sends when someone clicks a button (`payload=<block_actions JSON>`):
 * Approve & send by default, or `actionId` (e.g. the Accept catalog button). `blocks` are the
 * blocks of the message holding the button, as Slack sends them back.
 */
export function approveClickBody(input: {
  userId: string;
  value: ApproveButtonValue | string;
  responseUrl: string;
  channelId: string;
  messageTs: string;
  actionId?: string;
  blocks?: unknown[];
  /** The clicker's own workspace (another one for a guest from a shared channel); the app's by default. */
  userTeamId?: string;
  triggerId?: string;
}): string {
  const value = typeof input.value === 'string' ? input.value : JSON.stringify(input.value);
  const payload = {
    type: 'block_actions',
    team: { id: 'T00000001', domain: 'local' },
    user: { id: input.userId, username: input.userId.toLowerCase(), team_id: input.userTeamId ?? 'T00000001' },
    api_app_id: 'A00000001',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: input.messageTs, channel_id: input.channelId, is_ephemeral: false },
    trigger_id: input.triggerId ?? `${Date.now()}.trigger`,
    channel: { id: input.channelId, name: 'retention' },
    message: { type: 'message', ts: input.messageTs, text: 'Retention plan', blocks: input.blocks ?? [] },
    response_url: input.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: input.actionId ?? APPROVE_ACTION_ID,
        block_id: 'approve',
        value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
