import { describe, expect, it } from 'vitest';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { buildHorizonModel, solveHorizon } from '../../../../src/solver/horizon/index.ts';
import { planWeek } from '../../../../src/solver/plan-week.ts';
import { expectValidHorizon } from '../../../support/assert-horizon.ts';
import { bruteForceHorizon, checkHorizon } from '../../../support/check-horizon.ts';
import { expectClose } from '../../../support/expect-close.ts';
import { randomHorizonInstance } from '../../../support/horizon-instance.ts';

describe('the horizon solver against brute force on tiny instances', () => {
  const seeds = Array.from({ length: 40 }, (_, s) => 2000 + s);

  it.each(seeds)('seed %i: the same optimum as enumerating every sequence of every customer', async (seed) => {
    // Prepare: up to 3 customers, 3 weeks and 3 actions, with follow-ups, cooldowns, caps and history
    const instance = randomHorizonInstance(seed, 1 + (seed % 3), 3, 3);
    const expected = bruteForceHorizon({ ...instance, history: instance.raw });
    const model = buildHorizonModel(instance.predictions, instance.catalog, instance.policy, instance.history);

    // Act
    const solved = await solveHorizon(await getHighs(), model, { timeLimitSeconds: 20 });

    // Assess
    if (expected === undefined) {
      expect(solved.status).toBe('infeasible');
      return;
    }
    expect(solved.status).toBe('optimal');
    expectClose(solved.objective, expected, { relative: 1e-6 }, `seed ${seed} optimum`);
    const { n } = model;
    const weeks = Array.from({ length: instance.policy.weeks }, (_, t) => {
      const assigned = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const k = solved.choices![t * n + i];
        if (k >= 0) assigned.set(i, model.actions[k].id);
      }
      return assigned;
    });
    expect(checkHorizon({ ...instance, weeks, history: instance.raw }).violations).toEqual([]);
  });

  it.each(seeds.filter((seed) => seed % 4 === 0))(
    'seed %i: planWeek over several weeks keeps every rule and never loses to planning week by week',
    async (seed) => {
      // Prepare
      const instance = randomHorizonInstance(seed, 3, 3, 3);
      const policy = { ...instance.policy, weeks: 2 + (seed % 2) };
      const expected = bruteForceHorizon({ ...instance, policy, history: instance.raw });

      // Act
      const outcome = await planWeek({ ...instance, policy, history: instance.history });

      // Assess
      if (expected === undefined) {
        expect(outcome.status).toBe('infeasible');
        return;
      }
      expectValidHorizon(outcome, instance.raw);
      expectClose(outcome.horizon!.objective, expected, { relative: 1e-6 }, 'optimum');
      const ahead = outcome.horizon!.value_of_planning_ahead;
      if (ahead !== null) expect(ahead).toBeGreaterThanOrEqual(0);
    },
  );

  it.each([3103, 3105, 3106, 3108, 3110, 3111])(
    'seed %i: six customers over three weeks, by the direct MIP and by the count MIP, have the enumerated optimum',
    async (seed) => {
      // Prepare: 6 customers, 3 weeks, up to 2 actions, budgets, caps and contact rules (floors off, so
      // that most instances have plans), every combination of their sequences enumerated
      const instance = randomHorizonInstance(seed, 6, 2, 3);
      const policy = { ...instance.policy, weeks: 3, min_high_risk: 0, min_premium: 0, min_segment_coverage: 0 };
      const expected = bruteForceHorizon({ ...instance, policy, history: instance.raw });
      const model = buildHorizonModel(instance.predictions, instance.catalog, policy, instance.history);
      const highs = await getHighs();

      // Act
      const direct = await solveHorizon(highs, model, { timeLimitSeconds: 20, search: 'direct' });
      const counts = await solveHorizon(highs, model, { timeLimitSeconds: 20, search: 'counts' });

      // Assess
      for (const solved of [direct, counts]) {
        if (expected === undefined) {
          expect(solved.status).toBe('infeasible');
          continue;
        }
        expect(solved.status).toBe('optimal');
        expectClose(solved.objective, expected, { relative: 1e-6 }, `seed ${seed} optimum`);
        const weeks = Array.from({ length: policy.weeks }, (_, t) => {
          const assigned = new Map<number, number>();
          for (let i = 0; i < model.n; i++) {
            const k = solved.choices![t * model.n + i];
            if (k >= 0) assigned.set(i, model.actions[k].id);
          }
          return assigned;
        });
        expect(checkHorizon({ ...instance, policy, weeks, history: instance.raw }).violations).toEqual([]);
      }
    },
  );
});
