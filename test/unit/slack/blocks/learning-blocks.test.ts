import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG, type Action } from '../../../../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../../../../src/domain/policy.ts';
import type { HistoryEntry } from '../../../../src/learning/audit-history.ts';
import { proposeCatalog } from '../../../../src/learning/calibrate.ts';
import { needsSecondApprover } from '../../../../src/approvals/governance.ts';
import {
  CALIBRATE_ACCEPT_ACTION,
  parseCalibrateButtonValue,
  renderCalibrationProposal,
  renderCatalogAccepted,
  renderHistory,
  renderUpliftReport,
  secondApproverButtonText,
  secondApproverNote,
} from '../../../../src/slack/blocks/learning-blocks.ts';
import { measureUplift, type JoinedOutcome } from '../../../../src/learning/uplift.ts';
import { checkBlockLimits } from '../../../../src/slack/blocks/block-kit.ts';

/** 64 actions with long names, each measured on 300 + 300 customers. */
function bigCase() {
  const catalog: Action[] = [
    DEFAULT_CATALOG[0],
    ...Array.from({ length: 63 }, (_, k) => ({
      id: k + 1,
      name: `Action <${k + 1}> ${'x'.repeat(60)}`,
      channel: 'email' as const,
      cost: 1,
      uplift: 0.05,
    })),
  ];
  const rows: JoinedOutcome[] = [];
  for (const action of catalog.slice(1)) {
    for (let i = 0; i < 300; i++)
      rows.push(
        { plan_id: 'p', action_id: action.id, group: 'treatment', churned: i < 30 },
        { plan_id: 'p', action_id: action.id, group: 'holdout', churned: i < 90 },
      );
  }
  return { catalog, measurements: measureUplift(rows) };
}

describe('learning Block Kit builders', () => {
  it('keeps the uplift report within Slack limits and escapes action names', () => {
    // Prepare
    const { catalog, measurements } = bigCase();
    // Act
    const message = renderUpliftReport(
      { measurements, plans: ['p'], plansWithoutHoldout: [], unobserved: 12 },
      catalog,
    );
    // Assess
    expect(checkBlockLimits(message)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(message.blocks)).toContain('Action &lt;1&gt;');
    expect(JSON.stringify(message.blocks)).toContain('relative uplift 66.7% (95% CI');
  });

  it('offers an Accept button whose value names the version, and no button when nothing changes', () => {
    // Prepare
    const { catalog, measurements } = bigCase();
    const proposal = proposeCatalog({ catalog, version: 'default' }, measurements, { date: '2026-04-06' });
    // Act
    const message = renderCalibrationProposal(proposal);
    const unchanged = renderCalibrationProposal(
      proposeCatalog({ catalog, version: 'default' }, [], { date: '2026-04-06' }),
    );
    // Assess
    expect(checkBlockLimits(message)).toEqual([]);
    const actions = message.blocks.at(-1) as { type: string; elements: { action_id: string; value: string }[] };
    expect(actions.type).toBe('actions');
    expect(actions.elements[0].action_id).toBe(CALIBRATE_ACCEPT_ACTION);
    expect(parseCalibrateButtonValue(actions.elements[0].value)).toEqual({ version: proposal.version });
    expect(unchanged.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(
      checkBlockLimits(
        renderCatalogAccepted(
          {
            ...proposal,
            changes: proposal.changes.map((c) => ({ ...c })),
            accepted_by: 'U1',
            accepted_at: '2026-04-06T10:00:00Z',
          },
          true,
        ),
      ),
    ).toEqual([]);
  });

  it('refuses a button value it did not write', () => {
    expect(() => parseCalibrateButtonValue('not json')).toThrow('no readable value');
    expect(() => parseCalibrateButtonValue('{"version":"../../x"}')).toThrow('no catalog version');
  });

  it('lists up to 45 runs of history within the limits', () => {
    const entry: HistoryEntry = {
      plan_id: '20260302-090000-abc123',
      status: 'optimal',
      requested_by: 'U123',
      requested_at: '2026-03-02T09:00:00.000Z',
      policy: { ...DEFAULT_POLICY, holdout: 0.1 },
      kpis: {
        customers: 250,
        customers_treated: 75,
        total_spend: 150,
        expected_retained_clv: 3600,
        net_value: 3450,
        roi_pct: 2300,
        expected_churn_reduction: 5,
        budget_utilization_pct: 100,
        holdout_customers: 8,
      },
      catalog_version: '2026-03-01-0123abcd',
      approval: {
        plan_id: '20260302-090000-abc123',
        approved_by: 'U999',
        approved_at: '2026-03-02T10:00:00.000Z',
        second_approver: 'U777',
      },
    };
    const message = renderHistory(Array.from({ length: 100 }, () => entry));
    expect(checkBlockLimits(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('approved by <@U999> and <@U777>');
    expect(renderHistory([]).text).toBe('No plans yet.');
  });

  it('words the second-approver rule for the button and the message', () => {
    const verdict = needsSecondApprover({ ...DEFAULT_POLICY, budget: 200 }, DEFAULT_POLICY);
    expect(secondApproverButtonText(verdict)).toBe('Approve (2nd approver: budget +33%)');
    expect(secondApproverNote(verdict)).toContain('budget +33% ($150 → $200)');
    expect(secondApproverButtonText(needsSecondApprover(DEFAULT_POLICY, DEFAULT_POLICY))).toBeUndefined();
  });
});
