import { createHmac } from 'node:crypto';
import { PlannerError } from '../domain/errors.ts';
import type { Clock } from '../domain/clock.ts';

/** What the campaign system receives when a plan is approved. */
export interface ExportManifest {
  plan_id: string;
  export_key: string;
  rows: number;
  approved_by: string;
  /** The second approver of a plan that needed two. */
  second_approver?: string;
  approved_at: string;
  kpis: Record<string, number>;
}

/** Posts the signed manifest to the campaign system; resolves when it was accepted (2xx). */
export interface CampaignWebhook {
  send(manifest: ExportManifest): Promise<void>;
}

/** Header names of the signed export manifest. */
export const SIGNATURE_HEADER = 'X-Retention-Signature';
export const TIMESTAMP_HEADER = 'X-Retention-Timestamp';

/**
 * The signature of a webhook body: `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`.
 * The timestamp (Unix seconds) is inside the signed text so a captured request cannot be
 * replayed later with a new timestamp; receivers should refuse old timestamps.
 */
export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * The campaign-system webhook: POSTs the manifest as JSON with the signature headers.
 * Resolves on 2xx; anything else (or no answer within `timeoutMs`) is a CONFLICT error
 * naming the status, so the approval message can say the hand-off failed.
 */
export function createCampaignWebhook(options: {
  url: string;
  secret: string;
  clock: Clock;
  fetchFn?: typeof fetch;
  timeoutMs?: number;
}): CampaignWebhook {
  const fetchFn = options.fetchFn ?? fetch;
  return {
    async send(manifest: ExportManifest) {
      const body = JSON.stringify(manifest);
      const timestamp = Math.floor(options.clock().getTime() / 1000);
      let response: Response;
      try {
        response = await fetchFn(options.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: signWebhookBody(options.secret, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (cause) {
        throw new PlannerError('CONFLICT', 'the campaign system did not answer', { cause });
      }
      await response.body?.cancel();
      if (!response.ok) throw new PlannerError('CONFLICT', `the campaign system answered HTTP ${response.status}`);
    },
  };
}
