import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { generatePredictions, scaledPolicy } from '../../../../bench/generate-instance.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { buildHorizonModel, solveHorizon } from '../../../../src/solver/horizon/index.ts';
import { checkHorizon } from '../../../support/check-horizon.ts';

describe('the horizon search started from nothing', () => {
  // The weekly solver's first run in a process loads HiGHS: warm it as a process that has planned before.
  beforeAll(async () => {
    const predictions = generatePredictions(40, 1);
    await solveHorizon(
      await getHighs(),
      buildHorizonModel(predictions, [...DEFAULT_CATALOG], { ...scaledPolicy(40), weeks: 2 }),
    );
  });

  it.each([
    { customers: 40, weeks: 4, seed: 3 },
    { customers: 60, weeks: 3, seed: 11 },
  ])(
    '$customers customers × $weeks weeks, seed $seed: out of time before any MIP, it still answers with a plan that keeps every rule',
    async ({ customers, weeks, seed }) => {
      // Prepare: a tight policy, and a clock that stands still through the dual and then jumps past the deadline
      const predictions = generatePredictions(customers, seed);
      const policy = { ...scaledPolicy(customers), weeks };
      const model = buildHorizonModel(predictions, [...DEFAULT_CATALOG], policy);
      let clock = 0;
      const jumpPastDeadline = (phase: string) => {
        if (phase === 'core') clock = 1e9;
      };

      // Act: the bug was an `error` outcome with no plan where the myopic plan keeps every rule
      const solved = await solveHorizon(await getHighs(), model, {
        timeLimitSeconds: 10,
        now: () => clock,
        onProgress: ({ phase }) => jumpPastDeadline(phase),
      });

      // Assess: a plan, checked by the independent checker, worth what the solver says, within its bound
      expect(['feasible', 'optimal']).toContain(solved.status);
      const { n } = model;
      const plan = Array.from({ length: weeks }, (_, t) => {
        const assigned = new Map<number, number>();
        for (let i = 0; i < n; i++) {
          const k = solved.choices![t * n + i];
          if (k >= 0) assigned.set(i, model.actions[k].id);
        }
        return assigned;
      });
      const checked = checkHorizon({ predictions, catalog: DEFAULT_CATALOG, policy, weeks: plan });
      expect(checked.violations).toEqual([]);
      expect(checked.objective).toBeCloseTo(solved.objective, 6);
      expect(solved.bound).toBeGreaterThanOrEqual(solved.objective);
    },
  );
});
