import type { ModalView } from '@slack/types';
import { afterEach, describe, expect, it } from 'vitest';
import { fillPolicyForm } from '../../../src/dev/fill-form.ts';
import { shortcutBody, viewSubmissionBody } from '../../../src/dev/slack-payloads.ts';
import { POLICY_KEYS } from '../../../src/domain/policy.ts';
import { BLOCK_LIMITS, checkBlockLimits } from '../../../src/slack/blocks/block-kit.ts';
import { EDIT_REPLAN_ACTION_ID } from '../../../src/slack/blocks/plan-files-blocks.ts';
import { listRuns } from '../../../src/storage/run-record.ts';
import { callsTo, CHANNEL, startSlackTestbed, type SlackTestbed } from '../../support/fake-slack.ts';

let bed: SlackTestbed | undefined;

afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

/** Opens the form with plain `/retention` and returns the view Slack was asked to show. */
async function openForm(testbed: SlackTestbed): Promise<{ view: ModalView; responseUrl: string }> {
  const ack = await testbed.command('');
  const call = testbed.slack.calls.find((candidate) => candidate.target === 'views.open');
  return { view: call?.body.view as ModalView, responseUrl: ack.responseUrl };
}

/** Submits the form with `words` typed in, as Slack sends it (a signed view_submission). */
async function submit(testbed: SlackTestbed, view: ModalView, words: string[], sweep?: string) {
  const filled = fillPolicyForm(view, {
    words,
    ...(sweep ? { sweep } : {}),
    channelId: CHANNEL,
    responseUrl: () => testbed.slack.responseUrl(),
  });
  const answer = await testbed.send(viewSubmissionBody({ userId: 'UASKER1', view, filled }));
  await testbed.dispatcher.idle();
  return { ...answer, json: answer.body === '' ? undefined : (JSON.parse(answer.body) as Record<string, unknown>) };
}

describe('the policy form through the real Lambda handler', () => {
  it('opens with views.open inside the acknowledgement, using the command’s trigger id', async () => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const ack = await bed.command('', { triggerId: '1234.5678.form' });

    // Assess
    const opened = bed.slack.calls.find((call) => call.target === 'views.open');
    expect(opened?.body.trigger_id).toBe('1234.5678.form');
    expect(opened!.at).toBeLessThan(ack.answeredAt);
    expect([ack.statusCode, ack.body]).toEqual([200, '']);
    const view = opened?.body.view as ModalView;
    expect(checkBlockLimits(view, BLOCK_LIMITS.blocksPerView)).toEqual([]);
    const inputs = view.blocks.filter((block) => block.type === 'input').map((block) => block.block_id);
    for (const key of Object.keys(POLICY_KEYS)) expect(inputs).toContain(`policy:${key}`);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('"initial_value":"150"');
    expect(text).toContain('holdout: a share 0..0.5 or 0%..50%. Empty means the default, 10%.');
    for (const segment of ['Premium', 'Family', 'Student', 'Free']) expect(text).toContain(`"value":"${segment}"`);
    expect(text).toContain('"value":"retained_clv"');
    expect(inputs).not.toContain('post_to');
  });

  it('asks for the channel when opened from the global shortcut', async () => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const answer = await bed.send(shortcutBody({ userId: 'UASKER1', triggerId: '42.shortcut' }));

    // Assess
    expect(answer.statusCode).toBe(200);
    const opened = bed.slack.calls.find((call) => call.target === 'views.open');
    expect(opened?.body.trigger_id).toBe('42.shortcut');
    const view = opened?.body.view as ModalView;
    expect(view.blocks.find((block) => block.block_id === 'post_to')).toMatchObject({
      element: { type: 'conversations_select', response_url_enabled: true, default_to_current_conversation: true },
    });
  });

  it.each([
    ['dollars', 'budget=lots', 'policy:budget', 'budget must be dollars >= 0'],
    ['dollars past the largest budget', 'budget=2000M', 'policy:budget', 'at most 1,000,000,000 dollars'],
    ['a whole number', 'email_cap=1.5', 'policy:email_cap', 'email_cap must be a whole number >= 0; got "1.5"'],
    ['a share', 'min_high_risk=120%', 'policy:min_high_risk', 'min_high_risk must be a share 0..1'],
    ['a probability', 'high_risk_threshold=2', 'policy:high_risk_threshold', 'must be a probability 0..1'],
    ['a share with its own range', 'holdout=80%', 'policy:holdout', 'holdout must be a share 0..0.5'],
    ['a count with its own range', 'max_contacts_4w=0', 'policy:max_contacts_4w', 'a whole number 1..28'],
  ])('answers a bad %s with that field’s error, and nothing runs', async (_kind, word, field, message) => {
    // Prepare
    bed = await startSlackTestbed();
    const { view } = await openForm(bed);

    // Act
    const answer = await submit(bed, view, [word]);

    // Assess
    expect(answer.json?.response_action).toBe('errors');
    const errors = answer.json?.errors as Record<string, string>;
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]).toContain(message);
    expect(await bed.store.list('jobs/')).toEqual([]);
  });

  it.each([
    ['a segment name that is not text', 'premium_segment', { selected_option: { value: 'A=B' } }],
    ['an objective that does not exist', 'objective', { selected_option: { value: 'most_money' } }],
  ])('answers %s (a payload Slack’s select would not send) with the field’s error', async (_name, key, state) => {
    // Prepare
    bed = await startSlackTestbed();
    const { view } = await openForm(bed);
    const filled = fillPolicyForm(view, { words: [], channelId: CHANNEL, responseUrl: () => bed!.slack.responseUrl() });
    filled.values[`policy:${key}`] = { value: { type: 'static_select', ...state } };

    // Act
    const answer = await bed.send(viewSubmissionBody({ userId: 'UASKER1', view, filled }));

    // Assess
    const errors = (JSON.parse(answer.body) as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors)).toEqual([`policy:${key}`]);
    expect(await bed.store.list('jobs/')).toEqual([]);
  });

  it('answers a bad sweep range and a value outside the guardrails on their fields', async () => {
    // Prepare
    bed = await startSlackTestbed({ guardrails: { budget: { max: 300 } } });
    const { view } = await openForm(bed);

    // Act
    const range = await submit(bed, view, [], 'budget=150-1000');
    const railed = await submit(bed, view, ['budget=500']);

    // Assess
    expect(range.json?.errors).toEqual({ sweep_range: expect.stringContaining('is not a sweep') as unknown });
    expect(railed.json?.errors).toEqual({ 'policy:budget': expect.stringContaining('300') as unknown });
    expect(await bed.store.list('jobs/')).toEqual([]);
  });

  it('plans a good submission for the channel it was opened from, with the form’s policy', async () => {
    // Prepare
    bed = await startSlackTestbed();
    const { view, responseUrl } = await openForm(bed);

    // Act
    const answer = await submit(bed, view, ['budget=200', 'min_high_risk=70%']);

    // Assess
    expect([answer.statusCode, answer.body]).toEqual([200, '']);
    const posts = callsTo(bed.slack, responseUrl);
    expect(posts.map((post) => post.body.response_type)).toEqual(['ephemeral', 'in_channel']);
    expect(String(posts[0].body.text)).toContain('with `budget=200 min_high_risk=70%`');
    const [run] = await listRuns(bed.store, 1);
    expect(run.policy).toMatchObject({ budget: 200, min_high_risk: 0.7, holdout: 0.1 });
  });

  it('starts a sweep chosen in the form', async () => {
    // Prepare
    bed = await startSlackTestbed();
    const { view, responseUrl } = await openForm(bed);

    // Act
    await submit(bed, view, ['min_high_risk=70%'], 'budget=150..250:2');

    // Assess
    const posts = callsTo(bed.slack, responseUrl);
    expect(String(posts[0].body.text)).toContain('Sweeping budget over 2 levels ($150 to $250)');
    expect(JSON.stringify(posts[1].body)).toContain('Sweep of budget: 2 levels');
  });

  it('opens prefilled with the plan message’s policy from Edit & re-plan, inside the click’s acknowledgement', async () => {
    // Prepare
    bed = await startSlackTestbed();
    const value = JSON.stringify({ plan: '20261116-083000-abc123', words: ['budget=275', 'objective=retained_clv'] });

    // Act
    const click = await bed.clickButton(EDIT_REPLAN_ACTION_ID, value, { user: 'UASKER1', triggerId: '7.edit' });

    // Assess
    const opened = bed.slack.calls.find((call) => call.target === 'views.open');
    expect(opened?.body.trigger_id).toBe('7.edit');
    expect(opened!.at).toBeLessThan(click.answeredAt);
    const view = opened?.body.view as ModalView;
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Starts from the policy of plan 20261116-083000-abc123');
    expect(text).toContain('"initial_value":"275"');
    expect(text).toMatch(/"initial_option":\{"text":\{"type":"plain_text","text":"retained_clv"/);
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({ channel_id: CHANNEL, response_url: click.responseUrl });
  });
});
