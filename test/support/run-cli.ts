import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runPlan } from '../../src/cli/plan.ts';
import type { CliIo } from '../../src/cli/io.ts';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** An io whose stdout and stderr are collected as text. */
export function collectingIo(): CliIo & { result(code: number | null): CliResult } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    result: (code) => ({ code, stdout, stderr }),
  };
}

/** `npm run plan -- ARGS` in this process: the exit code and what it printed. */
export async function runPlanCli(args: string[]): Promise<CliResult> {
  const io = collectingIo();
  return io.result(await runPlan(args, io));
}

/**
 * `npm run <command> -- ARGS` as a user runs it, in a fresh Node process from the compiled
 * JavaScript (`scripts/start-cli.mjs` builds `dist/` first if `src/` changed): for the one
 * smoke test per entry point; everything else calls the command in-process.
 */
export function spawnCli(
  command: 'plan' | 'slack',
  args: string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${REPO_ROOT}/scripts/start-cli.mjs`, command, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
