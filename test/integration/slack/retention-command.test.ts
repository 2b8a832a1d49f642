import { afterEach, describe, expect, it } from 'vitest';
import { checkBlockLimits } from '../../../src/slack/blocks/block-kit.ts';
import { listRuns } from '../../../src/storage/run-record.ts';
import { blockText, callsTo, startSlackTestbed, type SlackTestbed } from '../../support/fake-slack.ts';

let bed: SlackTestbed | undefined;

afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

async function jobKeys(testbed: SlackTestbed): Promise<string[]> {
  return (await testbed.store.list('jobs/')).map((object) => object.key);
}

describe('the /retention slash command through the real Lambda handler', () => {
  it('acknowledges with the customer count, then posts the plan in the channel with Approve & send', async () => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const ack = await bed.command('budget=200');
    await bed.dispatcher.idle();

    // Assess
    expect(ack.statusCode).toBe(200);
    const ackBody = JSON.parse(ack.body) as { response_type: string; text: string };
    expect(ackBody.response_type).toBe('ephemeral');
    expect(ackBody.text).toContain(
      'Planning for 250 customers from predictions/2026-11-16/predictions.csv with `budget=200`',
    );
    const posts = callsTo(bed.slack, ack.responseUrl);
    expect(posts).toHaveLength(1);
    const plan = posts[0].body;
    expect(plan.response_type).toBe('in_channel');
    const text = blockText(plan);
    expect(text).toContain('Proven optimal');
    expect(text).toMatch(/Customers treated\*\n\d+ of 250/);
    expect(text).toContain('of $200.00 budget');
    expect(text).toContain('Rules that bind');
    expect(text).toContain('Action mix');
    expect(checkBlockLimits(plan)).toEqual([]);
    const [run] = await listRuns(bed.store, 1);
    expect(run.requested_by).toBe('UASKER1');
    expect(run.policy.budget).toBeCloseTo(200, 9);
    const approve = (plan.blocks as { block_id?: string; elements?: { value: string }[] }[]).find(
      (block) => block.block_id === 'approve',
    );
    expect(JSON.parse(approve?.elements?.[0].value ?? '')).toEqual({ plan: run.plan_id, via: 'response_url' });
    expect(text).toContain(`plan-${run.plan_id}.csv`);
  });

  it.each([
    ['forged', { signature: 'v0=' + '0'.repeat(64) }],
    ['missing', { signature: null }],
    ['older than 5 minutes', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
  ])('answers 401 to a %s signature and runs nothing', async (_name, options) => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const answer = await bed.command('budget=200', options);
    await bed.dispatcher.idle();

    // Assess
    expect(answer.statusCode).toBe(401);
    expect(await jobKeys(bed)).toEqual([]);
    expect(bed.slack.calls).toEqual([]);
  });

  it('refuses an unknown key, naming it and the keys it accepts, and records no job', async () => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const answer = await bed.command('budgte=200');

    // Assess
    expect(answer.statusCode).toBe(200);
    const body = JSON.parse(answer.body) as { text: string; response_type: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('unknown key "budgte"');
    expect(body.text).toContain('budget');
    expect(await jobKeys(bed)).toEqual([]);
  });

  it('refuses a bad value with what is accepted', async () => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const answer = await bed.command('holdout=80%');

    // Assess
    const body = JSON.parse(answer.body) as { text: string };
    expect(body.text).toContain('holdout must be a share 0..0.5 or 0%..50%; got "80%"');
    expect(await jobKeys(bed)).toEqual([]);
  });

  it('explains an infeasible policy from the solver, with the least budget to try', async () => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const ack = await bed.command('budget=10 min_high_risk=100%');
    await bed.dispatcher.idle();

    // Assess
    const [post] = callsTo(bed.slack, ack.responseUrl);
    const text = blockText(post.body);
    expect(text).toContain('No plan meets this policy');
    expect(text).toContain('min_high_risk');
    expect(text).toMatch(/Try `\/retention budget=\d+ min_high_risk=100%`/);
    expect(JSON.stringify(post.body)).not.toContain('approve_plan');
  });

  it('turns a bad predictions file into a short message with its code, never a stack', async () => {
    // Prepare
    bed = await startSlackTestbed({ seed: false });
    await bed.store.put(
      'predictions/2026-11-23/week.csv',
      'customer_id,churn_probability,subscription_type\nC1,1.7,Free\n',
    );

    // Act
    const ack = await bed.command('plan');
    await bed.dispatcher.idle();

    // Assess
    expect(JSON.parse(ack.body).text).toContain(
      'Planning for 1 customers from predictions/2026-11-23/week.csv with the default policy',
    );
    const [post] = callsTo(bed.slack, ack.responseUrl);
    expect(post.body.response_type).toBe('ephemeral');
    expect(post.body.text).toContain('Planning failed (BAD_INPUT)');
    expect(post.body.text).toContain('row 2');
    expect(post.raw).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('answers help with every key and its default, and status with the last plan', async () => {
    // Prepare
    bed = await startSlackTestbed();
    const first = await bed.command('plan');
    await bed.dispatcher.idle();
    expect(callsTo(bed.slack, first.responseUrl)).toHaveLength(1);

    // Act
    const help = JSON.parse((await bed.command('help')).body) as Record<string, unknown>;
    const status = JSON.parse((await bed.command('status')).body) as Record<string, unknown>;

    // Assess
    const helpText = blockText(help);
    for (const key of ['budget', 'email_cap', 'push_cap', 'min_high_risk', 'holdout', 'objective'])
      expect(helpText).toContain(`\`${key}\``);
    expect(helpText).toContain('(default $150)');
    const statusText = blockText(status);
    expect(statusText).toContain('predictions/2026-11-16/predictions.csv, 250 customers');
    expect(statusText).toContain('asked by <@UASKER1>');
    expect(statusText).toContain('not approved');
  });
});
