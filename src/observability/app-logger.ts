import { createLogger } from './logger.ts';

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
