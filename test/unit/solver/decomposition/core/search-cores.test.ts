import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { solveDecomposition } from '../../../../../src/solver/decomposition/index.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { solveMip } from '../../../../../src/solver/mip.ts';
import { weekOf } from '../../../../support/email-push-week.ts';
import { expectClose } from '../../../../support/expect-close.ts';
import { rng } from '../../../../support/random-instance.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { drawWildWeek } from '../../../../../bench/wild-weeks.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/** 40 random customers under a $20.50 budget and a push cap of 3, whose first heuristic core betters the repaired plan without proving it. */
const problem = (() => {
  const random = rng(19);
  const values = Array.from({ length: 40 }, () => [
    Math.round(random() * 1000) / 100,
    Math.round(random() * 300) / 100,
  ]);
  return weekOf(values, 20.5, 3);
})();

/**
 * Solves the week with every core too large to count and heuristic cores of 1, 4, 16, … customers;
 * counts those cores. `settled`: a caller's stopping test, as a marginal value's check passes.
 */
async function heuristicCores(
  movesFirstMax?: number,
  settled?: (objective: number, bound: number) => boolean,
  maxCoreTypes = 0,
  maxHeuristicCore?: number,
): Promise<{ cores: number; phases: Set<string>; objective: number; bound: number }> {
  let cores = 0;
  const phases = new Set<string>();
  const outcome = await solveDecomposition(highs, problem, {
    exactCoreLimit: 0,
    maxCoreTypes,
    firstCoreSize: 1,
    movesFirstMax,
    maxHeuristicCore,
    settled,
    onProgress: (event) => {
      phases.add(event.phase);
      if (event.phase === 'core-search') cores++;
    },
  });
  return { cores, phases, objective: outcome.objective, bound: outcome.bound };
}

describe('the core search on a week whose exact core is too large to count', () => {
  it('proves by moves after its first heuristic core instead of growing them, to the optimum', async () => {
    // Act
    const { cores, objective, bound } = await heuristicCores();
    const whole = solveMip(highs, problem, { timeLimitSeconds: 30 });

    // Assess
    expect(cores).toBe(1);
    expectClose(objective, whole.objective, { absolute: 1e-6 }, 'the best plan');
    expectClose(bound, whole.objective, { absolute: 1e-6 }, 'the proven bound');
  });

  it('in a check (a caller with a stopping test), proves by moves before any heuristic core, to the optimum', async () => {
    // Act: a caller that is never settled short of the proof
    const { cores, objective, bound } = await heuristicCores(undefined, () => false);
    const whole = solveMip(highs, problem, { timeLimitSeconds: 30 });

    // Assess
    expect(cores).toBe(0);
    expectClose(objective, whole.objective, { absolute: 1e-6 }, 'the best plan');
    expectClose(bound, whole.objective, { absolute: 1e-6 }, 'the proven bound');
  });

  it('proves by moves before an exact core the count search could take but that is not small', async () => {
    // Act: every core counts as countable (up to 2,000 types), none as small
    const { phases, objective, bound } = await heuristicCores(undefined, undefined, 2_000);
    const whole = solveMip(highs, problem, { timeLimitSeconds: 30 });

    // Assess: the moves prove it; no exact core is solved
    expect(phases.has('move-search')).toBe(true);
    expect(phases.has('core')).toBe(false);
    expectClose(objective, whole.objective, { absolute: 1e-6 }, 'the best plan');
    expectClose(bound, whole.objective, { absolute: 1e-6 }, 'the proven bound');
  });

  it("proves by moves before a first heuristic core the repaired plan's moved customers swell past the largest", async () => {
    // Act: the core of the one nearest customer also holds every customer the repaired plan moved
    // off its best choice (a recovered plan moves thousands, or a whole week's gaps tie at zero)
    const { cores, phases, objective, bound } = await heuristicCores(undefined, undefined, 0, 1);
    const whole = solveMip(highs, problem, { timeLimitSeconds: 30 });

    // Assess
    expect(cores).toBe(0);
    expect(phases.has('move-search')).toBe(true);
    expectClose(objective, whole.objective, { absolute: 1e-6 }, 'the best plan');
    expectClose(bound, whole.objective, { absolute: 1e-6 }, 'the proven bound');
  });

  it('in a check, proves by moves at once even where a plain solve lists too many moves for that', async () => {
    // Act: a plain solve's cap of no moves, which a check does not take
    const { cores, phases, objective, bound } = await heuristicCores(0, () => false);
    const whole = solveMip(highs, problem, { timeLimitSeconds: 30 });

    // Assess
    expect(cores).toBe(0);
    expect(phases.has('move-search')).toBe(true);
    expectClose(objective, whole.objective, { absolute: 1e-6 }, 'the best plan');
    expectClose(bound, whole.objective, { absolute: 1e-6 }, 'the proven bound');
  });

  it('searches no heuristic core when the first is swollen past the largest and the moves list too many for a first proof', async () => {
    // Act: every heuristic core holds the repaired plan's moved customers, and a plain solve's
    // cap of no moves declines the moves' first proof
    const { cores, phases, objective, bound } = await heuristicCores(0, undefined, 0, 1);
    const whole = solveMip(highs, problem, { timeLimitSeconds: 30 });

    // Assess: the moves' proof without a cap proves it
    expect(cores).toBe(0);
    expect(phases.has('move-search')).toBe(true);
    expectClose(objective, whole.objective, { absolute: 1e-6 }, 'the best plan');
    expectClose(bound, whole.objective, { absolute: 1e-6 }, 'the proven bound');
  });

  it('grows the heuristic cores when the moves would pass the most it may list', async () => {
    // Act
    const { cores, objective } = await heuristicCores(0);
    const whole = solveMip(highs, problem, { timeLimitSeconds: 30 });

    // Assess
    expect(cores).toBeGreaterThan(1);
    expectClose(objective, whole.objective, { absolute: 1e-6 }, 'the best plan');
  });

  it('proves by moves an exact core of 191 customers, no two alike, that the count search took seconds over', async () => {
    // Prepare: a random week of 1,000 customers (seed 88: 30 segment floors, share caps, a $600 budget)
    const week = drawWildWeek(88, 1_000);
    const wild = buildProblem(week.predictions, week.catalog, week.policy);
    const phases = new Set<string>();

    // Act
    const outcome = await solveDecomposition(highs, wild, {
      timeLimitSeconds: 30,
      onProgress: (event) => phases.add(event.phase),
    });

    // Assess: proven, by the moves and not by the exact core's count search (12 s on this week)
    expect(outcome.status).toBe('optimal');
    expect(phases.has('move-search')).toBe(true);
    expect(phases.has('core')).toBe(false);
  });
});
