import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a command-line tool writes: the process's streams, or strings a test collects. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  /** `isTTY` turns on the progress bar. */
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Called as each stage of a run ends (`predictions read`, `solved`, ...), when timing is asked for. */
  trace?: (stage: string) => void;
}

/** The environment variable that turns on {@link traceLine}s on stderr. */
export const TRACE_VARIABLE = 'RETENTION_TRACE';

/**
 * One line of the stage trace: milliseconds since the process started (Node's
 * `performance.now()`, so the start-up is included) and the stage that just ended.
 */
export function traceLine(stage: string, milliseconds = performance.now()): string {
  return `trace ${milliseconds.toFixed(1)} ms ${stage}\n`;
}

/** The running process's stdout and stderr; with RETENTION_TRACE set, each stage's end is written to stderr. */
export function processIo(env: NodeJS.ProcessEnv = process.env): CliIo {
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr };
  if (env[TRACE_VARIABLE]) io.trace = (stage) => process.stderr.write(traceLine(stage));
  return io;
}

/** True when the module at `moduleUrl` is the program Node was started with, not an import of it. */
export function isMainModule(moduleUrl: string): boolean {
  const started = process.argv[1];
  return started !== undefined && fileURLToPath(moduleUrl) === resolve(started);
}
