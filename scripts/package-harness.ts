import { execFile, fork, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './package-lib.ts';

const run = promisify(execFile);

/**
 * Unpacks a Lambda zip into `dir` (the `unzip` binary, present on CI images and Lambda's own
 * build hosts) and copies the invoke driver beside it, so the folder holds all a fresh Node
 * process needs: nothing from the repo, no node_modules above it.
 */
export async function unpackArtifact(zipPath: string, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await run('unzip', ['-q', '-o', zipPath, '-d', dir]);
  copyFileSync(join(REPO_ROOT, 'scripts', 'package-invoke.mjs'), join(dir, 'package-invoke.mjs'));
}

/** A folder path is "clean" when no `node_modules` sits in it or any parent (Node would search them). */
export function findNodeModulesAbove(dir: string): string | undefined {
  let current = dir;
  for (;;) {
    if (existsSync(join(current, 'node_modules'))) return join(current, 'node_modules');
    const parent = join(current, '..');
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Slack's request signature: `v0=` + HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret. */
export function signSlackBody(signingSecret: string, body: string, timestamp: number): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlashCommand {
  signingSecret: string;
  text: string;
  responseUrl: string;
  userId?: string;
  channelId?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
}

/**
 * The API Gateway HTTP API (payload 2.0) event that a signed `/retention` slash command
 * becomes, as the `slack` function receives it: form body, base64-encoded, signed headers.
 */
export function slashCommandEvent(command: SlashCommand): Record<string, unknown> {
  const timestamp = command.timestamp ?? Math.floor(Date.now() / 1000);
  const body = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0001',
    team_domain: 'example',
    channel_id: command.channelId ?? 'C0PLANS01',
    channel_name: 'retention',
    user_id: command.userId ?? 'U0REQUEST',
    user_name: 'requester',
    command: '/retention',
    text: command.text,
    api_app_id: 'A0RETENTION',
    is_enterprise_install: 'false',
    response_url: command.responseUrl,
    trigger_id: '1337.42.abcdef',
  }).toString();
  const requestTime = new Date(timestamp * 1000);
  return {
    version: '2.0',
    routeKey: 'POST /slack/events',
    rawPath: '/slack/events',
    rawQueryString: '',
    headers: {
      accept: 'application/json,*/*',
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackBody(command.signingSecret, body, timestamp),
    },
    requestContext: {
      accountId: '000000000000',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method: 'POST',
        path: '/slack/events',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'Slackbot 1.0',
      },
      requestId: randomBytes(8).toString('hex'),
      routeKey: 'POST /slack/events',
      stage: '$default',
      time: requestTime.toUTCString(),
      timeEpoch: requestTime.getTime(),
    },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  };
}

/** What one packaged handler invocation printed and returned. */
export interface InvocationReport {
  ok: boolean;
  result?: unknown;
  error?: { name?: string; message?: string; code?: string; stack?: string };
  importMs?: number;
  handlerMs?: number;
  sinceProcessStartMs?: number;
  cpuMs?: number;
  /** Peak resident memory of the process, MB (what Lambda reports as Max Memory Used). */
  maxRssMb?: number;
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

export interface FunctionOptions {
  /** The unpacked artifact folder (holds `package-invoke.mjs`). */
  dir: string;
  /** The bundle, relative to `dir`, e.g. `src/handlers/slack.mjs`. */
  bundle: string;
  /** The whole environment of the child: nothing is inherited but PATH. */
  env: Record<string, string>;
  /** How long one invocation may take before the process is killed; 120 s by default. */
  timeoutMs?: number;
}

export interface InvokeOptions extends FunctionOptions {
  event: unknown;
}

/** The child's environment: Lambda's task root and time zone, PATH, then `env`. */
function childEnv(options: FunctionOptions): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LAMBDA_TASK_ROOT: options.dir, TZ: 'UTC', ...options.env };
}

/**
 * Invokes a packaged handler once in a fresh `node` process (cwd = the artifact folder, as
 * Lambda's `/var/task`; `LAMBDA_TASK_ROOT` set likewise) and returns its report.
 */
export function invokePackagedHandler(options: InvokeOptions): Promise<InvocationReport> {
  const eventFile = join(options.dir, `event-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(eventFile, JSON.stringify(options.event));
  const env = childEnv(options);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(options.dir, 'package-invoke.mjs'), join(options.dir, options.bundle), eventFile],
      {
        cwd: options.dir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('@@RESULT '));
      const parsed = line
        ? (JSON.parse(line.slice('@@RESULT '.length)) as Omit<InvocationReport, 'stdout' | 'stderr' | 'exitCode'>)
        : { ok: false };
      resolve({ ...parsed, stdout, stderr, exitCode });
    });
  });
}

/** A packaged function kept warm in one process, as a Lambda instance serves invocation after invocation. */
export interface PackagedFunction {
  /** One invocation; the first is the cold one. `stdout` and `stderr` are what it printed meanwhile. */
  invoke(event: unknown): Promise<InvocationReport>;
  /** Ends the process. */
  close(): Promise<void>;
}

type Report = Omit<InvocationReport, 'stdout' | 'stderr' | 'exitCode'>;

/**
 * Starts a packaged handler in one fresh `node` process (cwd = the artifact folder, as
 * Lambda's `/var/task`) that serves invocations one at a time; nothing runs until the first.
 */
export function startPackagedFunction(options: FunctionOptions): PackagedFunction {
  const child = fork(join(options.dir, 'package-invoke.mjs'), [join(options.dir, options.bundle)], {
    cwd: options.dir,
    env: childEnv(options),
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let queue = Promise.resolve();

  const invokeNow = (event: unknown): Promise<InvocationReport> => {
    const [outFrom, errFrom] = [stdout.length, stderr.length];
    const printed = (exitCode: number | null) => ({
      stdout: stdout.slice(outFrom),
      stderr: stderr.slice(errFrom),
      exitCode,
    });
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
      const answered = (report: Report) => {
        clearTimeout(timer);
        resolve({ ...report, ...printed(null) });
      };
      child.once('message', answered);
      void exited.then((code) => {
        clearTimeout(timer);
        child.off('message', answered);
        resolve({ ok: false, ...printed(code) });
      });
      if (child.connected) child.send({ event });
    });
  };

  return {
    invoke(event) {
      const report = queue.then(() => invokeNow(event));
      queue = report.then(() => undefined);
      return report;
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.disconnect();
        await exited;
      }
    },
  };
}
