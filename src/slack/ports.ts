import { isPlannerError } from '../domain/errors.ts';
import { createLogger } from '../observability/logger.ts';
import type { SlackMessage } from './block-kit.ts';

/** Hands a recorded job (`jobs/<job_id>.json`) to the worker without waiting for it. */
export interface JobDispatcher {
  dispatch(jobId: string): Promise<void>;
}

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

/** Now, as an instant. Injected so tests control time. */
export type Clock = () => Date;

/**
 * The log lines the app writes: structured JSON in production (`src/observability/logger.ts`,
 * secrets and customer data redacted), silent in tests. `child` binds fields such as the
 * plan id as `correlation_id` to every later line.
 */
export interface AppLogger {
  info(message: string, detail?: Record<string, unknown>): void;
  error(message: string, detail?: Record<string, unknown>): void;
  warn?(message: string, detail?: Record<string, unknown>): void;
  debug?(message: string, detail?: Record<string, unknown>): void;
  child?(fields: Record<string, unknown>): AppLogger;
}

/** The structured JSON logger on stdout/stderr, for code that runs before deps are built. */
export const consoleLogger: AppLogger = createLogger({ service: 'retention-planner' });

export const silentLogger: AppLogger = { info: () => undefined, error: () => undefined };

/** `logger` with `fields` on every line (when it supports it), e.g. `{ correlation_id: planId }`. */
export function withFields(logger: AppLogger, fields: Record<string, unknown>): AppLogger {
  return logger.child ? logger.child(fields) : logger;
}

/** The error's code when it is one of ours, else INTERNAL; and a message safe to show. */
export function describeFailure(error: unknown): { code: string; message: string } {
  if (isPlannerError(error)) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: 'an unexpected error stopped the run; the logs have the details' };
}
