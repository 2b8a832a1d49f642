import { describe, expect, it } from 'vitest';
import { BLOCK_LIMITS, checkBlockLimits } from '../../../../src/slack/blocks/block-kit.ts';
import {
  renderInfeasibleMessage,
  renderPlanMessage,
  type PlanMessageContext,
} from '../../../../src/slack/blocks/plan-blocks.ts';
import { renderSummaryMessage } from '../../../../src/slack/blocks/summary-blocks.ts';
import { bigOutcome } from '../../../fixtures/slack/outcomes.ts';

const ctx: PlanMessageContext = {
  planId: '20261116-083000-abc123',
  planCsvKey: 'plans/20261116-083000-abc123/plan.csv',
  attachments: {
    channel_id: 'CRETENTION',
    csv: {
      id: 'F0000000101',
      filename: 'plan-20261116-083000-abc123.csv',
      title: 'Plan 20261116-083000-abc123: CSV',
      permalink: 'https://team.slack.com/files/UBOT/F0000000101/plan-20261116-083000-abc123.csv',
    },
    chart: {
      id: 'F0000000102',
      filename: 'plan-20261116-083000-abc123.png',
      title: 'Plan 20261116-083000-abc123: chart',
      permalink: 'https://team.slack.com/files/UBOT/F0000000102/plan-20261116-083000-abc123.png',
    },
    problems: [],
  },
  predictionsKey: 'predictions/2026-11-16/big.csv',
  requestedBy: 'U123ABC',
  origin: 'response_url',
};

const allText = (blocks: unknown[]): string => JSON.stringify(blocks);

describe('renderPlanMessage', () => {
  it('keeps Block Kit limits with 64 actions and 2,000 segments', () => {
    // Prepare
    const outcome = bigOutcome({ actions: 64, segments: 2000, nameLength: 80 });

    // Act
    const message = renderPlanMessage(outcome, ctx);

    // Assess
    expect(checkBlockLimits(message)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(BLOCK_LIMITS.blocksPerMessage);
    expect(allText(message.blocks)).toMatch(/…and \d+ more/);
    expect(message.blocks.at(-1)?.type).toBe('actions');
  });

  it('shows the headline KPIs, the gap of an unproven plan, holdout and the CLV warning', () => {
    // Prepare
    const outcome = bigOutcome({ actions: 3, segments: 2 });

    // Act
    const text = allText(renderPlanMessage(outcome, ctx).blocks);

    // Assess
    expect(text).toContain('75,000 of 1,000,000, 500 held out');
    expect(text).toContain('$150.00 of $150.00 budget (100%)');
    expect(text).toContain('$3,628.82');
    expect(text).toContain('$3,478.82');
    expect(text).toContain('2,319.2%');
    expect(text).toContain('5.0 customers');
    expect(text).toContain('Feasible, not proven optimal');
    expect(text).toContain('within 0.32% of the best possible');
    expect(text).toContain('CLV is estimated');
    expect(text).toContain('Action 1 &lt;b&gt;&amp;');
    expect(text).toContain('74,500 actions go to the campaign system');
  });

  it('carries the plan id and origin in the button value', () => {
    // Prepare
    const outcome = bigOutcome({ actions: 2, segments: 2 });

    // Act
    const actions = renderPlanMessage(outcome, ctx).blocks.at(-1) as {
      elements: { value: string; action_id: string }[];
    };

    // Assess
    expect(actions.elements[0].action_id).toBe('approve_plan');
    expect(JSON.parse(actions.elements[0].value)).toEqual({ plan: ctx.planId, via: 'response_url' });
  });

  it('shows the chart from Slack by file id, links the files by permalink, and offers Download CSV and Edit & re-plan', () => {
    // Prepare
    const outcome = bigOutcome({ actions: 3, segments: 2 });

    // Act
    const message = renderPlanMessage(outcome, ctx);

    // Assess
    const image = message.blocks.find((block) => block.type === 'image');
    expect(image).toMatchObject({ slack_file: { id: 'F0000000102' } });
    const text = allText(message.blocks);
    expect(text).toContain('<https://team.slack.com/files/UBOT/F0000000101/plan-20261116-083000-abc123.csv|');
    expect(text).not.toMatch(/X-Amz-Signature|https?:\/\/[^"]*amazonaws/);
    const tools = message.blocks.find((block) => block.block_id === 'plan_tools') as {
      elements: { action_id: string; value: string }[];
    };
    expect(tools.elements.map((element) => element.action_id)).toEqual(['download_plan_csv', 'edit_and_replan']);
    expect(JSON.parse(tools.elements[1].value)).toEqual({ plan: ctx.planId, words: ['holdout=0%'] });
  });

  it('says why the files are missing and where the CSV is kept when the upload failed', () => {
    // Prepare
    const outcome = bigOutcome({ actions: 3, segments: 2 });
    const failed = { problems: ['Slack did not let the app share files in this channel (not_in_channel).'] };

    // Act
    const message = renderPlanMessage(outcome, { ...ctx, attachments: failed });

    // Assess
    const text = allText(message.blocks);
    expect(message.blocks.some((block) => block.type === 'image')).toBe(false);
    expect(text).toContain('not_in_channel');
    expect(text).toContain('The plan CSV is kept as plans/20261116-083000-abc123/plan.csv');
    expect(text).toContain('download_plan_csv');
  });

  it('explains an infeasible policy without a button, within limits even with thousands of reasons', () => {
    // Prepare
    const outcome = bigOutcome({ actions: 8, segments: 3000, status: 'infeasible' });

    // Act
    const message = renderPlanMessage(outcome, ctx);

    // Assess
    expect(checkBlockLimits(message)).toEqual([]);
    expect(allText(message.blocks)).not.toContain('approve_plan');
    expect(allText(message.blocks)).toContain('Try `/retention budget=413`');
    expect(renderInfeasibleMessage(outcome, ctx).text).toContain('budget, min_segment_coverage');
  });

  it('keeps the Monday summary within limits too', () => {
    // Prepare
    const outcome = bigOutcome({ actions: 64, segments: 2000, nameLength: 80 });

    // Act
    const message = renderSummaryMessage(outcome, ctx, {
      weekOf: '2026-11-16',
      previous: undefined,
      policySource: { kind: 'default' },
    });

    // Assess
    expect(checkBlockLimits(message)).toEqual([]);
    expect(JSON.parse((message.blocks.at(-1) as { elements: { value: string }[] }).elements[0].value)).toEqual({
      plan: ctx.planId,
      via: 'chat',
    });
  });
});

describe('checkBlockLimits', () => {
  it('reports each limit a message breaks', () => {
    // Prepare
    const blocks = [
      ...Array.from({ length: 51 }, () => ({ type: 'divider' })),
      { type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } },
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'b' }, value: 'v'.repeat(2001) }],
      },
    ];

    // Act
    const problems = checkBlockLimits({ text: 'ok', blocks });

    // Assess
    expect(problems).toHaveLength(3);
  });
});
