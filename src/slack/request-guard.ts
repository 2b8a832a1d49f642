import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AwsEvent } from './signed-request.ts';

/**
 * Largest request body accepted: 1 MiB. A slash command is a few hundred bytes; a button click
 * carries the whole message back (at most 50 blocks of 3,000 characters, form-encoded), which
 * stays well under this. Anything larger is refused before it is parsed.
 */
export const MAX_SLACK_BODY_BYTES = 1024 * 1024;

/** Slack's replay window: a timestamp further than this from now, either way, is refused. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

const SIGNATURE = /^v0=[0-9a-f]{64}$/;
const TIMESTAMP = /^\d{1,12}$/;

/** Why a request was refused, for the log (never the secret, never the body). */
export type Refusal = { statusCode: 401 | 413; reason: string };

function header(event: AwsEvent, name: string): string | undefined {
  const headers = (event.headers ?? {}) as Record<string, string | undefined>;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** The body exactly as Slack signed it (API Gateway may hand it over base64-encoded). */
export function rawBody(event: AwsEvent): string {
  if (typeof event.body !== 'string') return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/**
 * Checks a request before Bolt parses it: body size, then Slack's v0 signature exactly as
 * Slack specifies it: `X-Slack-Request-Timestamp` a whole number of seconds within 5 minutes
 * of now in either direction (Bolt alone accepts any future time and decimals), and
 * `X-Slack-Signature` exactly `v0=` and 64 lower-case hex digits (Bolt alone accepts any
 * version prefix) equal, in constant time, to HMAC-SHA256 of `v0:<timestamp>:<raw body>`.
 * Returns undefined when the request may go on, else the status to answer with.
 */
export function checkSlackRequest(
  event: AwsEvent,
  options: { signingSecret: string; nowSeconds: number; maxBodyBytes?: number },
): Refusal | undefined {
  const max = options.maxBodyBytes ?? MAX_SLACK_BODY_BYTES;
  const declared =
    typeof event.body === 'string'
      ? event.isBase64Encoded
        ? Math.floor((event.body.length * 3) / 4)
        : Buffer.byteLength(event.body, 'utf8')
      : 0;
  if (declared > max) return { statusCode: 413, reason: `body of ${declared} bytes is over the limit of ${max}` };
  const timestamp = header(event, 'x-slack-request-timestamp');
  const signature = header(event, 'x-slack-signature');
  if (timestamp === undefined || signature === undefined)
    return { statusCode: 401, reason: 'missing signature headers' };
  if (!TIMESTAMP.test(timestamp)) return { statusCode: 401, reason: 'timestamp is not a whole number of seconds' };
  const skew = Number(timestamp) - options.nowSeconds;
  if (Math.abs(skew) > SIGNATURE_WINDOW_SECONDS)
    return { statusCode: 401, reason: `timestamp is ${skew} s from now (window ${SIGNATURE_WINDOW_SECONDS} s)` };
  if (!SIGNATURE.test(signature)) return { statusCode: 401, reason: 'signature is not v0 followed by 64 hex digits' };
  const expected = createHmac('sha256', options.signingSecret)
    .update(`v0:${timestamp}:${rawBody(event)}`)
    .digest();
  const given = Buffer.from(signature.slice(3), 'hex');
  if (!timingSafeEqual(expected, given)) return { statusCode: 401, reason: 'signature does not match the body' };
  return undefined;
}
