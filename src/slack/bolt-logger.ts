import { LogLevel, type Logger } from '@slack/bolt';
import type { AppLogger } from '../observability/app-logger.ts';

const ORDER: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 10,
  [LogLevel.INFO]: 20,
  [LogLevel.WARN]: 30,
  [LogLevel.ERROR]: 40,
};

const text = (parts: unknown[]): string =>
  parts
    .map((part) => (typeof part === 'string' ? part : part instanceof Error ? part.message : JSON.stringify(part)))
    .join(' ');

/**
 * Bolt's and its receiver's log lines through the app's structured logger, so they are JSON and
 * redacted like every other line (Bolt's own console logger prints raw signatures and, at
 * debug level, whole request bodies).
 */
export function boltLoggerFor(logger: AppLogger, initial: LogLevel): Logger {
  let level = initial;
  let name = 'bolt';
  const at =
    (wanted: LogLevel, write: (message: string, detail: Record<string, unknown>) => void) =>
    (...parts: unknown[]) => {
      if (ORDER[wanted] >= ORDER[level]) write(text(parts), { source: name });
    };
  return {
    debug: at(LogLevel.DEBUG, (message, detail) => (logger.debug ?? logger.info)(message, detail)),
    info: at(LogLevel.INFO, (message, detail) => logger.info(message, detail)),
    warn: at(LogLevel.WARN, (message, detail) => (logger.warn ?? logger.error)(message, detail)),
    error: at(LogLevel.ERROR, (message, detail) => logger.error(message, detail)),
    setLevel: (next) => void (level = next),
    getLevel: () => level,
    setName: (next) => void (name = next),
  };
}
