import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a command-line tool writes: the process's streams, or strings a test collects. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  /** `isTTY` turns on the progress bar. */
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/** The running process's stdout and stderr. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr };
}

/** True when the module at `moduleUrl` is the program Node was started with, not an import of it. */
export function isMainModule(moduleUrl: string): boolean {
  const started = process.argv[1];
  return started !== undefined && fileURLToPath(moduleUrl) === resolve(started);
}
