import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { solveDecomposition } from '../../../../../src/solver/decomposition/index.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { solveMip } from '../../../../../src/solver/mip.ts';
import { weekOf } from '../../../../support/email-push-week.ts';
import { expectClose } from '../../../../support/expect-close.ts';
import { rng } from '../../../../support/random-instance.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/** 35 random customers whose moves' proof betters the plan but leaves the gap open (its MIP counts a customer in two kinds). */
const problem = (() => {
  const random = rng(213);
  const n = 20 + Math.floor(random() * 60);
  const values = Array.from({ length: n }, () => [Math.round(random() * 1000) / 100, Math.round(random() * 300) / 100]);
  return weekOf(values, Math.round(random() * 4 * n) / 2, Math.floor((random() * n) / 3));
})();

describe('the core search after a moves proof that leaves the gap open', () => {
  it('goes on from the better plan instead of answering with the gap while time is left', async () => {
    // Act: every exact core too large to count, so only heuristic cores and the moves' proof run
    const outcome = await solveDecomposition(highs, problem, {
      exactCoreLimit: 0,
      maxCoreTypes: 0,
      firstCoreSize: 1,
      timeLimitSeconds: 20,
    });
    const whole = solveMip(highs, problem, { timeLimitSeconds: 30 });

    // Assess
    expect(problem.n).toBe(35);
    expectClose(outcome.objective, whole.objective, { absolute: 1e-6 }, 'the best plan');
    expect(outcome.bound).toBeGreaterThanOrEqual(whole.objective - 1e-6);
  });
});
