import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT, runServerlessPackage } from '../../../scripts/package-lib.ts';
import type { Template } from './template-policy.ts';

/** The stage and parameters the deploy tests package with. */
export const TEST_STAGE = 'ci';
export const TEST_PACKAGE_ARGS = [
  '--stage',
  TEST_STAGE,
  '--region',
  'eu-west-1',
  '--param=approverUserIds=U0APPROVER',
  '--param=summaryChannelId=C0SUMMARY',
];

/** Everything that shapes the bundles: the sources, the packaging config and the lockfile. */
const INPUTS = [
  'src',
  'serverless.yml',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'scripts/package-esbuild-plugins.mjs',
];

function listFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true })
    .map((entry) => join(path, String(entry)))
    .filter((file) => statSync(file).isFile())
    .sort();
}

function inputsHash(): string {
  const hash = createHash('sha256');
  hash.update(TEST_PACKAGE_ARGS.join(' '));
  for (const file of INPUTS.flatMap((input) => listFiles(join(REPO_ROOT, input)))) {
    hash.update(relative(REPO_ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** A packaging run takes well under a minute; a lock this old was left by a killed run. */
const STALE_LOCK_MS = 5 * 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The folder holding the packaged zips and templates of the current sources, built by
 * `serverless package` at most once per change of its inputs (cached under the git-ignored
 * `.esbuild/test-artifacts/<hash>`), so every deploy test file of a run shares one build.
 * A lock folder makes a second caller wait for the first build. `RETENTION_PACKAGE_DIR`
 * points at ready artifacts instead.
 */
export async function packagedArtifacts(): Promise<string> {
  if (process.env.RETENTION_PACKAGE_DIR) return process.env.RETENTION_PACKAGE_DIR;
  const root = join(REPO_ROOT, '.esbuild', 'test-artifacts');
  const dir = join(root, inputsHash());
  const lock = `${dir}.lock`;
  mkdirSync(root, { recursive: true });
  for (let waited = 0; !existsSync(join(dir, 'done')); waited += 500) {
    try {
      mkdirSync(lock);
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      if (waited > 240_000)
        throw new Error(`waited 4 minutes for another packaging run (${lock}); remove the folder if it is stale`);
      await sleep(500);
      continue;
    }
    try {
      if (existsSync(join(dir, 'done'))) break;
      for (const old of readdirSync(root).filter((name) => !name.endsWith('.lock') && join(root, name) !== dir))
        rmSync(join(root, old), { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
      const built = await runServerlessPackage({ args: TEST_PACKAGE_ARGS, outDir: dir, stdio: 'pipe' });
      if (built.code !== 0) throw new Error(`serverless package failed (${built.code}):\n${built.output}`);
      writeFileSync(join(dir, 'done'), new Date().toISOString());
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return dir;
}

/** The packaged CloudFormation template. */
export function readTemplate(artifacts: string): Template {
  return JSON.parse(readFileSync(join(artifacts, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
}

/** Where Lambda unpacks a zip-packaged function's code. */
const LAMBDA_TASK_ROOT = '/var/task/';

/**
 * A function's environment as deployed (its plain-string variables), with Lambda's code folder
 * `/var/task` standing for the folder the zip was unpacked into, then `overrides` (the store,
 * loopback endpoints, dummy credentials).
 */
export function deployedEnvironment(
  template: Template,
  functionLogicalId: string,
  taskRoot: string,
  overrides: Record<string, string>,
): Record<string, string> {
  const variables = (
    template.Resources[functionLogicalId].Properties.Environment as { Variables: Record<string, unknown> }
  ).Variables;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    if (typeof value !== 'string') continue;
    env[name] = value
      .split(',')
      .map((part) => (part.startsWith(LAMBDA_TASK_ROOT) ? join(taskRoot, part.slice(LAMBDA_TASK_ROOT.length)) : part))
      .join(',');
  }
  return {
    ...env,
    AWS_LAMBDA_FUNCTION_NAME: `retention-planner-${TEST_STAGE}-${functionLogicalId.replace('LambdaFunction', '').toLowerCase()}`,
    ...overrides,
  };
}
