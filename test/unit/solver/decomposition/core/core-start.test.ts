import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Highs } from 'highs';
import { generatePredictions, scaledPolicy } from '../../../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../../../src/domain/catalog.ts';
import { solveCoreExactly } from '../../../../../src/solver/decomposition/core/core.ts';
import { solveCoreMip } from '../../../../../src/solver/decomposition/core/core-mip.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { solveMip } from '../../../../../src/solver/mip.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { expectClose } from '../../../../support/expect-close.ts';

vi.mock('../../../../../src/solver/decomposition/core/core-mip.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../../../src/solver/decomposition/core/core-mip.ts')>();
  return { ...original, solveCoreMip: vi.fn(original.solveCoreMip) };
});

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

describe("the core's exact solve", () => {
  it("hands HiGHS's MIP no start once the count search stops, and still keeps the better plan and proves it (regression: a poor start left HiGHS's bound at the LP's)", () => {
    // Prepare: a week whose root node leaves a gap, a start far below the optimum (nobody treated)
    const problem = buildProblem(generatePredictions(250, 9), DEFAULT_CATALOG, scaledPolicy(250));
    const relax = buildRelaxation(problem);
    const everyone = Int32Array.from({ length: problem.n }, (_, i) => i);
    const optimum = solveMip(highs, problem, { timeLimitSeconds: 30 });
    const start = new Int16Array(problem.n).fill(-1);
    vi.mocked(solveCoreMip).mockClear();

    // Act
    const solved = solveCoreExactly(highs, relax, everyone, {
      limits: relax.limit,
      timeLimitSeconds: 30,
      absoluteGap: 1e-6,
      maxNodes: 1,
      start,
    });

    // Assess
    expect(vi.mocked(solveCoreMip)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(solveCoreMip).mock.calls[0][3]).not.toHaveProperty('start');
    expect(solved.status).toBe('optimal');
    expectClose(solved.objective, optimum.objective, { relative: 1e-6 }, 'objective against the whole-model MIP');
  });
});
