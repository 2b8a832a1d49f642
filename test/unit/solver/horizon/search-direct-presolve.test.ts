import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../../../../src/domain/policy.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { buildHorizonModel, solveHorizon } from '../../../../src/solver/horizon/index.ts';
import { searchDirect } from '../../../../src/solver/horizon/search-direct.ts';
import { generatePredictions } from '../../../../bench/generate-instance.ts';
import { expectClose } from '../../../support/expect-close.ts';
import { priceAtBestMultipliers } from '../../../support/horizon-pricing.ts';
import { watchOption } from '../../../support/watch-highs-option.ts';

describe("the direct search's MIPs", () => {
  it("presolve the first round without probing (on the direct MIP's binaries it costs more than it settles) and find the optimum", async () => {
    // Prepare: 40 customers over 3 weeks, the policy as the CLI applies it; HiGHS that reports each run's presolve rules
    const model = buildHorizonModel(generatePredictions(40, 3), [...DEFAULT_CATALOG], { ...DEFAULT_POLICY, weeks: 3 });
    const base = await getHighs();
    const counts = await solveHorizon(base, model, { timeLimitSeconds: 60, search: 'counts' });
    const pricing = await priceAtBestMultipliers(base, model);
    const { highs, seen } = watchOption(base, 'presolve_rule_off');

    // Act
    const searched = searchDirect(highs, model, pricing, { worstPlan: -1e9, remaining: () => 60, force: true });

    // Assess
    expect(seen[0]).toBe(2 ** 15);
    expect(counts.status).toBe('optimal');
    expectClose(
      searched?.plan?.objective ?? -Infinity,
      counts.objective,
      { relative: 1e-6 },
      'optimum of the direct search',
    );
  });
});
