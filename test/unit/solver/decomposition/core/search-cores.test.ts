import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { solveDecomposition } from '../../../../../src/solver/decomposition/index.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { gridGapWeek } from '../../../../support/email-push-week.ts';
import { expectClose } from '../../../../support/expect-close.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/** Solves the week whose Lagrangian bound no plan reaches (see moves.test.ts) with every core too large to count; returns its phases in order. */
async function phasesOf(movesFirstMax?: number): Promise<{ phases: string[]; objective: number; bound: number }> {
  const problem = gridGapWeek();
  const phases: string[] = [];
  const outcome = await solveDecomposition(highs, problem, {
    exactCoreLimit: 0,
    maxCoreTypes: 0,
    firstCoreSize: 1,
    movesFirstMax,
    onProgress: (event) => {
      if (phases[phases.length - 1] !== event.phase) phases.push(event.phase);
    },
  });
  return { phases, objective: outcome.objective, bound: outcome.bound };
}

describe('the core search on a week whose exact core is too large to count', () => {
  it('proves by moves before any heuristic core', async () => {
    // Act
    const { phases, objective, bound } = await phasesOf();

    // Assess
    expect(phases).toContain('move-search');
    expect(phases).not.toContain('core-search');
    expectClose(objective, 19, { absolute: 1e-9 }, 'the best plan');
    expectClose(bound, 19, { absolute: 1e-6 }, 'the proven bound');
  });

  it('searches heuristic cores first when the moves would pass the most it may list', async () => {
    // Act
    const { phases, objective, bound } = await phasesOf(0);

    // Assess
    expect(phases.indexOf('core-search')).toBeGreaterThan(-1);
    expect(phases.indexOf('core-search')).toBeLessThan(phases.lastIndexOf('move-search'));
    expectClose(objective, 19, { absolute: 1e-9 }, 'the best plan');
    expectClose(bound, 19, { absolute: 1e-6 }, 'the proven bound');
  });
});
