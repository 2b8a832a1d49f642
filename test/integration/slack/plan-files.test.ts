import { decode } from 'fast-png';
import { buffer } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { homeOpenedBody } from '../../../src/dev/slack-payloads.ts';
import { BLOCK_LIMITS, checkBlockLimits } from '../../../src/slack/blocks/block-kit.ts';
import { DOWNLOAD_CSV_ACTION_ID } from '../../../src/slack/blocks/plan-files-blocks.ts';
import { listRuns } from '../../../src/storage/run-record.ts';
import {
  APPROVER,
  blockText,
  callsTo,
  CHANNEL,
  startSlackTestbed,
  type SlackTestbed,
  type TestbedOptions,
} from '../../support/fake-slack.ts';

let bed: SlackTestbed | undefined;

afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

/** Plans with `/retention plan budget=200` and returns the plan message and its run. */
async function planned(options: TestbedOptions = {}) {
  bed = await startSlackTestbed(options);
  const ack = await bed.command('plan budget=200');
  await bed.dispatcher.idle();
  const [post] = callsTo(bed.slack, ack.responseUrl);
  const [run] = await listRuns(bed.store, 1);
  return { testbed: bed, post, run, value: JSON.stringify({ plan: run.plan_id, words: ['budget=200'] }) };
}

const download = (testbed: SlackTestbed, value: string, user: string, userTeamId?: string) =>
  testbed
    .clickButton(DOWNLOAD_CSV_ACTION_ID, value, { user, ...(userTeamId ? { userTeamId } : {}) })
    .then(({ responseUrl }) => callsTo(testbed.slack, responseUrl)[0]?.body);

describe('plan files in Slack', () => {
  it('uploads the plan CSV and a PNG chart, shares them in the channel and shows the chart by file id', async () => {
    // Act
    const { testbed, post, run } = await planned();

    // Assess
    const [csv, chart] = testbed.slack.files;
    const stored = await buffer((await testbed.store.get(`plans/${run.plan_id}/plan.csv`)).body);
    expect(csv.bytes.equals(stored)).toBe(true);
    expect(csv.filename).toBe(`plan-${run.plan_id}.csv`);
    const image = decode(chart.bytes);
    expect(image.width).toBeGreaterThanOrEqual(600);
    expect([csv.channelId, chart.channelId]).toEqual([CHANNEL, CHANNEL]);
    const blocks = post.body.blocks as { type: string; slack_file?: { id: string } }[];
    expect(blocks.find((block) => block.type === 'image')?.slack_file).toEqual({ id: chart.id });
    expect(blockText(post.body)).toContain(`<${csv.permalink}|plan-${run.plan_id}.csv>`);
    expect(JSON.stringify(post.body)).not.toMatch(/X-Amz-Signature|file:\/\//);
    expect(checkBlockLimits(post.body)).toEqual([]);
  });

  it('still posts the plan when Slack refuses the upload, saying why and that nothing is lost', async () => {
    // Prepare
    bed = await startSlackTestbed();
    bed.slack.failMethod('files.completeUploadExternal', 'not_in_channel');

    // Act
    const ack = await bed.command('plan');
    await bed.dispatcher.idle();

    // Assess
    const [post] = callsTo(bed.slack, ack.responseUrl);
    expect(post.body.response_type).toBe('in_channel');
    const text = blockText(post.body);
    expect(text).toContain('Proven optimal');
    expect(text).toContain('(not_in_channel): invite the app to the channel');
    expect(text).toMatch(/The plan CSV is kept as plans\/\d{8}-\d{6}-[0-9a-z]{6}\/plan\.csv; \*Download CSV\*/);
    expect(post.body.blocks as unknown[]).not.toContainEqual(expect.objectContaining({ type: 'image' }));
    const [run] = await listRuns(bed.store, 1);
    const kept = (await bed.store.list(`plans/${run.plan_id}/`)).map((object) => object.key.split('/').at(-1));
    expect(kept).toEqual(['plan.csv', 'plan.png', 'run.json', 'slack-files.json']);
  });

  it('answers Download CSV privately with a fresh link to that plan’s CSV', async () => {
    // Prepare
    const { testbed, value, run } = await planned();

    // Act
    const answer = await download(testbed, value, 'UASKER1');

    // Assess
    expect(answer?.response_type).toBe('ephemeral');
    expect(blockText(answer ?? {})).toContain(`Your link to the CSV of plan \`${run.plan_id}\``);
    expect(blockText(answer ?? {})).toContain(`plans/${run.plan_id}/plan.csv`);
  });

  it.each([
    ['a user not in PLAN_VIEWER_USER_IDS', { planViewers: ['UVIEWER1'] }, 'UOTHER1', undefined],
    ['a guest from another workspace', {}, 'UGUEST1', 'T0OTHER'],
  ])('refuses Download CSV to %s, sharing nothing', async (_who, options, user, team) => {
    // Prepare
    const { testbed, value, run } = await planned(options);

    // Act
    const refused = await download(testbed, value, user, team);
    const approver = await download(testbed, value, APPROVER);

    // Assess
    expect(blockText(refused ?? {})).toContain('Only people allowed to see plans can download them');
    expect(JSON.stringify(refused)).not.toContain(`plans/${run.plan_id}/plan.csv`);
    expect(blockText(approver ?? {})).toContain(`plans/${run.plan_id}/plan.csv`);
  });

  it('publishes the Home tab on app_home_opened, and again for the approvers after a plan and its approval', async () => {
    // Prepare
    const { testbed, run } = await planned();
    const afterPlan = testbed.slack.calls.filter((call) => call.target === 'views.publish');

    // Act
    const opened = await testbed.send(homeOpenedBody({ userId: 'UASKER1' }), 'application/json');
    const own = testbed.slack.calls.filter((call) => call.target === 'views.publish').at(-1);
    await testbed.click(run.plan_id);
    await testbed.dispatcher.idle();

    // Assess
    expect(afterPlan.map((call) => call.body.user_id).sort()).toEqual(['UAPPROVER1', 'UAPPROVER2', 'UASKER1']);
    const approverHome = afterPlan.find((call) => call.body.user_id === APPROVER)?.body.view as { blocks: unknown[] };
    expect(blockText(approverHome)).toContain('*Waiting for you* (1)');
    expect(opened.statusCode).toBe(200);
    expect(own?.body.user_id).toBe('UASKER1');
    const home = own?.body.view as { type: string; blocks: unknown[] };
    expect(home.type).toBe('home');
    expect(checkBlockLimits(home, BLOCK_LIMITS.blocksPerView)).toEqual([]);
    const text = blockText(home);
    expect(text).toContain('250 customers in predictions/2026-11-16/predictions.csv');
    expect(text).toContain(`*Latest plan* \`${run.plan_id}\`, optimal, asked by <@UASKER1>`);
    expect(text).not.toContain('Waiting for you');
    const afterApproval = testbed.slack.calls.filter((call) => call.target === 'views.publish').at(-1);
    expect(blockText(afterApproval?.body.view as { blocks: unknown[] })).toContain(':white_check_mark: approved by');
  });

  it('answers the Events API’s url_verification challenge, so event subscriptions can be turned on', async () => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const answer = await bed.send(
      JSON.stringify({ token: 't', challenge: 'c4a11e', type: 'url_verification' }),
      'application/json',
    );

    // Assess
    expect([answer.statusCode, JSON.parse(answer.body)]).toEqual([200, { challenge: 'c4a11e' }]);
  });

  it('keeps the chart, the files and Download CSV in the message once the plan is approved', async () => {
    // Prepare
    const { testbed, run } = await planned();
    const chart = testbed.slack.files[1];

    // Act
    const click = await testbed.click(run.plan_id);
    await testbed.dispatcher.idle();

    // Assess
    const replaced = callsTo(testbed.slack, click.responseUrl).find((call) => call.body.replace_original === true);
    const text = blockText(replaced?.body ?? {});
    expect(text).toContain('Approved by <@UAPPROVER1>');
    expect(replaced?.body.blocks as unknown[]).toContainEqual(
      expect.objectContaining({ type: 'image', slack_file: { id: chart.id } }),
    );
    expect(JSON.stringify(replaced?.body)).toContain('download_plan_csv');
  });
});
