import { describe, expect, it } from 'vitest';
import type { Action } from '../../../../../src/domain/catalog.ts';
import { CustomerIds } from '../../../../../src/domain/customer-ids.ts';
import { DEFAULT_POLICY } from '../../../../../src/domain/policy.ts';
import type { Predictions } from '../../../../../src/domain/predictions.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { improveChoice } from '../../../../../src/solver/decomposition/primal/improve.ts';
import { rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { checkPlan } from '../../../../support/check-plan.ts';

/**
 * 200 alike customers, a $5 call worth $10 net and a $0.50 text worth $9.50, a $50 budget: ten
 * calls ($100) or a hundred texts ($950). At the budget's price, $19 a dollar, the texts gain
 * nothing reduced and the calls lose, so no customer's best is an action: the plan starts empty.
 */
function dearAndCheap() {
  const n = 200;
  const catalog: Action[] = [
    { id: 0, name: 'No Action', channel: 'none', cost: 0, uplift: 0 },
    { id: 1, name: 'Call', channel: 'call', cost: 5, uplift: 0.3 },
    { id: 2, name: 'Text', channel: 'sms', cost: 0.5, uplift: 0.2 },
  ];
  const predictions: Predictions = {
    source: 'dear-and-cheap',
    ids: CustomerIds.from(Array.from({ length: n }, (_, i) => `C${i}`)),
    p: new Float64Array(n).fill(0.5),
    v: new Float64Array(n).fill(100),
    segmentOf: new Uint16Array(n),
    segments: ['Premium'],
    clvEstimated: false,
    reductions: new Map(),
  };
  const policy = {
    ...DEFAULT_POLICY,
    budget: 50,
    min_high_risk: 0,
    min_premium: 0,
    min_segment_coverage: 0,
    max_action_share: 1,
    objective: 'net_value' as const,
  };
  const problem = buildProblem(predictions, catalog, policy);
  const relax = buildRelaxation(problem);
  const lambda = Float64Array.from(problem.rows, (row) => (row.name === 'budget' ? 19 : 0));
  const start = { choice: new Int16Array(n).fill(-1), objective: 0, usage: new Float64Array(problem.rows.length) };
  return { predictions, catalog, policy, problem, relax, ranking: rankChoices(relax, lambda), start };
}

describe('improvement by reduced gains (primal/improve.ts)', () => {
  it('spends a binding budget on the moves worth most per dollar, where the largest gains spend it on the dearest', () => {
    // Prepare
    const { predictions, catalog, policy, problem, relax, ranking, start } = dearAndCheap();

    // Act
    const byGain = improveChoice(relax, start, ranking);
    const byPrices = improveChoice(relax, start, ranking, undefined, undefined, true);

    // Assess
    expect(Array.from(ranking.best).every((k) => k < 0)).toBe(true);
    expect(byGain.objective).toBeCloseTo(100, 9);
    expect(byPrices.objective).toBeCloseTo(950, 9);
    const texts = Array.from(byPrices.choice).filter((k) => problem.actions[k]?.name === 'Text').length;
    expect(texts).toBe(100);
    const assigned = new Map<number, number>();
    byPrices.choice.forEach((k, i) => k >= 0 && assigned.set(i, problem.actions[k].id));
    expect(checkPlan(predictions, catalog, policy, assigned).violations).toEqual([]);
  });
});
