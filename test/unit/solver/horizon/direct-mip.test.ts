import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../../../../src/domain/policy.ts';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { listCustomerOptions, optionCount } from '../../../../src/solver/horizon/customer-candidates.ts';
import { buildDirectMip } from '../../../../src/solver/horizon/direct-mip.ts';
import { buildHorizonModel } from '../../../../src/solver/horizon/index.ts';
import { runMip } from '../../../../src/solver/horizon/mip-model.ts';
import { priceTypes } from '../../../../src/solver/horizon/pricing.ts';
import { generatePredictions } from '../../../../bench/generate-instance.ts';

describe('the direct MIP of a week with many sequences per customer', () => {
  it('reads the rows through one column per customer, week and choice, and keeps the plans of its options', async () => {
    // Prepare: ten customers over six weeks, dozens of sequences each within the slack
    const model = buildHorizonModel(generatePredictions(10, 3), [...DEFAULT_CATALOG], { ...DEFAULT_POLICY, weeks: 6 });
    const pricing = priceTypes(model, new Float64Array(model.relax.R));
    const listed = listCustomerOptions(model, pricing, 5, 100_000)!;
    const options = optionCount(listed);

    // Act
    const data = buildDirectMip(model, listed, Infinity, -Infinity);
    const run = runMip(await getHighs(), data, { integer: true, absoluteGap: 1e-6, seconds: 60 });

    // Assess: week columns after the options, each the sum of the options that make its choice
    expect(data.numCols).toBeGreaterThan(options);
    expect(run.status).toBe('optimal');
    const x = run.x!;
    let first = 0;
    for (const { options: own } of listed) {
      expect(own.reduce((sum, _, o) => sum + x[first + o], 0)).toBeCloseTo(1, 9);
      first += own.length;
    }
    const defining = data.rows.filter((_, j) => data.rowLower[j] === 0 && data.rowUpper[j] === 0);
    expect(defining.length).toBe(data.numCols - options);
    for (const row of defining)
      expect(row.indices.reduce((sum, col, j) => sum + row.values[j] * x[col], 0)).toBeCloseTo(0, 9);
  });
});
