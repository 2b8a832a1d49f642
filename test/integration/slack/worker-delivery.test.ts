import { afterEach, describe, expect, it } from 'vitest';
import type { PlanWeekFn } from '../../../src/jobs/plan-run.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { blockText, callsTo, startSlackTestbed, type SlackTestbed } from '../../support/fake-slack.ts';

let bed: SlackTestbed | undefined;

afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

/** Records the job the way the slash command does, without running it, and returns its id. */
async function recordOnlyJob(testbed: SlackTestbed): Promise<{ jobId: string; responseUrl: string }> {
  const held: string[] = [];
  const dispatch = testbed.dispatcher.dispatch;
  testbed.dispatcher.dispatch = async (jobId) => {
    held.push(jobId);
  };
  const ack = await testbed.command('budget=180');
  testbed.dispatcher.dispatch = dispatch;
  expect(held).toHaveLength(1);
  return { jobId: held[0], responseUrl: ack.responseUrl };
}

describe('the worker', () => {
  it('posts once when the same job is delivered twice, one after the other', async () => {
    // Prepare
    bed = await startSlackTestbed();
    const { jobId, responseUrl } = await recordOnlyJob(bed);

    // Act
    const first = await bed.worker.runJob(jobId);
    const second = await bed.worker.runJob(jobId);

    // Assess
    expect(first.status).toBe('optimal');
    expect(second.status).toBe('duplicate');
    expect(callsTo(bed.slack, responseUrl)).toHaveLength(1);
    const written = (await bed.store.list('plans/')).map((object) => object.key.split('/').at(-1));
    expect(written).toEqual(['plan.csv', 'plan.png', 'run.json', 'slack-files.json']);
  });

  it('posts once when the same job is delivered twice at the same time', async () => {
    // Prepare
    bed = await startSlackTestbed();
    const { jobId, responseUrl } = await recordOnlyJob(bed);

    // Act
    const outcomes = await Promise.all([bed.worker.runJob(jobId), bed.worker.runJob(jobId)]);

    // Assess
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['duplicate', 'optimal']);
    expect(callsTo(bed.slack, responseUrl)).toHaveLength(1);
  });

  it('posts "still working" once when the solve outlives the delay, then the plan', async () => {
    // Prepare: the solve waits until the notice has reached Slack, so no clock is raced.
    const started: { bed?: SlackTestbed } = {};
    const slowPlanWeek: PlanWeekFn = async (input) => {
      await started.bed!.slack.waitFor((call) => String(call.body.text).includes('Still working'), 20_000);
      return planWeek(input);
    };
    started.bed = bed = await startSlackTestbed({ planWeek: slowPlanWeek, stillWorkingAfterMs: 50 });

    // Act
    const ack = await bed.command('plan');
    await bed.dispatcher.idle();

    // Assess
    const posts = callsTo(bed.slack, ack.responseUrl);
    expect(posts.map((post) => post.body.response_type)).toEqual(['ephemeral', 'in_channel']);
    expect(posts[0].body.text).toContain('Still working');
    expect(blockText(posts[1].body)).toContain('Proven optimal');
  });

  it('does not post "still working" when the solve ends before the delay', async () => {
    // Prepare
    bed = await startSlackTestbed({ stillWorkingAfterMs: 60_000 });

    // Act
    const ack = await bed.command('plan');
    await bed.dispatcher.idle();

    // Assess
    const posts = callsTo(bed.slack, ack.responseUrl);
    expect(posts).toHaveLength(1);
    expect(posts[0].body.response_type).toBe('in_channel');
  });

  it('turns an unexpected error into INTERNAL with the job id and records the failure', async () => {
    // Prepare
    const broken: PlanWeekFn = async () => {
      throw new TypeError('Cannot read properties of undefined (reading "x")');
    };
    bed = await startSlackTestbed({ planWeek: broken });

    // Act
    const ack = await bed.command('plan');
    await bed.dispatcher.idle();

    // Assess
    const [post] = callsTo(bed.slack, ack.responseUrl);
    expect(post.body.text).toContain('Planning failed (INTERNAL)');
    expect(post.raw).not.toContain('TypeError');
    const results = (await bed.store.list('jobs/')).filter((object) => object.key.endsWith('.result.json'));
    expect(results).toHaveLength(1);
  });
});
