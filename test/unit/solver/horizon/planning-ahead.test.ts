import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type Policy } from '../../../../src/domain/policy.ts';
import type { Action } from '../../../../src/domain/catalog.ts';
import type { Predictions } from '../../../../src/domain/predictions.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { buildHorizonModel, solveHorizon } from '../../../../src/solver/horizon/index.ts';
import { planWeek } from '../../../../src/solver/plan-week.ts';
import { expectValidHorizon, weekAssignments } from '../../../support/assert-horizon.ts';
import { checkHorizon } from '../../../support/check-horizon.ts';
import { expectClose } from '../../../support/expect-close.ts';
import { randomHorizonInstance } from '../../../support/horizon-instance.ts';
import { CustomerIds } from '../../../../src/domain/customer-ids.ts';

function predictionsOf(rows: { p: number; v: number; segment?: string }[]): Predictions {
  const segments = [...new Set(rows.map((r) => r.segment ?? 'Premium'))];
  return {
    source: 'constructed',
    ids: CustomerIds.from(rows.map((_, i) => `C${i + 1}`)),
    p: Float64Array.from(rows, (r) => r.p),
    v: Float64Array.from(rows, (r) => r.v),
    segmentOf: Uint16Array.from(rows, (r) => segments.indexOf(r.segment ?? 'Premium')),
    segments,
    clvEstimated: false,
    reductions: new Map(),
  };
}

const LOOSE: Policy = {
  ...DEFAULT_POLICY,
  budget: 10,
  email_cap: 10,
  push_cap: 10,
  min_high_risk: 0,
  min_premium: 0,
  min_segment_coverage: 0,
  max_action_share: 1,
};

/** An email that sets up a discount: given within 3 weeks after the email, the discount removes 60% instead of 20%. */
const SEQUENCE_CATALOG: Action[] = [
  { id: 0, name: 'No Action', channel: 'none', cost: 0, uplift: 0 },
  { id: 1, name: 'Email', channel: 'email', cost: 1, uplift: 0.1 },
  {
    id: 2,
    name: 'Discount',
    channel: 'email',
    cost: 1,
    uplift: 0.2,
    follow_up: { after: [1], within_weeks: 3, uplift: 0.6 },
  },
];

describe('planning several weeks ahead', () => {
  it('wins where the cooldown binds: the email now sets up the discount two weeks later', async () => {
    // Prepare: one customer worth w = p·v = 100; a cooldown of 2 weeks leaves weeks 1 and 3.
    const predictions = predictionsOf([{ p: 0.5, v: 200 }]);
    const policy: Policy = { ...LOOSE, weeks: 3, cooldown_weeks: 2 };

    // Act
    const outcome = await planWeek({ predictions, catalog: SEQUENCE_CATALOG, policy });

    // Assess: week by week sends the discount twice (100·(1 − 0.8²) − 2 = 34); ahead, email then
    // discount (100·(1 − 0.9·0.4) − 2 = 62).
    expect(outcome.status).toBe('optimal');
    expectValidHorizon(outcome);
    const horizon = outcome.horizon!;
    expect(weekAssignments(outcome).map((week) => week.get(0) ?? 0)).toEqual([1, 0, 2]);
    expectClose(horizon.objective, 62, { absolute: 1e-9 }, 'planned ahead');
    expectClose(horizon.myopic_objective ?? Number.NaN, 34, { absolute: 1e-9 }, 'week by week');
    expectClose(horizon.value_of_planning_ahead ?? Number.NaN, 28, { absolute: 1e-9 }, 'value of planning ahead');
    expect(horizon.weeks[2].uplift[0]).toBeCloseTo(0.6, 12);
  });

  it.each(Array.from({ length: 8 }, (_, s) => 3100 + s))(
    'seed %i: never loses to planning week by week, and every rule holds in every week',
    async (seed) => {
      // Prepare: 12 customers over 3 weeks
      const instance = randomHorizonInstance(seed, 12, 4, 1);
      const policy = { ...instance.policy, weeks: 3 };

      // Act
      const outcome = await planWeek({ ...instance, policy, history: instance.history });

      // Assess
      if (outcome.status === 'infeasible') return;
      expect(outcome.status).toBe('optimal');
      expectValidHorizon(outcome, instance.raw);
      const horizon = outcome.horizon!;
      if (horizon.myopic_objective === null) return;
      expect(horizon.value_of_planning_ahead).toBeGreaterThanOrEqual(0);
      expect(horizon.objective).toBeGreaterThanOrEqual(horizon.myopic_objective - 1e-9);
    },
  );

  it.each(Array.from({ length: 12 }, (_, s) => 3300 + s))(
    'seed %i: one week of the horizon model is the weekly model (same optimum as planWeek)',
    async (seed) => {
      // Prepare: weekly instances whose uplift-model reductions stay within p, with history when sequence rules apply
      const instance = randomHorizonInstance(seed, 6, 4, 1);
      const policy = { ...instance.policy, weeks: 1 };
      const { p, reductions } = instance.predictions;
      const sequenced = instance.catalog.some((a) => a.requires_prior || a.excludes_prior);
      if ([...reductions.values()].some((r) => r.some((x, i) => x > p[i])) || (sequenced && !instance.history)) return;
      const model = buildHorizonModel(instance.predictions, instance.catalog, policy, instance.history);

      // Act
      const weekly = await planWeek({ ...instance, policy, history: instance.history });
      const horizon = await solveHorizon(await getHighs(), model, { timeLimitSeconds: 20 });

      // Assess
      expect(weekly.horizon).toBeUndefined();
      expect(horizon.status).toBe(weekly.status === 'infeasible' ? 'infeasible' : 'optimal');
      if (weekly.status !== 'infeasible') expectClose(horizon.objective, weekly.solver.objective, { relative: 1e-6 });
    },
  );

  it.each([
    [5034, 'HiGHS stopped on the objective target with a point that broke the rows, and no plan was found'],
    [5122, 'the first plan came from the exact count MIP, and the search stopped with its gap of 29%'],
  ])('seed %i: proves the optimum on 12 customers without a start plan (regression: %s)', async (seed) => {
    // Prepare: no myopic start, so the search near the LP and the exact count MIP find the plan alone
    const instance = randomHorizonInstance(seed, 12, 4, 3);
    const model = buildHorizonModel(instance.predictions, instance.catalog, instance.policy, instance.history);

    // Act
    const solved = await solveHorizon(await getHighs(), model, { timeLimitSeconds: 20 });

    // Assess
    expect(solved.status).toBe('optimal');
    const weeks = Array.from({ length: model.weeks }, (_, t) => {
      const assigned = new Map<number, number>();
      for (let i = 0; i < model.n; i++) {
        const k = solved.choices![t * model.n + i];
        if (k >= 0) assigned.set(i, model.actions[k].id);
      }
      return assigned;
    });
    const checked = checkHorizon({ ...instance, weeks, history: instance.raw });
    expect(checked.violations).toEqual([]);
    expectClose(checked.objective, solved.objective, { relative: 1e-9 }, 'objective the checker recomputes');
  });

  it('has a checker that catches a contact inside the cooldown', async () => {
    // Prepare: a valid plan, then the same customer contacted again the week after
    const predictions = predictionsOf([{ p: 0.5, v: 200 }]);
    const policy: Policy = { ...LOOSE, weeks: 3, cooldown_weeks: 2 };
    const outcome = await planWeek({ predictions, catalog: SEQUENCE_CATALOG, policy });
    const weeks = weekAssignments(outcome).map((week) => new Map(week));
    weeks[1].set(0, 1);

    // Act
    const checked = checkHorizon({ predictions, catalog: SEQUENCE_CATALOG, policy, weeks });

    // Assess
    expect(checked.violations.some((v) => v.startsWith('week 2: C1: contacted within 2 weeks'))).toBe(true);
  });
});
