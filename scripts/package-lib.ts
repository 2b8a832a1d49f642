import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where serverless.yml lives). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const SERVERLESS_BIN = join(REPO_ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js');

export interface PackageOptions {
  /** Arguments after `serverless package` (`--stage`, `--region`, `--param=...`). */
  args: string[];
  /** Write the zips and templates here instead of `.serverless/`. */
  outDir?: string;
  /** `inherit` prints serverless' output; `pipe` collects it (tests). */
  stdio?: 'inherit' | 'pipe';
}

/**
 * Runs `serverless package` (framework v3) offline: telemetry, notifications and interactive
 * setup off, no AWS call, and a private esbuild work folder inside the git-ignored `.esbuild/`
 * so two packaging runs can coexist. Resolves with the exit code and collected output.
 */
export function runServerlessPackage(options: PackageOptions): Promise<{ code: number; output: string }> {
  const args = [...options.args];
  if (!args.some((arg) => arg === '--stage' || arg.startsWith('--stage='))) args.push('--stage', 'dev');
  if (options.outDir) args.push('--package', resolve(options.outDir));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    SLS_INTERACTIVE_SETUP_DISABLE: '1',
    RETENTION_ESBUILD_WORK_FOLDER:
      process.env.RETENTION_ESBUILD_WORK_FOLDER ?? `.esbuild/run-${randomBytes(4).toString('hex')}`,
  };
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [SERVERLESS_BIN, 'package', ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: options.stdio === 'pipe' ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolveRun({ code: code ?? (signal ? 1 : 0), output }));
  });
}
