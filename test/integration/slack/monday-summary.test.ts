import { afterEach, describe, expect, it } from 'vitest';
import { checkBlockLimits } from '../../../src/slack/blocks/block-kit.ts';
import { runMondaySummary, type MondayDeps } from '../../../src/jobs/monday-summary.ts';
import { listRuns } from '../../../src/storage/run-record.ts';
import { APPROVER, blockText, startSlackTestbed, steppingClock, type SlackTestbed } from '../../support/fake-slack.ts';

const SUMMARY_CHANNEL = 'CSUMMARY1';
/** Monday 2026-11-16 09:15 in Paris (CET, UTC+1). */
const MONDAY_NINE_PARIS = new Date('2026-11-16T08:15:00Z');

let bed: SlackTestbed | undefined;

afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

function mondayDeps(testbed: SlackTestbed): MondayDeps {
  return { ...testbed.workerDeps, channelId: SUMMARY_CHANNEL, timeZone: 'Europe/Paris' };
}

const posts = (testbed: SlackTestbed) => testbed.slack.calls.filter((call) => call.target === 'chat.postMessage');

describe('the Monday summary', () => {
  it.each([
    ['Sunday 09:15 in Paris', '2026-11-15T08:15:00Z'],
    ['Monday 08:59 in Paris', '2026-11-16T07:59:00Z'],
    ['Monday 10:00 in Paris', '2026-11-16T09:00:00Z'],
    ['Monday 09:15 UTC, which is 10:15 in Paris', '2026-11-16T09:15:00Z'],
  ])('does nothing on %s', async (_name, instant) => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const result = await runMondaySummary(mondayDeps(bed), new Date(instant));

    // Assess
    expect(result.posted).toBe(false);
    expect(posts(bed)).toEqual([]);
    expect(await listRuns(bed.store)).toEqual([]);
  });

  it('posts the week’s plan with the default policy and Approve & send, once per Monday', async () => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const first = await runMondaySummary(mondayDeps(bed), MONDAY_NINE_PARIS);
    const again = await runMondaySummary(mondayDeps(bed), new Date('2026-11-16T08:45:00Z'));

    // Assess
    expect(first).toMatchObject({ posted: true, reason: 'optimal' });
    expect(again.posted).toBe(false);
    const [post] = posts(bed);
    expect(posts(bed)).toHaveLength(1);
    expect(post.body.channel).toBe(SUMMARY_CHANNEL);
    const text = blockText(post.body);
    expect(text).toContain('Monday retention plan, week of 2026-11-16');
    expect(text).toContain('Policy: the defaults');
    expect(text).toContain('no earlier plan to compare with');
    expect(text).toContain('of $150.00 budget');
    expect(JSON.stringify(post.body.blocks)).toContain(
      JSON.stringify(JSON.stringify({ plan: first.planId, via: 'chat' })),
    );
    expect(checkBlockLimits(post.body)).toEqual([]);
  });

  it('plans with the last approved policy and shows the change against last week', async () => {
    // Prepare: a plan asked three weeks ago with budget=200, approved and exported (older than
    // the two-week cooldown, so its customers may be planned again this Monday).
    bed = await startSlackTestbed({ clockStart: Date.UTC(2026, 9, 26, 8, 30) });
    const ack = await bed.command('budget=200 min_high_risk=70%');
    await bed.dispatcher.idle();
    expect(ack.statusCode).toBe(200);
    const [lastWeek] = await listRuns(bed.store, 1);
    await bed.click(lastWeek.plan_id, { user: APPROVER });
    await bed.dispatcher.idle();

    // Act: the summary's own clock says Monday (it is the planning day of the contact history)
    const result = await runMondaySummary(
      { ...mondayDeps(bed), clock: steppingClock(MONDAY_NINE_PARIS.getTime()) },
      MONDAY_NINE_PARIS,
    );

    // Assess
    expect(result.posted).toBe(true);
    const text = blockText(posts(bed)[0].body);
    expect(text).toContain(`Policy: the last approved one (plan \`${lastWeek.plan_id}\`)`);
    expect(text).toContain('of $200.00 budget');
    expect(text).toContain(`Change against last week* (plan \`${lastWeek.plan_id}\``);
    expect(text).toContain('• Net value: ');
    expect(text).toContain('(no change)');
    const [thisWeek] = await listRuns(bed.store, 1);
    expect(thisWeek.requested_by).toBe('schedule:monday');
    expect(thisWeek.policy.min_high_risk).toBeCloseTo(0.7, 9);
  });

  it('posts a short failure with its code when there are no predictions', async () => {
    // Prepare
    bed = await startSlackTestbed({ seed: false });

    // Act
    const result = await runMondaySummary(mondayDeps(bed), MONDAY_NINE_PARIS);

    // Assess
    expect(result).toMatchObject({ posted: true, reason: 'no predictions' });
    expect(String(posts(bed)[0].body.text)).toContain('The Monday plan failed (NOT_FOUND)');
  });
});
