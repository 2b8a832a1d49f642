import { describe, expect, it } from 'vitest';
import { generateManySegments, generatePredictions, scaledPolicy } from '../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { PlannerError } from '../../../src/domain/errors.ts';
import {
  checkDecompositionSize,
  countEligiblePairs,
  estimateDecompositionBytes,
  MAX_DECOMPOSITION_TABLE_BYTES,
  MAX_MIP_PAIRS,
  MAX_SEGMENTS,
} from '../../../src/solver/model-limits.ts';
import type { Action } from '../../../src/domain/catalog.ts';
import { buildProblem } from '../../../src/solver/problem.ts';
import { solveProblem } from '../../../src/solver/solve.ts';

const catalog = [...DEFAULT_CATALOG];

function refusal(run: () => unknown): PlannerError {
  try {
    run();
  } catch (error) {
    if (error instanceof PlannerError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the number of segments (issue 21: 5,000 segments took 4 GB in 40 s, 10,000 were killed at 22.8 GB)', () => {
  it(`refuses more than ${MAX_SEGMENTS} segments before building anything, asking whether the column is right`, () => {
    // Prepare: 600 customers in 300 segments
    const predictions = generateManySegments(600, 300);

    // Act
    const error = refusal(() => buildProblem(predictions, catalog, scaledPolicy(600)));

    // Assess
    expect(error.code).toBe('BAD_INPUT');
    expect(error.location).toMatchObject({ file: predictions.source, column: 'subscription_type' });
    expect(error.message).toContain('300 different segments ("City 1", "City 2", "City 3", …)');
    expect(error.message).toContain(`at most ${MAX_SEGMENTS}`);
    expect(error.message).toContain('Is subscription_type the right column?');
  });

  it(`builds the model for exactly ${MAX_SEGMENTS} segments`, () => {
    const predictions = generateManySegments(2 * MAX_SEGMENTS, MAX_SEGMENTS);

    const problem = buildProblem(predictions, catalog, scaledPolicy(2 * MAX_SEGMENTS));

    expect(problem.rows.filter((row) => row.rule === 'min_segment_coverage')).toHaveLength(MAX_SEGMENTS);
  });

  it('quotes a segment name cut short, not whole', () => {
    const predictions = { ...generateManySegments(600, 300), segments: ['x'.repeat(10_000), ...Array(300).fill('y')] };

    const error = refusal(() => buildProblem(predictions, catalog, scaledPolicy(600)));

    expect(error.message).toContain('"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" (10,000 characters)');
    expect(error.message.length).toBeLessThan(800);
  });
});

describe('the whole-model MIP (issue 21: --method mip on 300,000 customers gave no answer in 5 minutes)', () => {
  const noRuntime = () => Promise.reject(new Error('HiGHS must not be loaded for a refused model'));

  it(`refuses more than ${MAX_MIP_PAIRS.toLocaleString('en-US')} customer-action pairs, naming the size and the method to use`, async () => {
    // Prepare
    const problem = buildProblem(generatePredictions(3_000, 5), catalog, scaledPolicy(3_000));
    const pairs = countEligiblePairs(problem);

    // Act
    const solving = solveProblem(problem, { method: 'mip', timeLimitSeconds: 60 }, noRuntime);

    // Assess
    expect(pairs).toBeGreaterThan(MAX_MIP_PAIRS);
    await expect(solving).rejects.toMatchObject({ code: 'TOO_LARGE' });
    await expect(solving).rejects.toThrow(
      new RegExp(`${pairs.toLocaleString('en-US')} customer-action pairs \\(3,000 customers\\).*--method auto`),
    );
  });

  it('still solves a model within the limit whole', async () => {
    const problem = buildProblem(generatePredictions(40, 5), catalog, scaledPolicy(40));

    const solved = await solveProblem(problem, { method: 'mip', timeLimitSeconds: 60 });

    expect(countEligiblePairs(problem)).toBeLessThanOrEqual(MAX_MIP_PAIRS);
    expect(solved.status).toBe('optimal');
  });

  it('leaves auto free to solve the same large model', async () => {
    const problem = buildProblem(generatePredictions(3_000, 5), catalog, scaledPolicy(3_000));

    const solved = await solveProblem(problem, { timeLimitSeconds: 60 });

    expect(solved.status).toBe('optimal');
  });
});

describe('the decomposition tables (issue 21: 200 segments with a 64-action catalog took 3.8 GB and 138 s of a 5 s limit)', () => {
  const channels = ['email', 'push', 'in_app', 'sms'] as const;
  const wide: Action[] = Array.from({ length: 64 }, (_, k) => ({
    id: k + 1,
    name: `Action ${k + 1}`,
    channel: channels[k % 4],
    cost: 1 + (k % 9),
    uplift: 0.02 + 0.003 * k,
  }));

  it(`lets the largest catalog through with ${MAX_SEGMENTS} segments: the tables grow with the segments, not their square`, () => {
    // Prepare
    const half = buildProblem(generateManySegments(2_000, MAX_SEGMENTS / 2), wide, scaledPolicy(2_000));
    const full = buildProblem(generateManySegments(2_000, MAX_SEGMENTS), wide, scaledPolicy(2_000));

    // Act
    const halfBytes = estimateDecompositionBytes(half);
    const fullBytes = estimateDecompositionBytes(full);

    // Assess
    expect(fullBytes).toBeLessThan(MAX_DECOMPOSITION_TABLE_BYTES / 2);
    expect(fullBytes / halfBytes).toBeLessThan(3);
  });

  it('refuses tables past the bound before solving, naming the segments, the actions and what to change', () => {
    // Prepare: rows as a week of 1,000 segments would have them (more than a week may have)
    const rows = Array.from({ length: 1_000 }, (_, s) => ({
      name: `min_segment_coverage:S${s}`,
      label: `S${s}`,
      rule: 'min_segment_coverage' as const,
      sense: '>=' as const,
      limit: 1,
      actionCoef: new Float64Array(64).fill(1),
      members: null,
    }));

    // Act
    const error = refusal(() => checkDecompositionSize({ n: 100_000, K: 64, rows }));

    // Assess
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toMatch(
      /1000 segments with 64 actions would need about [\d,]+ MiB of solver tables; the planner allows 512 MiB\. Plan with fewer segments/,
    );
  });
});
