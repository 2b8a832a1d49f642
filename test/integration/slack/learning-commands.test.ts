import { text } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { CALIBRATE_ACCEPT_ACTION } from '../../../src/slack/blocks/learning-blocks.ts';
import { checkBlockLimits } from '../../../src/slack/blocks/block-kit.ts';
import { listRuns } from '../../../src/storage/run-record.ts';
import {
  APPROVER,
  blockText,
  callsTo,
  OTHER_APPROVER,
  startSlackTestbed,
  type SlackTestbed,
} from '../../support/fake-slack.ts';
import { seedExport, seedMeasuredPlans } from '../../support/fake-slack-learning.ts';

let bed: SlackTestbed | undefined;

afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

async function planRows(testbed: SlackTestbed, planId: string): Promise<string[][]> {
  const csv = await text((await testbed.store.get(`plans/${planId}/plan.csv`)).body);
  return csv
    .split('\r\n')
    .filter(Boolean)
    .slice(1)
    .map((line) => line.split(','));
}

/** Runs `/retention <text>` and returns the worker's post and the newest run. */
async function plan(testbed: SlackTestbed, command: string) {
  const ack = await testbed.command(command);
  await testbed.dispatcher.idle();
  const [post] = callsTo(testbed.slack, ack.responseUrl);
  const [run] = await listRuns(testbed.store, 1);
  return { ack, post, run };
}

/** The Accept button's value in a calibration message. */
function acceptValue(body: Record<string, unknown>): string {
  const actions = (body.blocks as Array<{ type: string; elements?: { action_id: string; value: string }[] }>).find(
    (block) => block.type === 'actions',
  );
  const button = actions?.elements?.find((element) => element.action_id === CALIBRATE_ACCEPT_ACTION);
  expect(button).toBeDefined();
  return button!.value;
}

describe('the learning loop in Slack', () => {
  it('holds out 10% of a Slack plan by default, shows treatment and holdout counts, and records the catalog version', async () => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const { ack, post, run } = await plan(bed, 'budget=200');

    // Assess
    expect(JSON.parse(ack.body).text).toContain('10% held out as control');
    expect(run.policy.holdout).toBeCloseTo(0.1, 12);
    const assigned = run.kpis.customers_treated ?? 0;
    const held = run.kpis.holdout_customers ?? 0;
    expect(held).toBe(Math.round(0.1 * assigned));
    const groups = (await planRows(bed, run.plan_id)).map((row) => row.at(-1));
    expect(groups.filter((group) => group === 'holdout')).toHaveLength(held);
    expect(blockText(post.body)).toContain(
      `*Treatment*: ${assigned - held} customers get an action. *Holdout*: ${held} (`,
    );
    expect(run.catalog_version).toBe('default');
    const stored = JSON.parse(await text((await bed.store.get(`plans/${run.plan_id}/run.json`)).body)) as Record<
      string,
      unknown
    >;
    expect(stored.catalog_version).toBe('default');
  });

  it('plans without a holdout when the command says holdout=0', async () => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const { post, run } = await plan(bed, 'holdout=0');

    // Assess
    expect(run.kpis.holdout_customers).toBe(0);
    expect(blockText(post.body)).toContain('*No holdout* (holdout=0%)');
  });

  it('applies the contact history of approved exports and says how many customers each rule excluded', async () => {
    // Prepare: 30 sample customers were sent an action six days ago
    bed = await startSlackTestbed();
    const contacted = Array.from({ length: 30 }, (_, i) => `C${100001 + i}`);
    await seedExport(bed.store, { date: '2026-11-10', planId: '20261110-090000-aaaaaa', customers: contacted });

    // Act
    const { post, run } = await plan(bed, 'plan');

    // Assess
    const message = blockText(post.body);
    expect(message).toContain('*Contact history* (1 approved export read)');
    expect(message).toContain('• Contacted within 2 weeks: 30 customers excluded (`cooldown_weeks`)');
    const planned = new Set((await planRows(bed, run.plan_id)).map((row) => row[0]));
    expect(contacted.filter((id) => planned.has(id))).toEqual([]);
    expect(checkBlockLimits(post.body)).toEqual([]);
  });

  it('shows the measured uplift table, or says there is nothing to measure yet', async () => {
    // Prepare
    bed = await startSlackTestbed();
    const empty = await bed.command('uplift');
    await bed.dispatcher.idle();
    await seedMeasuredPlans(bed.store);

    // Act
    const ack = await bed.command('uplift');
    await bed.dispatcher.idle();

    // Assess
    expect(JSON.parse(empty.body).text).toContain('Measuring uplift from the approved plans');
    expect(callsTo(bed.slack, empty.responseUrl)[0].body.text).toContain('No measured uplift yet');
    const [post] = callsTo(bed.slack, ack.responseUrl);
    expect(post.body.response_type).toBe('in_channel');
    const message = blockText(post.body);
    expect(message).toContain('Measured uplift for 1 actions from 2 plans');
    expect(message).toMatch(/\*Personalized Email\*: 4,800 treated \(churn [\d.]+%\), 1,200 held out/);
    expect(message).toMatch(/relative uplift [\d.]+% \(95% CI [\d.]+% to [\d.]+%\); catalog says 8%/);
    expect(checkBlockLimits(post.body)).toEqual([]);
  });

  it('proposes a calibrated catalog that only an approver can accept, once, and later plans record its version', async () => {
    // Prepare
    bed = await startSlackTestbed();
    await seedMeasuredPlans(bed.store);
    const ack = await bed.command('calibrate');
    await bed.dispatcher.idle();
    const [proposal] = callsTo(bed.slack, ack.responseUrl);
    const value = acceptValue(proposal.body);
    const version = (JSON.parse(value) as { version: string }).version;

    // Act
    const intruder = await bed.clickButton(CALIBRATE_ACCEPT_ACTION, value, { user: 'UINTRUDER' });
    const intruderAccepted = (await bed.store.list('catalogs/')).map((object) => object.key);
    const accepted = await bed.clickButton(CALIBRATE_ACCEPT_ACTION, value, { user: APPROVER });
    const again = await bed.clickButton(CALIBRATE_ACCEPT_ACTION, value, { user: OTHER_APPROVER });
    const { run, post } = await plan(bed, 'plan');

    // Assess
    expect(blockText(proposal.body)).toMatch(/Personalized Email\*: 8% → [\d.]+%/);
    expect(checkBlockLimits(proposal.body)).toEqual([]);
    expect(callsTo(bed.slack, intruder.responseUrl)[0].body.text).toContain(
      'Only the configured approvers can accept a catalog',
    );
    expect(intruderAccepted).not.toContain(`catalogs/${version}.json`);
    const [replaced] = callsTo(bed.slack, accepted.responseUrl);
    expect(replaced.body.replace_original).toBe(true);
    expect(String(replaced.body.text)).toContain(`Accepted: catalog ${version} by <@${APPROVER}>`);
    const record = JSON.parse(await text((await bed.store.get(`catalogs/${version}.json`)).body)) as {
      accepted_by: string;
    };
    expect(record.accepted_by).toBe(APPROVER);
    const [second] = callsTo(bed.slack, again.responseUrl);
    expect(second.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(second.body.text)).toContain(`Already accepted: catalog ${version} by <@${APPROVER}>`);
    expect(run.catalog_version).toBe(version);
    expect(blockText(post.body)).toContain(`catalog \`${version}\``);
  });

  it('proposes nothing, without a button, when there is no evidence', async () => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const ack = await bed.command('calibrate');
    await bed.dispatcher.idle();

    // Assess
    const [post] = callsTo(bed.slack, ack.responseUrl);
    expect(post.body.text).toContain('No catalog change is supported by the evidence yet (current: default)');
    expect(JSON.stringify(post.body.blocks)).not.toContain(CALIBRATE_ACCEPT_ACTION);
    expect(await bed.store.list('catalogs/')).toEqual([]);
  });

  it('lists recent runs and approvals: who asked, who approved, when, policy and KPIs', async () => {
    // Prepare
    bed = await startSlackTestbed();
    const { run } = await plan(bed, 'budget=180');
    await bed.click(run.plan_id);
    await bed.dispatcher.idle();

    // Act
    const answer = JSON.parse((await bed.command('history')).body) as Record<string, unknown>;

    // Assess
    expect(answer.response_type).toBe('ephemeral');
    const message = blockText(answer);
    expect(message).toContain(`\`${run.plan_id}\` optimal, ${run.kpis.customers_treated} treated`);
    expect(message).toMatch(
      new RegExp(`asked by <@UASKER1> at 2026-11-16 \\d\\d:\\d\\d UTC; approved by <@${APPROVER}> at 2026-11-16`),
    );
    expect(message).toContain('budget=180 holdout=0.1 cooldown_weeks=2 · catalog default');
    expect(checkBlockLimits(answer)).toEqual([]);
  });

  it('refuses a history length it cannot show', async () => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const answer = JSON.parse((await bed.command('history 99')).body) as { text: string };

    // Assess
    expect(answer.text).toContain('`/retention history` takes at most one number, 1 to 40 (how many runs); got "99"');
  });
});
