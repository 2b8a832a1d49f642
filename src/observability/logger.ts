import { redact } from './redact.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Where finished lines go: one JSON document per call. Production: stdout/stderr (CloudWatch). */
export type LogSink = (line: string, level: LogLevel) => void;

/**
 * Writes `info`/`debug` with `console.log` and `warn`/`error` with `console.error`, one line
 * each (Lambda ships both to CloudWatch; the Slack simulator sends `console.log` to stderr so
 * its stdout stays the JSON it prints).
 */
export const consoleSink: LogSink = (line, level) => {
  if (level === 'warn' || level === 'error') console.error(line);
  else console.log(line);
};

/**
 * The app's structured logger: one JSON object per line with `level`, `timestamp`, `service`,
 * `message`, the bound fields (e.g. `correlation_id` = the plan id) and the call's detail.
 * Every field passes through {@link redact}, so secrets, response URLs and customer-level
 * arrays never reach the log. Structurally an `AppLogger` (info and error), plus warn, debug
 * and `child` for binding a correlation id.
 */
export interface StructuredLogger {
  debug(message: string, detail?: Record<string, unknown>): void;
  info(message: string, detail?: Record<string, unknown>): void;
  warn(message: string, detail?: Record<string, unknown>): void;
  error(message: string, detail?: Record<string, unknown>): void;
  /** A logger whose every line also carries `fields` (a correlation id, a job id). */
  child(fields: Record<string, unknown>): StructuredLogger;
}

export interface LoggerOptions {
  /** The function's name, e.g. `retention-worker`. */
  service: string;
  /** Lines below this level are dropped; `info` by default. */
  level?: LogLevel;
  sink?: LogSink;
  /** Secret values to blank wherever they appear (signing secret, bot token, webhook secret). */
  secrets?: readonly string[];
  clock?: () => Date;
  /** Fields on every line. */
  fields?: Record<string, unknown>;
}

/** Reads LOG_LEVEL (debug, info, warn, error; case-insensitive); `info` when unset or unknown. */
export function logLevelFrom(value: string | undefined): LogLevel {
  const level = value?.trim().toLowerCase();
  return level === 'debug' || level === 'info' || level === 'warn' || level === 'error' ? level : 'info';
}

/** Builds a structured JSON logger; see {@link StructuredLogger}. */
export function createLogger(options: LoggerOptions): StructuredLogger {
  const threshold = RANK[options.level ?? 'info'];
  const sink = options.sink ?? consoleSink;
  const clock = options.clock ?? (() => new Date());
  const secrets = (options.secrets ?? []).filter((secret) => secret.length > 0);
  const bound = options.fields ?? {};

  const write = (level: LogLevel, message: string, detail: Record<string, unknown> | undefined): void => {
    if (RANK[level] < threshold) return;
    const fields = redact({ ...bound, ...detail }, { secrets }) as Record<string, unknown>;
    const line = {
      level: level.toUpperCase(),
      timestamp: clock().toISOString(),
      service: options.service,
      message: redact(message, { secrets }),
      ...fields,
    };
    try {
      sink(JSON.stringify(line), level);
    } catch {
      // A log line must never stop a job.
    }
  };

  return {
    debug: (message, detail) => write('debug', message, detail),
    info: (message, detail) => write('info', message, detail),
    warn: (message, detail) => write('warn', message, detail),
    error: (message, detail) => write('error', message, detail),
    child: (fields) => createLogger({ ...options, fields: { ...bound, ...fields } }),
  };
}

/** Collects lines in memory; for tests and the simulator. */
export function createMemorySink(): { sink: LogSink; lines: string[]; records(): Record<string, unknown>[] } {
  const lines: string[] = [];
  return {
    sink: (line) => lines.push(line),
    lines,
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
