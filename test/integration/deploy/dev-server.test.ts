import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../scripts/package-lib.ts';
import { signSlackBody } from '../../../scripts/package-harness.ts';
import { startFakeSlack, type FakeServer } from './fake-aws-slack.ts';

const SIGNING_SECRET = 'dev-signing-secret';

let work: string;
let slack: FakeServer;
let server: ChildProcess;
let baseUrl: string;
let output = '';

function signedCommand(text: string, responseUrl: string): { body: string; headers: Record<string, string> } {
  const timestamp = Math.floor(Date.now() / 1000);
  const body = new URLSearchParams({
    team_id: 'T0001',
    channel_id: 'C0DEV0001',
    user_id: 'U0DEVUSER',
    user_name: 'dev',
    command: '/retention',
    text,
    response_url: responseUrl,
    trigger_id: '1.2.3',
    api_app_id: 'A0DEV',
  }).toString();
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackBody(SIGNING_SECRET, body, timestamp),
    },
  };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'retention-dev-'));
  slack = await startFakeSlack();
  server = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'src', 'dev', 'serve.ts'), '--port', '0', '--store', join(work, 'store')],
    {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: 'xoxb-dev-test',
        APPROVER_USER_IDS: 'U0DEVUSER',
        SLACK_API_URL: `${slack.url}/api/`,
        TIME_ZONE: 'UTC',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev server did not start:\n${output}`)), 60_000);
    server.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    server.on('exit', (code) => reject(new Error(`dev server exited (${code}):\n${output}`)));
  });
}, 90_000);

afterAll(async () => {
  if (server?.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await slack?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm run dev', () => {
  it('seeds the local store with the sample predictions', () => {
    // Prepare
    const predictions = join(work, 'store', 'predictions');

    // Act
    const partitions = existsSync(predictions) ? readdirSync(predictions) : [];

    // Assess
    expect(partitions).toHaveLength(1);
  });

  it('acknowledges a signed /retention over HTTP and posts the plan from the in-process worker', async () => {
    // Prepare
    const command = signedCommand('budget=200', `${slack.url}/respond/dev`);

    // Act
    const response = await fetch(`${baseUrl}/slack/events`, {
      method: 'POST',
      headers: command.headers,
      body: command.body,
    });
    const ack = await response.text();
    const posted = await slack.waitFor(
      (request) => request.path === '/respond/dev' && JSON.stringify(request.body).includes('plan'),
      60_000,
    );

    // Assess
    expect(response.status).toBe(200);
    expect(ack.length).toBeGreaterThan(0);
    expect(readdirSync(join(work, 'store', 'plans'))).toHaveLength(1);
    expect(JSON.stringify(posted.body)).toContain(readdirSync(join(work, 'store', 'plans'))[0]);
  });

  it('refuses a request with a forged signature', async () => {
    // Prepare
    const command = signedCommand('budget=200', `${slack.url}/respond/forged`);
    command.headers['x-slack-signature'] = `v0=${'0'.repeat(64)}`;

    // Act
    const response = await fetch(`${baseUrl}/slack/events`, {
      method: 'POST',
      headers: command.headers,
      body: command.body,
    });

    // Assess
    expect(response.status).toBe(401);
    expect(slack.requests.some((request) => request.path === '/respond/forged')).toBe(false);
  });

  it('answers 404 off the Slack route and 405 for a GET on it', async () => {
    // Act
    const [other, get] = await Promise.all([fetch(`${baseUrl}/nope`), fetch(`${baseUrl}/slack/events`)]);

    // Assess
    expect(other.status).toBe(404);
    expect(get.status).toBe(405);
  });
});
