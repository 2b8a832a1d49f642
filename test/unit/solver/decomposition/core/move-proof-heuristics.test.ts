import { describe, expect, it, vi } from 'vitest';
import { computeMarginalValues } from '../../../../../src/analytics/marginal-values.ts';
import { solveMoveMip } from '../../../../../src/solver/decomposition/core/move-mip.ts';
import { planWeek } from '../../../../../src/solver/plan-week.ts';
import { drawWildWeek } from '../../../../../bench/wild-weeks.ts';

vi.mock('../../../../../src/solver/decomposition/core/move-mip.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../../../src/solver/decomposition/core/move-mip.ts')>();
  return { ...original, solveMoveMip: vi.fn(original.solveMoveMip) };
});

describe('the proof by moves on lists of hundreds of kinds and many floors', () => {
  it("runs HiGHS's MIP once, with its primal heuristics, where without them its tree finds no better plan", async () => {
    // Prepare: a week of 30 segments, each with a coverage floor; the check of relaxing one floor
    // ends in the proof by moves over about 200 kinds and 50 rows
    const week = drawWildWeek(88, 20_000);
    const outcome = await planWeek({ ...week, timeLimitSeconds: 60 });
    expect(outcome.status).toBe('optimal');
    vi.mocked(solveMoveMip).mockClear();

    // Act
    const report = await computeMarginalValues(outcome, { rules: ['min_segment_coverage:S5'], timeLimitSeconds: 60 });

    // Assess: the value is checked; one MIP run on those lists, the first, with heuristics
    expect(report.values.map((value) => value.source)).not.toContain('lp_unchecked');
    const runs = vi.mocked(solveMoveMip).mock.calls.filter((call) => call[3].count >= 100);
    expect(runs.map((call) => call[4].heuristics)).toEqual([true]);
  });
});
