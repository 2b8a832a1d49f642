import { describe, expect, it } from 'vitest';
import { POLICY_KEYS, SLACK_BASE_POLICY } from '../../../../src/domain/policy.ts';
import { BLOCK_LIMITS, checkBlockLimits } from '../../../../src/slack/blocks/block-kit.ts';
import { buildHomeView, type HomeRun, type HomeSnapshot } from '../../../../src/slack/blocks/home-view.ts';
import { buildPolicyModal, type PolicyFormInput } from '../../../../src/slack/blocks/policy-modal.ts';

const FORM: PolicyFormInput = {
  policy: { ...SLACK_BASE_POLICY },
  source: 'the Slack defaults',
  segments: { names: ['Premium', 'Free'], complete: true, from: 'predictions/2026-11-16/week.csv' },
  askChannel: false,
  privateMetadata: '{}',
};

function run(i: number, approved: boolean): HomeRun {
  return {
    run: {
      plan_id: `20261116-0830${String(i % 60).padStart(2, '0')}-abc${String(i).padStart(3, '0')}`,
      status: 'optimal',
      requested_by: 'UASKER1',
      requested_at: '2026-11-16T08:30:00.000Z',
      kpis: { customers: 1e6, customers_treated: 75_000, total_spend: 150_000, net_value: 1e6, roi_pct: 600 },
      approvals_required: i % 2 ? 2 : 1,
    } as HomeRun['run'],
    ...(approved ? { approval: { approved_by: 'UAPPROVER1', approved_at: '2026-11-16T09:00:00.000Z' } } : {}),
    approvedSoFar: i % 2 ? ['UAPPROVER2'] : [],
  };
}

describe('the policy form', () => {
  it('has one input per policy key, within a view’s 100 blocks', () => {
    // Act
    const view = buildPolicyModal({ ...FORM, askChannel: true, notes: ['slow store'] });

    // Assess
    expect(checkBlockLimits(view, BLOCK_LIMITS.blocksPerView)).toEqual([]);
    const ids = view.blocks.map((block) => block.block_id);
    expect(ids.filter((id) => id?.startsWith('policy:'))).toEqual(
      Object.keys(POLICY_KEYS).map((key) => `policy:${key}`),
    );
    expect(ids).toContain('post_to');
  });

  it('leaves an optional key with no value empty, so a submitted form does not refuse its own prefill', () => {
    // Act (regression: horizon_budget, unset by default, was prefilled as "undefined")
    const view = buildPolicyModal(FORM);

    // Assess
    const field = view.blocks.find((block) => block.block_id === 'policy:horizon_budget') as
      { element?: { initial_value?: string } } | undefined;
    expect(field).toBeDefined();
    expect(field?.element?.initial_value ?? '').toBe('');
  });

  it('types premium_segment when the predictions have more segments than a select holds, or none were found', () => {
    // Prepare
    const many = Array.from({ length: 150 }, (_, i) => `Region ${i}`);

    // Act
    const typed = [
      buildPolicyModal({ ...FORM, segments: { names: many, complete: true, from: 'x.csv' } }),
      buildPolicyModal({ ...FORM, segments: { names: [], complete: false, from: 'the predictions' } }),
    ];
    const partial = buildPolicyModal({ ...FORM, segments: { names: ['Free'], complete: false, from: 'big.csv' } });

    // Assess
    for (const view of typed)
      expect(view.blocks.find((block) => block.block_id === 'policy:premium_segment')).toMatchObject({
        element: { type: 'plain_text_input', initial_value: 'Premium' },
      });
    const select = partial.blocks.find((block) => block.block_id === 'policy:premium_segment');
    expect(select).toMatchObject({ element: { type: 'static_select', initial_option: { value: 'Premium' } } });
    expect(JSON.stringify(select)).toContain('from the first rows');
  });
});

describe('the Home tab', () => {
  it('stays within a view’s 100 blocks with many runs waiting for an approver', () => {
    // Prepare
    const snapshot: HomeSnapshot = {
      predictions: { key: 'predictions/2026-11-16/week.csv', date: '2026-11-16', customers: 1e6, exact: false },
      predictionsWhere: 'predictions/',
      runs: Array.from({ length: 40 }, (_, i) => run(i, i % 3 === 0)),
      measurement: {
        as_of: '2026-11-16',
        plans: 3,
        actions: Array.from({ length: 64 }, (_, i) => ({
          action_id: i + 1,
          action_name: `Action ${i + 1} ${'x'.repeat(60)}`,
          catalog_uplift: 0.08,
          treated: 400,
          held_out: 100,
          relative: { estimate: 0.1, low: 0.05, high: 0.2 },
        })),
      },
      notes: [],
    };

    // Act
    const approver = buildHomeView(snapshot, { userId: 'UAPPROVER1', isApprover: true });
    const other = buildHomeView(snapshot, { userId: 'UASKER1', isApprover: false });

    // Assess
    for (const view of [approver, other]) expect(checkBlockLimits(view, BLOCK_LIMITS.blocksPerView)).toEqual([]);
    expect(JSON.stringify(approver.blocks)).toContain('*Waiting for you* (26)');
    expect(JSON.stringify(other.blocks)).not.toContain('Waiting for you');
  });
});
