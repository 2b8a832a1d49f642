import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { minimizeHorizonDual } from '../../../../src/solver/horizon/bound.ts';
import { createHorizonWork } from '../../../../src/solver/horizon/evaluate.ts';
import { listCandidates } from '../../../../src/solver/horizon/candidates.ts';
import { solveCountCore } from '../../../../src/solver/horizon/count-core.ts';
import { buildHorizonModel, solveHorizon } from '../../../../src/solver/horizon/index.ts';
import { priceTypes } from '../../../../src/solver/horizon/pricing.ts';
import { planWeek } from '../../../../src/solver/plan-week.ts';
import { generatePredictions, scaledPolicy } from '../../../../bench/generate-instance.ts';
import { expectClose } from '../../../support/expect-close.ts';

describe('the count MIP of the horizon', () => {
  it.each([11, 12])(
    'seed %i: one week of 400 customers has the weekly planner’s optimum (types of many customers)',
    async (seed) => {
      // Prepare: the generated family with the default catalog, one week
      const predictions = generatePredictions(400, seed);
      const policy = { ...scaledPolicy(400), weeks: 1 };
      const model = buildHorizonModel(predictions, [...DEFAULT_CATALOG], policy);

      // Act
      const weekly = await planWeek({ predictions, catalog: [...DEFAULT_CATALOG], policy });
      const horizon = await solveHorizon(await getHighs(), model, { timeLimitSeconds: 30, search: 'counts' });

      // Assess
      expect(weekly.status).toBe('optimal');
      expect(horizon.status).toBe('optimal');
      expectClose(horizon.objective, weekly.solver.objective, { relative: 1e-6 }, 'optimum of one week');
    },
  );

  it('finds the same optimum whatever the windows it starts from (they widen until they hold the counts)', async () => {
    // Prepare: two weeks of 200 customers, the sequences within $0.20 of the bound
    const highs = await getHighs();
    const model = buildHorizonModel(generatePredictions(200, 11), [...DEFAULT_CATALOG], {
      ...scaledPolicy(200),
      weeks: 2,
    });
    const dual = await minimizeHorizonDual(highs, model, createHorizonWork(model), {
      deadline: performance.now() + 20_000,
      now: () => performance.now(),
      worstPlan: -1e9,
    });
    const candidates = listCandidates(model, priceTypes(model, dual.best.lambda), 0.2, 4096);

    // Act: windows of no width (every level's count outside them at first), the default, and whole ranges
    const solved = [0, undefined, 1e6].map((window) =>
      solveCountCore(highs, model, candidates, {
        timeLimitSeconds: 20,
        absoluteGap: 1e-3,
        ...(window === undefined ? {} : { window }),
      }),
    );

    // Assess
    for (const result of solved) {
      expect(result.status).toBe('optimal');
      expectClose(result.objective, solved[2].objective, { absolute: 2e-3 }, 'optimum over the candidates');
      expect(result.bound).toBeGreaterThanOrEqual(result.objective);
    }
  });

  it('leaves out a start whose counts break the columns’ bounds (regression: HiGHS threw "setSparseSolution failed")', async () => {
    // Prepare: sequences near the bound, and a start that puts every customer of each type on
    // the option fewest of them may take
    const model = buildHorizonModel(generatePredictions(200, 3), [...DEFAULT_CATALOG], {
      ...scaledPolicy(200),
      weeks: 3,
    });
    const candidates = listCandidates(model, priceTypes(model, new Float64Array(model.relax.R)), 1e-3, 4096);
    const start = candidates.types.map((options) => {
      const counts = new Int32Array(options.options.length);
      const fewest = options.most.indexOf(Math.min(...options.most));
      counts[fewest] = model.types[options.type].customers.length;
      return counts;
    });
    const size = (j: number) => model.types[candidates.types[j].type].customers.length;
    expect(start.some((counts, j) => counts.some((m, o) => m > candidates.types[j].most[o] && m === size(j)))).toBe(
      true,
    );

    // Act
    const solved = solveCountCore(await getHighs(), model, candidates, {
      timeLimitSeconds: 10,
      absoluteGap: 1e-9,
      start,
    });

    // Assess: the MIP ran (to its optimum or a proof that nothing over these sequences keeps the rows)
    expect(['optimal', 'infeasible']).toContain(solved.status);
  });
});
