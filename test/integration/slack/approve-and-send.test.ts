import { text } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { renderPlanCsv } from '../../../src/io/plan-csv.ts';
import { signWebhookBody } from '../../../src/approvals/campaign-webhook.ts';
import { catalogHash, listRuns, writeRun } from '../../../src/storage/run-record.ts';
import { createS3Store } from '../../../src/storage/s3-store.ts';
import { sampleOutcome } from '../../fixtures/storage/outcome.ts';
import { startRecordingS3Proxy } from '../deploy/recording-s3-proxy.ts';
import { describeOnMotoS3, type StartBed } from '../../support/moto-testbed.ts';
import type { ObjectStore } from '../../../src/storage/object-store.ts';
import {
  APPROVER,
  blockText,
  callsTo,
  OTHER_APPROVER,
  startSlackTestbed,
  WEBHOOK_SECRET,
  type SlackTestbed,
} from '../../support/fake-slack.ts';

const PLAN_ID = '20261116-083000-abc123';

let bed: SlackTestbed | undefined;

afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

/** A recorded plan of three customers: C1 treated, C2 held out, C3 untouched. */
async function recordPlan(testbed: SlackTestbed): Promise<void> {
  const outcome = sampleOutcome({ kpis: { ...sampleOutcome().kpis, holdout_customers: 1 } });
  outcome.assignment!.holdout[1] = 1;
  await writeRun(testbed.store, {
    planId: PLAN_ID,
    outcome,
    csv: renderPlanCsv(outcome),
    input: { key: 'predictions/2026-11-16/predictions.csv', etag: 'e', sha256: 'a'.repeat(64) },
    catalogHash: catalogHash(DEFAULT_CATALOG),
    requestedBy: 'UASKER1',
    requestedAt: new Date('2026-11-16T08:30:00Z'),
    version: 'test',
  });
}

async function exportKeys(testbed: SlackTestbed): Promise<string[]> {
  return (await testbed.store.list('exports/')).map((object) => object.key);
}

/** Every case of Approve & send, on the store `startBed` gives the testbed. */
function approvalCases(startBed: StartBed): void {
  it('writes the approval once, exports only treatment rows, signs the webhook and replaces the message', async () => {
    // Prepare
    bed = await startBed({ webhook: true });
    await recordPlan(bed);

    // Act
    const click = await bed.click(PLAN_ID);
    await bed.dispatcher.idle();

    // Assess
    expect(click.statusCode).toBe(200);
    expect(await exportKeys(bed)).toEqual([`exports/2026-11-16/${PLAN_ID}.csv`]);
    const exported = await text((await bed.store.get(`exports/2026-11-16/${PLAN_ID}.csv`)).body);
    expect(exported.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(exported).toContain('\r\nC1,2,20% Discount Offer,');
    expect(exported).not.toContain('holdout');
    const approval = JSON.parse(await text((await bed.store.get(`plans/${PLAN_ID}/approval.json`)).body)) as Record<
      string,
      string
    >;
    expect(approval.approved_by).toBe(APPROVER);

    const webhook = await bed.slack.waitFor((call) => call.kind === 'webhook');
    const timestamp = Number(webhook.headers['x-retention-timestamp']);
    expect(webhook.headers['x-retention-signature']).toBe(signWebhookBody(WEBHOOK_SECRET, timestamp, webhook.raw));
    expect(webhook.body).toMatchObject({
      plan_id: PLAN_ID,
      export_key: `exports/2026-11-16/${PLAN_ID}.csv`,
      rows: 1,
      approved_by: APPROVER,
    });

    const [replacement] = callsTo(bed.slack, click.responseUrl);
    expect(replacement.body.replace_original).toBe(true);
    expect(blockText(replacement.body)).toMatch(new RegExp(`Approved by <@${APPROVER}> at .*: 1 actions sent`));
  });

  it('says so in the message when the campaign system refuses the manifest, keeping the export', async () => {
    // Prepare
    bed = await startBed({ webhook: true });
    bed.slack.setWebhookStatus(500);
    await recordPlan(bed);

    // Act
    const click = await bed.click(PLAN_ID);
    await bed.dispatcher.idle();

    // Assess
    expect(await exportKeys(bed)).toHaveLength(1);
    const [replacement] = callsTo(bed.slack, click.responseUrl);
    expect(blockText(replacement.body)).toContain(
      'the hand-off failed (CONFLICT): the campaign system answered HTTP 500',
    );
  });

  it('refuses a non-approver with an ephemeral message and changes nothing', async () => {
    // Prepare
    bed = await startBed({ webhook: true });
    await recordPlan(bed);

    // Act
    const click = await bed.click(PLAN_ID, { user: 'UINTRUDER' });
    await bed.dispatcher.idle();

    // Assess
    const [answer] = callsTo(bed.slack, click.responseUrl);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(answer.body.text).toContain('Only the configured approvers');
    expect(await bed.store.list(`plans/${PLAN_ID}/approval.json`)).toEqual([]);
    expect(await exportKeys(bed)).toEqual([]);
    expect(bed.slack.calls.filter((call) => call.kind === 'webhook')).toEqual([]);
  });

  it('answers a second click with "already approved" and sends nothing more', async () => {
    // Prepare
    bed = await startBed({ webhook: true });
    await recordPlan(bed);
    await bed.click(PLAN_ID);
    await bed.dispatcher.idle();

    // Act
    const second = await bed.click(PLAN_ID, { user: OTHER_APPROVER });
    await bed.dispatcher.idle();

    // Assess
    const [answer] = callsTo(bed.slack, second.responseUrl);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(answer.body.text).toContain(`already approved by <@${APPROVER}> at`);
    expect(await exportKeys(bed)).toHaveLength(1);
    expect(bed.slack.calls.filter((call) => call.kind === 'webhook')).toHaveLength(1);
  });

  it('lets exactly one of two concurrent approvers send the plan', async () => {
    // Prepare
    bed = await startBed({ webhook: true });
    await recordPlan(bed);

    // Act
    const clicks = await Promise.all([
      bed.click(PLAN_ID, { user: APPROVER }),
      bed.click(PLAN_ID, { user: OTHER_APPROVER }),
    ]);
    await bed.dispatcher.idle();

    // Assess
    expect(await exportKeys(bed)).toHaveLength(1);
    expect(bed.slack.calls.filter((call) => call.kind === 'webhook')).toHaveLength(1);
    const answers = clicks.map((click) => callsTo(bed!.slack, click.responseUrl)[0].body);
    expect(answers.filter((body) => body.replace_original === true)).toHaveLength(1);
    expect(answers.filter((body) => String(body.text).includes('already approved'))).toHaveLength(1);
  });

  it('updates a Monday summary with chat.update on its channel and ts', async () => {
    // Prepare
    bed = await startBed();
    await recordPlan(bed);

    // Act
    await bed.click(PLAN_ID, { via: 'chat', messageTs: '1700000000.000042' });
    await bed.dispatcher.idle();

    // Assess
    const update = await bed.slack.waitFor((call) => call.target === 'chat.update');
    expect(update.body).toMatchObject({ channel: 'CRETENTION', ts: '1700000000.000042' });
    expect(blockText(update.body)).toContain('1 actions sent');
    expect(blockText(update.body)).toContain('no campaign webhook is configured');
  });

  it('never exports holdout customers of a plan solved with holdout=20%', async () => {
    // Prepare
    bed = await startBed();
    await bed.command('holdout=20%');
    await bed.dispatcher.idle();
    const [run] = await listRuns(bed.store, 1);
    const held = run.kpis.holdout_customers ?? 0;
    expect(held).toBeGreaterThan(0);

    // Act
    await bed.click(run.plan_id);
    await bed.dispatcher.idle();

    // Assess
    const [key] = await exportKeys(bed);
    const exported = await text((await bed.store.get(key)).body);
    const rows = exported.split('\r\n').filter(Boolean).slice(1);
    expect(rows).toHaveLength((run.kpis.customers_treated ?? 0) - held);
    expect(rows.every((row) => row.endsWith(',treatment'))).toBe(true);
  });

  it('tells the campaign system and the channel what is sent and spent, not the plan with its control group (issue 21)', async () => {
    // Prepare
    bed = await startBed({ webhook: true });
    await bed.command('holdout=20%');
    await bed.dispatcher.idle();
    const [run] = await listRuns(bed.store, 1);

    // Act
    const click = await bed.click(run.plan_id);
    await bed.dispatcher.idle();

    // Assess
    const webhook = await bed.slack.waitFor((call) => call.kind === 'webhook');
    const kpis = (webhook.body as { kpis: Record<string, number> }).kpis;
    expect(kpis.holdout_spend).toBeGreaterThan(0);
    expect(kpis.sent_spend + kpis.holdout_spend).toBeCloseTo(kpis.total_spend, 9);
    expect(kpis.sent_customers).toBe((webhook.body as { rows: number }).rows);
    const [replacement] = callsTo(bed.slack, click.responseUrl);
    expect(blockText(replacement.body)).toContain(
      `${kpis.sent_customers} customers sent · spend $${kpis.sent_spend.toFixed(2)} (the control group's $${kpis.holdout_spend.toFixed(2)} is not spent)`,
    );
  });

  it('says the plan does not exist for an unknown plan id', async () => {
    // Prepare
    bed = await startBed();

    // Act
    const click = await bed.click('20991231-000000-zzzzzz');
    await bed.dispatcher.idle();

    // Assess
    const [answer] = callsTo(bed.slack, click.responseUrl);
    expect(answer.body.text).toContain('does not exist');
    expect(await exportKeys(bed)).toEqual([]);
  });
}

describe('Approve & send (local folder)', () => approvalCases(startSlackTestbed));

describeOnMotoS3(
  'Approve & send on S3 (moto_server, which refuses a second conditional write)',
  ({ startBed, s3, bucket }) => {
    approvalCases(startBed);

    it('two approvers at the same instant: S3 answers the second approval.json 412 and the plan is sent once', async () => {
      // Prepare: every S3 call recorded; both clicks held until each is about to write approval.json
      const proxy = await startRecordingS3Proxy(s3().endpoint);
      const client = s3().clientFor(proxy.url);
      const store = createS3Store({ client, bucket, prefix: 'race' });
      bed = await startSlackTestbed({
        webhook: true,
        seed: false,
        wrapStore: () => meetBeforeWriting(store, 'approval.json', 2),
      });
      await recordPlan(bed);

      // Act
      await Promise.all([bed.click(PLAN_ID, { user: APPROVER }), bed.click(PLAN_ID, { user: OTHER_APPROVER })]);
      await bed.dispatcher.idle();

      // Assess
      const approvalWrites = [...proxy.calls.values()]
        .flat()
        .filter((call) => call.action === 's3:PutObject' && call.key === `race/plans/${PLAN_ID}/approval.json`);
      expect(approvalWrites.map((call) => call.status).sort()).toEqual([200, 412]);
      expect(await exportKeys(bed)).toHaveLength(1);
      expect(bed.slack.calls.filter((call) => call.kind === 'webhook')).toHaveLength(1);
      client.destroy();
      await proxy.close();
    });
  },
);

/** `store`, whose conditional writes of keys ending in `suffix` wait until `parties` of them are under way: a race made certain. */
function meetBeforeWriting(store: ObjectStore, suffix: string, parties: number): ObjectStore {
  let waiting = 0;
  let release: () => void = () => undefined;
  const met = new Promise<void>((resolve) => (release = resolve));
  return {
    ...store,
    async putIfAbsent(key, body, contentType) {
      if (key.endsWith(suffix)) {
        if (++waiting === parties) release();
        await met;
      }
      return store.putIfAbsent(key, body, contentType);
    },
  };
}
