/**
 * Packages the Lambda artifacts offline: `serverless package` (framework v3, no login, no
 * dashboard, no AWS calls) with telemetry off and a private esbuild work folder, so it runs in
 * CI and beside another packaging run. Prints each zip and its size.
 *
 *   npm run package -- [--out DIR] [--stage STAGE] [--region REGION] [--param="key=value" ...]
 *
 * Without --out the zips land in .serverless/ (where `serverless deploy --package` expects them).
 * Exit code: serverless' own.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const serverlessBin = join(root, 'node_modules', 'serverless', 'bin', 'serverless.js');

/** Splits our own `--out DIR` from the arguments passed through to serverless. */
function parseArgs(argv: string[]): { out: string | undefined; passThrough: string[] } {
  const passThrough: string[] = [];
  let out: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--out') {
      out = argv[index + 1];
      index += 1;
      if (!out) throw new Error('--out needs a folder');
    } else if (arg.startsWith('--out=')) {
      out = arg.slice('--out='.length);
    } else {
      passThrough.push(arg);
    }
  }
  if (!passThrough.some((arg) => arg === '--stage' || arg.startsWith('--stage='))) passThrough.push('--stage', 'dev');
  return { out: out ? resolve(out) : undefined, passThrough };
}

function runServerless(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [serverlessBin, 'package', ...args], { cwd: root, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolveRun(code ?? (signal ? 1 : 0)));
  });
}

function humanSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
}

const { out, passThrough } = parseArgs(process.argv.slice(2));
const args = out ? [...passThrough, '--package', out] : passThrough;
const env = {
  ...process.env,
  SLS_TELEMETRY_DISABLED: '1',
  SLS_NOTIFICATIONS_MODE: 'off',
  SLS_INTERACTIVE_SETUP_DISABLE: '1',
  // A private work folder (inside the git-ignored .esbuild/) lets two packaging runs coexist.
  RETENTION_ESBUILD_WORK_FOLDER: process.env.RETENTION_ESBUILD_WORK_FOLDER ?? `.esbuild/run-${randomBytes(4).toString('hex')}`,
};
const code = await runServerless(args, env);
if (code === 0) {
  const folder = out ?? join(root, '.serverless');
  for (const name of readdirSync(folder).filter((file) => file.endsWith('.zip')).sort()) {
    console.log(`${name.padEnd(16)} ${humanSize(statSync(join(folder, name)).size).padStart(10)}  ${join(folder, name)}`);
  }
}
process.exitCode = code;
