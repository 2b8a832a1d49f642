import { decode } from 'fast-png';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeSimulator, simulateSlack, type SimulatedExchange } from '../../../src/dev/simulator.ts';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import { listRuns } from '../../../src/storage/run-record.ts';
import { tempDirPerBlock } from '../../support/temp-dir.ts';

/**
 * The simulator's scripted interface (issue 17, "Runs locally"), in-process: one loopback
 * Slack and one store for the file, as one `npm run slack` session would have them.
 */

const storeDir = tempDirPerBlock('simulator-');
const saved = { ...process.env };
const options = () => ({ storeDir: storeDir(), approvers: 'ULOCAL,U1', today: new Date('2026-11-16T08:30:00Z') });

afterAll(async () => {
  await closeSimulator();
  process.env = saved;
});

const methods = (exchanges: SimulatedExchange[]) => exchanges.map((exchange) => `${exchange.kind}:${exchange.method}`);

describe('the Slack simulator', () => {
  it('answers plain /retention with an empty ack and the views.open of the policy form', async () => {
    // Act
    const exchanges = await simulateSlack({ kind: 'command', text: '', user: 'U1', channel: 'CLOCAL' }, options());

    // Assess
    expect(methods(exchanges)).toEqual(['ack:http', 'api:views.open']);
    expect(exchanges[0]).toMatchObject({ status: 200, body: '' });
    const body = exchanges[1].body as { trigger_id: string; view: { callback_id: string; blocks: unknown[] } };
    expect(body.trigger_id).toMatch(/trigger/);
    expect(body.view.callback_id).toBe('policy_form');
    expect(JSON.stringify(body.view.blocks)).toContain('policy:budget');
  });

  it('prints the errors response for a bad value, and nothing runs', async () => {
    // Act
    const exchanges = await simulateSlack(
      { kind: 'submit', words: ['budget=lots'], user: 'U1', channel: 'CLOCAL' },
      options(),
    );

    // Assess
    expect(methods(exchanges)).toEqual(['ack:http']);
    expect(exchanges[0].body).toEqual({
      response_action: 'errors',
      errors: { 'policy:budget': 'budget must be dollars >= 0, e.g. 200, $200, 1.5k; got "lots"' },
    });
  });

  it('submits the form: the plan, its CSV and chart uploaded and saved, then the Home tabs', async () => {
    // Act
    const exchanges = await simulateSlack(
      { kind: 'submit', words: ['budget=200', 'min_high_risk=70%'], user: 'U1', channel: 'CLOCAL' },
      options(),
    );

    // Assess
    const kinds = methods(exchanges);
    expect(kinds.slice(0, 2)).toEqual(['ack:http', 'response_url:response_url']);
    expect(kinds).toContain('api:files.completeUploadExternal');
    expect(kinds.filter((kind) => kind === 'api:views.publish')).toHaveLength(2);
    const uploads = exchanges.filter((exchange) => exchange.kind === 'upload').map((e) => e.body as { saved: string });
    const [run] = await listRuns(createLocalStore(storeDir()), 1);
    expect(run.policy).toMatchObject({ budget: 200, min_high_risk: 0.7 });
    const csv = await readFile(join(storeDir(), 'plans', run.plan_id, 'plan.csv'));
    expect((await readFile(uploads[0].saved)).equals(csv)).toBe(true);
    expect(decode(await readFile(uploads[1].saved)).width).toBeGreaterThanOrEqual(600);
  });

  it('prints the views.publish of the Home tab for --home', async () => {
    // Act
    const exchanges = await simulateSlack({ kind: 'home', user: 'U1' }, options());

    // Assess
    expect(methods(exchanges)).toEqual(['ack:http', 'api:views.publish']);
    const body = exchanges[1].body as { user_id: string; view: { type: string; blocks: unknown[] } };
    expect(body.user_id).toBe('U1');
    expect(body.view.type).toBe('home');
    expect(JSON.stringify(body.view.blocks)).toContain('Waiting for you');
  });
});
