import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Highs } from 'highs';
import { solveMoveMip } from '../../../../../src/solver/decomposition/core/move-mip.ts';
import { proveByMoves } from '../../../../../src/solver/decomposition/core/move-proof.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { DecompositionRun } from '../../../../../src/solver/decomposition/run.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { weekOf } from '../../../../support/email-push-week.ts';
import { expectClose } from '../../../../support/expect-close.ts';

vi.mock('../../../../../src/solver/decomposition/core/move-mip.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../../../src/solver/decomposition/core/move-mip.ts')>();
  return { ...original, solveMoveMip: vi.fn(original.solveMoveMip) };
});

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/**
 * Four customers worth 10, 9, 6 and 3.2 by email, $5 for $2 emails, and push capped at 0: at $2 a
 * dollar of budget the best choices email the first three (L = 23); the plan emails only the first.
 */
function emailOnlyFirst() {
  const relax = buildRelaxation(
    weekOf(
      [
        [10, 0],
        [9, 0],
        [6, 0],
        [3.2, 0],
      ],
      5,
      0,
    ),
  );
  const ranking = rankChoices(relax, Float64Array.of(2, 100));
  const upper = ranking.objective - 2 * ranking.usage[0] + 2 * 5;
  const run = new DecompositionRun(
    relax,
    () => performance.now(),
    performance.now(),
    30,
    () => {},
  );
  run.offerChoice(Int16Array.of(0, -1, -1, -1));
  vi.mocked(solveMoveMip).mockClear();
  return { ranking, upper, run };
}

describe('the proof by moves', () => {
  it('keeps its first MIP within a quarter of the gap even when the best plan makes a larger move', () => {
    // Prepare
    const { ranking, upper, run } = emailOnlyFirst();
    expect(run.incumbent?.objective).toBe(10);

    // Act
    const bound = proveByMoves(highs, run, ranking, upper);

    // Assess: the plan's own move loses 5, past a quarter of 23 − 10; emailing the first two is best
    expectClose(upper, 23, { absolute: 1e-9 }, 'the Lagrangian bound');
    const firstLists = vi.mocked(solveMoveMip).mock.calls[0][3];
    expect(Math.max(...firstLists.loss)).toBeLessThanOrEqual(0.25 * 13);
    expect(run.incumbent?.objective).toBe(19);
    expectClose(bound ?? NaN, 19, { absolute: 1e-6 }, 'the proven bound');
  });

  it('tries nothing and says so when its first lists would pass the most moves it may list', () => {
    // Prepare: its first lists (within 3.25) hold two moves, the third customer off email and the fourth onto it
    const { ranking, upper, run } = emailOnlyFirst();

    // Act
    const capped = proveByMoves(highs, run, ranking, upper, { maxMoves: 1 });
    const callsCapped = vi.mocked(solveMoveMip).mock.calls.length;
    const uncapped = proveByMoves(highs, run, ranking, upper, { maxMoves: 2 });

    // Assess
    expect(capped).toBeUndefined();
    expect(callsCapped).toBe(0);
    expectClose(uncapped ?? NaN, 19, { absolute: 1e-6 }, 'the proven bound');
  });
});
