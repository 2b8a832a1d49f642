import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { solveDecomposition } from '../../../../../src/solver/decomposition/index.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { weekOf } from '../../../../support/email-push-week.ts';
import { expectClose } from '../../../../support/expect-close.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/**
 * Solves a week whose Lagrangian bound no plan reaches ($4.50 buys two $2 emails, the LP 2.25;
 * push capped at 0) with every core too large to count and heuristic cores of 1, 4, 16, …
 * customers; returns how many heuristic cores ran.
 */
async function heuristicCores(movesFirstMax?: number): Promise<{ cores: number; objective: number; bound: number }> {
  const values = [[10, 3], [9, 3], ...Array.from({ length: 30 }, () => [1, 3])];
  let cores = 0;
  const outcome = await solveDecomposition(highs, weekOf(values, 4.5, 0), {
    exactCoreLimit: 0,
    maxCoreTypes: 0,
    firstCoreSize: 1,
    movesFirstMax,
    onProgress: (event) => void (event.phase === 'core-search' && cores++),
  });
  return { cores, objective: outcome.objective, bound: outcome.bound };
}

describe('the core search on a week whose exact core is too large to count', () => {
  it('proves by moves after its first heuristic core instead of growing them', async () => {
    // Act
    const { cores, objective, bound } = await heuristicCores();

    // Assess
    expect(cores).toBe(1);
    expectClose(objective, 19, { absolute: 1e-9 }, 'the best plan');
    expectClose(bound, 19, { absolute: 1e-6 }, 'the proven bound');
  });

  it('grows the heuristic cores when the moves would pass the most it may list', async () => {
    // Act
    const { cores, objective, bound } = await heuristicCores(0);

    // Assess
    expect(cores).toBeGreaterThan(1);
    expectClose(objective, 19, { absolute: 1e-9 }, 'the best plan');
    expectClose(bound, 19, { absolute: 1e-6 }, 'the proven bound');
  });
});
