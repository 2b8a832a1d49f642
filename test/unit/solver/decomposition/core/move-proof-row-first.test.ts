import { describe, expect, it, vi } from 'vitest';
import { solveMoveMip } from '../../../../../src/solver/decomposition/core/move-mip.ts';
import { boundKeepingOneRow } from '../../../../../src/solver/decomposition/core/one-row-bound.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { solveProblem } from '../../../../../src/solver/solve.ts';
import { drawWildWeek } from '../../../../../bench/wild-weeks.ts';
import { expectChecked } from '../../../../support/expect-checked.ts';

vi.mock('../../../../../src/solver/decomposition/core/move-mip.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../../../src/solver/decomposition/core/move-mip.ts')>();
  return { ...original, solveMoveMip: vi.fn(original.solveMoveMip) };
});
vi.mock('../../../../../src/solver/decomposition/core/one-row-bound.ts', async (importOriginal) => {
  const original =
    await importOriginal<typeof import('../../../../../src/solver/decomposition/core/one-row-bound.ts')>();
  return { ...original, boundKeepingOneRow: vi.fn(original.boundKeepingOneRow) };
});

describe('the proof by moves on lists of hundreds of kinds', () => {
  it("proves a best plan that is already optimal by its first row kept alone, without HiGHS's MIP over every kind", async () => {
    // Prepare: a week of 60 segments and 8 actions where only the budget binds; the repair's plan
    // is optimal and the moves' second lists hold hundreds of kinds
    const week = drawWildWeek(199, 5_000);
    const problem = buildProblem(week.predictions, week.catalog, week.policy);

    // Act
    const outcome = await solveProblem(problem, { timeLimitSeconds: 60 });

    // Assess: proven; the row's bound was asked on lists of 100 kinds or more, where no MIP ran
    expect(outcome.status).toBe('optimal');
    expectChecked(week, problem, outcome.choice ?? new Int16Array(0), outcome.objective);
    const asked = vi.mocked(boundKeepingOneRow).mock.calls.map((call) => call[3].count);
    expect(Math.max(...asked)).toBeGreaterThanOrEqual(100);
    const kinds = vi.mocked(solveMoveMip).mock.calls.map((call) => call[3].count);
    expect(kinds.filter((count) => count >= 100)).toEqual([]);
  });
});
