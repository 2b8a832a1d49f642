import { describe, expect, it } from 'vitest';
import { generatePredictions, scaledPolicy } from '../../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { buildProblem } from '../../../../src/solver/problem.ts';
import { DECOMPOSITION_MIN_PAIRS, solveProblem } from '../../../../src/solver/solve.ts';
import { tightInstance } from './tight-instance.ts';

describe('solveProblem choosing the decomposition', () => {
  it('routes problems from DECOMPOSITION_MIN_PAIRS customer-action pairs up to it, and smaller ones to the count search', async () => {
    // Prepare
    const customers = Math.ceil(DECOMPOSITION_MIN_PAIRS / 7);
    const largeProblem = buildProblem(generatePredictions(customers, 3), DEFAULT_CATALOG, scaledPolicy(customers));
    const small = tightInstance(9001, 40, 3);
    const smallProblem = buildProblem(small.predictions, small.catalog, small.policy);

    // Act
    const [largeOutcome, smallOutcome] = [await solveProblem(largeProblem), await solveProblem(smallProblem)];

    // Assess
    expect(largeProblem.n * largeProblem.K).toBeGreaterThanOrEqual(DECOMPOSITION_MIN_PAIRS);
    expect(largeOutcome.method).toBe('lagrangian-core');
    expect(smallOutcome.method).toBe('count-search');
  });
});
