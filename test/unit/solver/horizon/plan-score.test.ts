import { describe, expect, it } from 'vitest';
import { CustomerIds } from '../../../../src/domain/customer-ids.ts';
import type { Action } from '../../../../src/domain/catalog.ts';
import { DEFAULT_POLICY, type Policy } from '../../../../src/domain/policy.ts';
import { buildHorizonModel, scoreHorizonPlan } from '../../../../src/solver/horizon/index.ts';
import { keepsHorizonRows } from '../../../../src/solver/horizon/plan-score.ts';

describe('the rows a plan over several weeks must keep', () => {
  it('refuse a week $0.50 over a $1,000,001.50 budget, within the rounding tolerance of so large a limit', () => {
    // Prepare: four customers, an action of $250,000.50 (regression: four contacts a week were
    // accepted within 1e-6 of the budget, and the plan then beat the bound that proves optimality)
    const predictions = {
      source: 'constructed',
      ids: CustomerIds.from(['C1', 'C2', 'C3', 'C4']),
      p: Float64Array.of(0.9, 0.9, 0.9, 0.9),
      v: Float64Array.of(1e7, 1e7, 1e7, 1e7),
      segmentOf: Uint16Array.of(0, 0, 0, 0),
      segments: ['Premium'],
      clvEstimated: false,
      reductions: new Map(),
    };
    const catalog: Action[] = [
      { id: 0, name: 'No Action', channel: 'none', cost: 0, uplift: 0 },
      { id: 1, name: 'Concierge', channel: 'call', cost: 250_000.5, uplift: 0.5 },
    ];
    const policy: Policy = {
      ...DEFAULT_POLICY,
      budget: 1_000_001.5,
      min_high_risk: 0,
      min_premium: 0,
      min_segment_coverage: 0,
      max_action_share: 1,
      weeks: 2,
      cooldown_weeks: 0,
    };
    const model = buildHorizonModel(predictions, catalog, policy);
    const everyone = new Int16Array(2 * 4).fill(0);
    const three = Int16Array.of(0, 0, 0, -1, 0, 0, 0, -1);

    // Act
    const over = scoreHorizonPlan(model, everyone)!;
    const within = scoreHorizonPlan(model, three)!;

    // Assess
    expect(over.usage[0]).toBe(1_000_002);
    expect(keepsHorizonRows(model, over.usage)).toBe(false);
    expect(keepsHorizonRows(model, within.usage)).toBe(true);
  });
});
