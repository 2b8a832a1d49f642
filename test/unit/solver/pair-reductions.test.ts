import { describe, expect, it } from 'vitest';
import type { Action } from '../../../src/domain/catalog.ts';
import { CustomerIds } from '../../../src/domain/customer-ids.ts';
import type { ContactHistory } from '../../../src/domain/history.ts';
import { DEFAULT_POLICY, type Policy } from '../../../src/domain/policy.ts';
import type { Predictions } from '../../../src/domain/predictions.ts';
import { sampleProblem } from '../../../src/solver/decomposition/dual/sample.ts';
import { buildProblem } from '../../../src/solver/problem.ts';
import { expectClose } from '../../support/expect-close.ts';

const EXACT = { absolute: 0 };
const email: Action = { id: 1, name: 'Email', channel: 'email', cost: 1, uplift: 0.1 };
const discount: Action = {
  id: 2,
  name: 'Discount',
  channel: 'email',
  cost: 5,
  uplift: 0.2,
  min_churn_probability: 0.3,
  follow_up: { after: [1], within_weeks: 3, uplift: 0.5 },
};
const policy: Policy = { ...DEFAULT_POLICY, objective: 'retained_clv', cooldown_weeks: 0 };

/** Four customers; the uplift model scores the discount for customers 0 and 2 (1 and 3 have no cell). */
function week(): Predictions {
  return {
    source: 'inline',
    ids: CustomerIds.from(['a', 'b', 'c', 'd']),
    p: Float64Array.of(0.5, 0.6, 0.2, 0.4),
    v: Float64Array.of(100, 200, 300, 400),
    segmentOf: new Uint16Array(4),
    segments: ['Premium'],
    clvEstimated: false,
    reductions: new Map([[2, Float64Array.of(0.07, Number.NaN, 0.01, Number.NaN)]]),
  };
}

describe('the churn reduction of each pair, read pair by pair', () => {
  it('reads the uplift model’s cell, else p · uplift, and NaN where the pair is ineligible', () => {
    // Act
    const problem = buildProblem(week(), [email, discount], policy);

    // Assess: pair i * 2 + k; customer 2 (p 0.2) is outside the discount's window
    expectClose(problem.reduction.at(0) ?? Number.NaN, 0.5 * 0.1, EXACT, 'email, customer 0');
    expectClose(problem.reduction.at(1) ?? Number.NaN, 0.07, EXACT, 'discount cell, customer 0');
    expectClose(problem.reduction.at(3) ?? Number.NaN, 0.6 * 0.2, EXACT, 'discount, empty cell, customer 1');
    expect(problem.reduction.at(5)).toBeNaN();
    expectClose(problem.reduction.at(7) ?? Number.NaN, 0.4 * 0.2, EXACT, 'discount, empty cell, customer 3');
    expect(problem.reduction.at(8)).toBeUndefined();
    for (let pair = 0; pair < 8; pair++) {
      const r = problem.reduction.at(pair) ?? Number.NaN;
      if (Number.isNaN(r)) expect(problem.value[pair]).toBeNaN();
      else expectClose(problem.value[pair], r * week().v[pair >> 1], EXACT, `value of pair ${pair}`);
    }
  });

  it('gives a follow-up its own uplift after the contact it follows, over the uplift model’s cell', () => {
    // Prepare: customer 0 had the email a week ago, which the discount follows up
    const history: ContactHistory = {
      as_of: '2026-12-05',
      window_days: 90,
      customers: new Map([['a', { contacts: [{ days_ago: 7, action_id: 1, date: '2026-11-28' }] }]]),
    };

    // Act
    const problem = buildProblem(week(), [email, discount], policy, history);

    // Assess
    expectClose(problem.reduction.at(1) ?? Number.NaN, 0.5 * 0.5, EXACT, 'follow-up, customer 0');
    expectClose(problem.value[1], 0.5 * 0.5 * 100, EXACT, 'follow-up value, customer 0');
    expectClose(problem.reduction.at(3) ?? Number.NaN, 0.6 * 0.2, EXACT, 'no follow-up, customer 1');
  });

  it('renumbers a sample’s pairs to its own customers', () => {
    // Prepare
    const problem = buildProblem(week(), [email, discount], policy);

    // Act: customers 0 and 2
    const sample = sampleProblem(problem, 2);

    // Assess
    expect(sample.n).toBe(2);
    expectClose(sample.reduction.at(1) ?? Number.NaN, 0.07, EXACT, 'discount, customer 0');
    expectClose(sample.reduction.at(2) ?? Number.NaN, 0.2 * 0.1, EXACT, 'email, customer 2');
    expect(sample.reduction.at(3)).toBeNaN();
  });
});
