import { localLambdaContext } from '../../../src/dev/lambda-context.ts';
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  approveClickBody,
  buildSlackEvent,
  signSlackBody,
  slashCommandBody,
  type AwsEvent,
} from '../../../src/slack/signed-request.ts';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import { APPROVER, CHANNEL, SIGNING_SECRET, startHardeningBed, type HardeningBed } from './bed.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

let bed: HardeningBed | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await bed?.close();
  bed = undefined;
});

async function startBed(): Promise<HardeningBed> {
  const root = await tempDirForTest('hardening-sig-');
  bed = await startHardeningBed({ store: createLocalStore(root), dispatch: 'queue' });
  return bed;
}

const now = (): number => Math.floor(Date.now() / 1000);
const hmac = (text: string): string => createHmac('sha256', SIGNING_SECRET).update(text).digest('hex');

function commandBody(testbed: HardeningBed, text = 'budget=200'): string {
  return slashCommandBody({ text, userId: 'UASKER1', channelId: CHANNEL, responseUrl: testbed.responseUrl() });
}

/** A correctly signed event with its headers then edited by `edit`. */
function editedEvent(body: string, edit: (headers: Record<string, string>) => void, timestamp = now()): AwsEvent {
  const event = buildSlackEvent({ body, signingSecret: SIGNING_SECRET, timestamp });
  edit(event.headers as Record<string, string>);
  return event;
}

/** The request was refused: 401, no job recorded, nothing sent to Slack. */
async function expectRefused(testbed: HardeningBed, event: AwsEvent): Promise<void> {
  const answer = await testbed.handler(event, localLambdaContext());
  expect(answer.statusCode).toBe(401);
  expect(testbed.queue.queued).toEqual([]);
  expect(await testbed.store.list('jobs/')).toEqual([]);
  expect(testbed.slack.calls).toEqual([]);
}

describe('Slack request signatures at the real Lambda handler', () => {
  it('accepts a correctly signed command (the control case)', async () => {
    // Prepare
    const testbed = await startBed();

    // Act
    const answer = await testbed.handler(
      buildSlackEvent({ body: commandBody(testbed), signingSecret: SIGNING_SECRET, timestamp: now() }),
      localLambdaContext(),
    );

    // Assess
    expect(answer.statusCode).toBe(200);
    expect(testbed.queue.queued).toHaveLength(1);
  });

  it.each([
    ['no signature header', (h: Record<string, string>) => delete h['x-slack-signature']],
    ['no timestamp header', (h: Record<string, string>) => delete h['x-slack-request-timestamp']],
    [
      'neither header',
      (h: Record<string, string>) => (delete h['x-slack-signature'], delete h['x-slack-request-timestamp']),
    ],
    ['an empty signature', (h: Record<string, string>) => (h['x-slack-signature'] = '')],
    [
      'the right hash behind a v1= prefix',
      (h: Record<string, string>) => (h['x-slack-signature'] = h['x-slack-signature'].replace(/^v0=/, 'v1=')),
    ],
    [
      'the hash without its v0= prefix',
      (h: Record<string, string>) => (h['x-slack-signature'] = h['x-slack-signature'].slice(3)),
    ],
    [
      'the hash in upper case',
      (h: Record<string, string>) => (h['x-slack-signature'] = `v0=${h['x-slack-signature'].slice(3).toUpperCase()}`),
    ],
    ['a truncated hash', (h: Record<string, string>) => (h['x-slack-signature'] = h['x-slack-signature'].slice(0, 40))],
  ])('refuses %s', async (_name, edit) => {
    // Prepare
    const testbed = await startBed();

    // Act / Assess
    await expectRefused(testbed, editedEvent(commandBody(testbed), edit));
  });

  it('refuses a request signed with a version other than v0 (HMAC of "v1:ts:body")', async () => {
    // Prepare
    const testbed = await startBed();
    const body = commandBody(testbed);
    const ts = now();

    // Act / Assess
    await expectRefused(
      testbed,
      buildSlackEvent({
        body,
        signingSecret: SIGNING_SECRET,
        timestamp: ts,
        signature: `v1=${hmac(`v1:${ts}:${body}`)}`,
      }),
    );
  });

  it('refuses a changed body under the original signature', async () => {
    // Prepare
    const testbed = await startBed();
    const ts = now();
    const signed = commandBody(testbed, 'budget=200');
    const changed = signed.replace('budget%3D200', 'budget%3D99999');
    expect(changed).not.toBe(signed);

    // Act / Assess
    await expectRefused(
      testbed,
      buildSlackEvent({
        body: changed,
        signingSecret: SIGNING_SECRET,
        timestamp: ts,
        signature: signSlackBody(SIGNING_SECRET, ts, signed),
      }),
    );
  });

  it('refuses the same signed request replayed 5 minutes and 1 second later', async () => {
    // Prepare
    const testbed = await startBed();
    const event = buildSlackEvent({ body: commandBody(testbed), signingSecret: SIGNING_SECRET, timestamp: now() });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 301_000 });

    // Act / Assess
    await expectRefused(testbed, event);
  });

  it.each([
    ['6 minutes in the future', () => String(now() + 360)],
    ['a year in the future', () => String(now() + 365 * 86400)],
    ['not a number', () => 'yesterday'],
    ['a decimal', () => `${now()}.5`],
    ['in exponent form', () => `${(now() / 1e9).toFixed(9)}e9`],
    ['negative', () => '-1'],
  ])('refuses a correctly signed request whose timestamp is %s', async (_name, timestamp) => {
    // Prepare
    const testbed = await startBed();
    const body = commandBody(testbed);
    const ts = timestamp();
    const event = buildSlackEvent({
      body,
      signingSecret: SIGNING_SECRET,
      timestamp: 0,
      signature: `v0=${hmac(`v0:${ts}:${body}`)}`,
    });
    (event.headers as Record<string, string>)['x-slack-request-timestamp'] = ts;

    // Act / Assess
    await expectRefused(testbed, event);
  });

  it('refuses an unsigned click whose payload is not JSON with 401, not a crash', async () => {
    // Prepare
    const testbed = await startBed();
    const body = new URLSearchParams({ payload: '{not json' }).toString();

    // Act / Assess
    await expectRefused(
      testbed,
      buildSlackEvent({ body, signingSecret: SIGNING_SECRET, timestamp: now(), signature: null }),
    );
  });

  it('accepts a signed body that API Gateway delivered base64-encoded', async () => {
    // Prepare
    const testbed = await startBed();
    const body = approveClickBody({
      userId: APPROVER,
      value: { plan: '20261116-083000-abc123', via: 'response_url' },
      responseUrl: testbed.responseUrl(),
      channelId: CHANNEL,
      messageTs: '1700000000.000001',
    });
    const event = buildSlackEvent({ body, signingSecret: SIGNING_SECRET, timestamp: now() });
    event.body = Buffer.from(body, 'utf8').toString('base64');
    event.isBase64Encoded = true;

    // Act
    const answer = await testbed.handler(event, localLambdaContext());

    // Assess
    expect(answer.statusCode).toBe(200);
    await testbed.slack.waitFor((call) => call.kind === 'response_url', 5000);
    expect(testbed.slack.calls[0].body.text).toContain('does not exist');
  });

  it('answers 413 to a body over 1 MiB, before checking or parsing it, and runs nothing', async () => {
    // Prepare
    const testbed = await startBed();
    const body = commandBody(testbed, `budget=200 ${'x'.repeat(1024 * 1024)}`);

    // Act
    const answer = await testbed.handler(
      buildSlackEvent({ body, signingSecret: SIGNING_SECRET, timestamp: now() }),
      localLambdaContext(),
    );

    // Assess
    expect(answer.statusCode).toBe(413);
    expect(testbed.queue.queued).toEqual([]);
    expect(await testbed.store.list('jobs/')).toEqual([]);
  });

  it('refuses a signed command whose text is over 1,000 characters, at once, and records no job', async () => {
    // Prepare
    const testbed = await startBed();
    const body = commandBody(testbed, `budget=200${' min_premium=40%'.repeat(100)}`);

    // Act
    const answer = await testbed.handler(
      buildSlackEvent({ body, signingSecret: SIGNING_SECRET, timestamp: now() }),
      localLambdaContext(),
    );

    // Assess
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body).text).toContain(
      'the command is 1,610 characters long; `/retention` reads at most 1,000',
    );
    expect(testbed.queue.queued).toEqual([]);
    expect(await testbed.store.list('jobs/')).toEqual([]);
  });
});
