import { isPlannerError } from '../domain/errors.ts';
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

/** The few log lines the app writes; console in production, silent in tests. */
export interface AppLogger {
  info(message: string, detail?: Record<string, unknown>): void;
  error(message: string, detail?: Record<string, unknown>): void;
}

export const consoleLogger: AppLogger = {
  info: (message, detail) => console.log(JSON.stringify({ level: 'info', message, ...detail })),
  error: (message, detail) => console.error(JSON.stringify({ level: 'error', message, ...detail })),
};

export const silentLogger: AppLogger = { info: () => undefined, error: () => undefined };

/** The error's code when it is one of ours, else INTERNAL; and a message safe to show. */
export function describeFailure(error: unknown): { code: string; message: string } {
  if (isPlannerError(error)) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: 'an unexpected error stopped the run; the logs have the details' };
}
