import { describe, expect, it } from 'vitest';
import { generatePredictions, scaledPolicy } from '../../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { buildProblem } from '../../../../src/solver/problem.ts';
import { solveProblem } from '../../../../src/solver/solve.ts';
import { tightInstance } from './tight-instance.ts';
import { drawWildWeek } from '../../../../bench/wild-weeks.ts';

describe('solveProblem choosing the decomposition', () => {
  it('routes every problem to the decomposition unless the count search is asked for', async () => {
    // Prepare: a week of the bench's family and a tight week of 40 customers
    const customers = 600;
    const largeProblem = buildProblem(generatePredictions(customers, 3), DEFAULT_CATALOG, scaledPolicy(customers));
    const small = tightInstance(9001, 40, 3);
    const smallProblem = buildProblem(small.predictions, small.catalog, small.policy);

    // Act
    const [large, smallAuto, smallCounts] = [
      await solveProblem(largeProblem),
      await solveProblem(smallProblem),
      await solveProblem(smallProblem, { method: 'counts' }),
    ];

    // Assess
    expect(large.method).toBe('lagrangian-core');
    expect(smallAuto.method).toBe('lagrangian-core');
    expect(smallCounts.method).toBe('count-search');
    expect(smallAuto.status).toBe('optimal');
    expect(smallCounts.status).toBe('optimal');
    expect(Math.abs(smallAuto.objective - smallCounts.objective)).toBeLessThanOrEqual(
      1e-6 * Math.abs(smallCounts.objective),
    );
  });

  it('proves a hard week of 250 customers that the count search over the whole problem leaves open', async () => {
    // Prepare: a random week (seed 254: 15 actions, eight segment floors, no two customers alike)
    const week = drawWildWeek(254, 250);
    const problem = buildProblem(week.predictions, week.catalog, week.policy);

    // Act
    const outcome = await solveProblem(problem, { timeLimitSeconds: 20 });

    // Assess: the count search stopped at 20 s with a gap of 3.6e-4 on this week
    expect(problem.n * problem.K).toBeLessThan(4_000);
    expect(outcome.status).toBe('optimal');
    expect(outcome.gap).toBeLessThanOrEqual(1e-6);
  });
});
