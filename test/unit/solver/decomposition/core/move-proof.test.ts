import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Highs } from 'highs';
import { solveMoveKnapsack } from '../../../../../src/solver/decomposition/core/move-knapsack.ts';
import { solveMoveMip } from '../../../../../src/solver/decomposition/core/move-mip.ts';
import { MAX_LISTED_MOVES, proveByMoves } from '../../../../../src/solver/decomposition/core/move-proof.ts';
import { listMoves } from '../../../../../src/solver/decomposition/core/moves.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { testRun } from '../../../../support/test-run.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import type { Problem } from '../../../../../src/solver/problem.ts';
import { weekOf } from '../../../../support/email-push-week.ts';
import { expectClose } from '../../../../support/expect-close.ts';
import { rankedRun } from '../../../../support/ranked-run.ts';

vi.mock('../../../../../src/solver/decomposition/core/move-mip.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../../../src/solver/decomposition/core/move-mip.ts')>();
  return { ...original, solveMoveMip: vi.fn(original.solveMoveMip) };
});
vi.mock('../../../../../src/solver/decomposition/core/moves.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../../../src/solver/decomposition/core/moves.ts')>();
  return { ...original, listMoves: vi.fn(original.listMoves) };
});
vi.mock('../../../../../src/solver/decomposition/core/move-knapsack.ts', async (importOriginal) => {
  const original =
    await importOriginal<typeof import('../../../../../src/solver/decomposition/core/move-knapsack.ts')>();
  return { ...original, solveMoveKnapsack: vi.fn(original.solveMoveKnapsack) };
});

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/**
 * Four customers worth 10, 9, 6 and 3.2 by email, $5 for $2 emails, and push capped at 0: at $2 a
 * dollar of budget the best choices email the first three (L = 23); the plan emails only the first.
 */
function emailOnlyFirst(extraRow?: (week: Problem) => void, lambda = [2, 100]) {
  const week = weekOf(
    [
      [10, 0],
      [9, 0],
      [6, 0],
      [3.2, 0],
    ],
    5,
    0,
  );
  extraRow?.(week);
  const relax = buildRelaxation(week);
  const { ranking, upper, run } = rankedRun(relax, Float64Array.from(lambda), Int16Array.of(0, -1, -1, -1));
  vi.mocked(solveMoveMip).mockReset();
  vi.mocked(solveMoveKnapsack).mockReset();
  return { ranking, upper, run };
}

describe('the proof by moves', () => {
  it('keeps its first lists within a quarter of the gap even when the best plan makes a larger move', () => {
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

  it("lists as far as a check's settling bound at first, so that one MIP settles it where the quarter takes two", () => {
    // Prepare: the check is settled by a plan worth 19 or more with a bound of 19.5 or less
    const settledAt = { objective: 19, bound: 19.5 };
    const settled = (objective: number, bound: number) => objective >= settledAt.objective && bound <= settledAt.bound;
    const quarter = emailOnlyFirst();
    quarter.run.settled = settled;
    const reaching = emailOnlyFirst();
    reaching.run.settled = settled;

    // Act
    proveByMoves(highs, quarter.run, quarter.ranking, quarter.upper);
    const callsQuarter = vi.mocked(solveMoveMip).mock.calls.length;
    vi.mocked(solveMoveMip).mockClear();
    const bound = proveByMoves(highs, reaching.run, reaching.ranking, reaching.upper, { settledAt });

    // Assess: within a quarter of 23 − 10 the plan of 19 is found but plans past 19.75 are not ruled out
    expect(callsQuarter).toBe(2);
    expect(vi.mocked(solveMoveMip)).toHaveBeenCalledTimes(1);
    expect(reaching.run.incumbent?.objective).toBe(19);
    expect(settled(19, bound ?? NaN)).toBe(true);
  });

  it("lists no further than a check's settling bound needs when UB is above it", () => {
    // Prepare: settled by the start plan (10) with a bound of 22, one under UB (23)
    const { ranking, upper, run } = emailOnlyFirst();
    const settledAt = { objective: 10, bound: 22 };
    run.settled = (objective, bound) => objective >= settledAt.objective && bound <= settledAt.bound;

    // Act
    const bound = proveByMoves(highs, run, ranking, upper, { settledAt });

    // Assess: one MIP over the moves losing at most 1 (emailing the fourth), not the quarter's 3.25
    const calls = vi.mocked(solveMoveMip).mock.calls;
    expect(calls).toHaveLength(1);
    expect(Math.max(...calls[0][3].loss)).toBeLessThanOrEqual(1);
    expect(run.settles(bound ?? NaN)).toBe(true);
  });

  it('tries nothing and says so when its first lists would pass the most moves it may list', () => {
    // Prepare: its first lists (within 3.25) hold two moves, the third customer off email and the fourth onto it
    const { ranking, upper, run } = emailOnlyFirst();

    // Act
    const capped = proveByMoves(highs, run, ranking, upper, { maxMoves: 1 });
    const callsCapped = vi.mocked(solveMoveMip).mock.calls.length + vi.mocked(solveMoveKnapsack).mock.calls.length;
    const uncapped = proveByMoves(highs, run, ranking, upper, { maxMoves: 2 });

    // Assess
    expect(capped).toBeUndefined();
    expect(callsCapped).toBe(0);
    expectClose(uncapped ?? NaN, 19, { absolute: 1e-6 }, 'the proven bound');
  });

  it('lists at most its own cap of moves when the caller sets none, so the lists stay within memory', () => {
    // Prepare
    const { ranking, upper, run } = emailOnlyFirst();
    vi.mocked(listMoves).mockClear();

    // Act
    proveByMoves(highs, run, ranking, upper);

    // Assess: every listing is capped
    const caps = vi.mocked(listMoves).mock.calls.map((call) => call[3]);
    expect(caps.length).toBeGreaterThan(0);
    expect(caps.every((cap) => cap === MAX_LISTED_MOVES)).toBe(true);
  });

  it('keeps the bound its first lists proved when the second cannot be listed', async () => {
    // Prepare: the quarter's lists (3.25) find the plan of 19 but prove only 23 − 3.25; the second
    // lists, the whole gap's, stand for lists past a cap or the deadline
    const { ranking, upper, run } = emailOnlyFirst();
    const { listMoves: listed } = await vi.importActual<
      typeof import('../../../../../src/solver/decomposition/core/moves.ts')
    >('../../../../../src/solver/decomposition/core/moves.ts');
    vi.mocked(listMoves).mockClear();
    vi.mocked(listMoves)
      .mockImplementationOnce(listed)
      .mockImplementationOnce(() => undefined);

    // Act
    const bound = proveByMoves(highs, run, ranking, upper);

    // Assess: no plan moves a customer losing more than 3.25, so none is worth more than 19.75
    expect(vi.mocked(listMoves)).toHaveBeenCalledTimes(2);
    expect(run.incumbent?.objective).toBe(19);
    expectClose(bound ?? NaN, 19.75, { absolute: 1e-6 }, "the first lists' bound");
  });

  it('tries nothing once the deadline has passed, however few moves its lists would hold', () => {
    // Prepare: the same week and plan on a run whose clock stands 1 s past its deadline
    const { ranking, upper, run } = emailOnlyFirst();
    const late = testRun(run.relax, { seconds: 1, started: 0, at: 2000 });
    late.offerChoice(run.incumbent?.choice);

    // Act
    const bound = proveByMoves(highs, late, ranking, upper);

    // Assess: no MIP and no knapsack; the caller keeps the plan it had
    expect(bound).toBeUndefined();
    expect(vi.mocked(solveMoveMip)).not.toHaveBeenCalled();
    expect(vi.mocked(solveMoveKnapsack)).not.toHaveBeenCalled();
    expect(late.incumbent?.objective).toBe(10);
  });

  it('asks HiGHS first and needs no knapsack when its MIP proves at once', () => {
    // Prepare
    const { ranking, upper, run } = emailOnlyFirst();

    // Act
    const bound = proveByMoves(highs, run, ranking, upper);

    // Assess
    expect(vi.mocked(solveMoveMip).mock.results.every((call) => call.value.optimal)).toBe(true);
    expect(vi.mocked(solveMoveKnapsack)).not.toHaveBeenCalled();
    expectClose(bound ?? NaN, 19, { absolute: 1e-6 }, 'the proven bound');
  });

  it('proves a week where two rows bind by the knapsack over their grids when HiGHS does not (issue 18)', () => {
    // Prepare: the budget and the push cap are the rows the moves can break; HiGHS stops unproven
    const { ranking, upper, run } = emailOnlyFirst();
    vi.mocked(solveMoveMip).mockImplementation(() => ({ optimal: false, moves: undefined, bound: Infinity }));

    // Act
    const bound = proveByMoves(highs, run, ranking, upper);

    // Assess: one short MIP per listing, each answered by the knapsack
    const knapsack = vi.mocked(solveMoveKnapsack).mock.results;
    expect(knapsack.length).toBeGreaterThan(0);
    expect(knapsack.every((call) => call.value !== undefined)).toBe(true);
    expect(vi.mocked(solveMoveMip).mock.calls.length).toBe(knapsack.length);
    expect(Array.from(run.incumbent?.choice ?? [])).toEqual([0, 0, -1, -1]);
    expectClose(bound ?? NaN, 19, { absolute: 1e-6 }, 'the proven bound');
  });

  it("leaves a week where three rows bind to the MIP alone, its first run given the plain run's work too", () => {
    // Prepare: an email cap of 2 binds too, and unpriced push moves can break the push cap
    const { ranking, upper, run } = emailOnlyFirst(
      (week) => week.rows.push({ ...week.rows[1], name: 'email_cap', limit: 2, actionCoef: Float64Array.of(1, 0) }),
      [2, 0, 0],
    );
    vi.mocked(solveMoveMip).mockImplementationOnce(() => ({ optimal: false, moves: undefined, bound: Infinity }));

    // Act
    const bound = proveByMoves(highs, run, ranking, upper);

    // Assess: no knapsack, and no short first run that a second would start over
    expect(vi.mocked(solveMoveKnapsack)).not.toHaveBeenCalled();
    const calls = vi.mocked(solveMoveMip).mock.calls;
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect((calls[0][4].maxNodes ?? 0) * calls[0][3].count).toBeGreaterThanOrEqual(80_000);
    expect(Array.from(run.incumbent?.choice ?? [])).toEqual([0, 0, -1, -1]);
    expectClose(bound ?? NaN, 19, { absolute: 1e-6 }, 'the proven bound');
  });

  it('stops the runs without heuristics after a number of nodes, whatever time the solve has taken (issue 18)', () => {
    // Prepare: the same week twice, once on a clock at the run's start and once 20 s into a 60 s limit
    const threeRows = (week: Problem) =>
      week.rows.push({ ...week.rows[1], name: 'email_cap', limit: 2, actionCoef: Float64Array.of(1, 0) });
    const budgets = [0, 20_000].map((passed) => {
      const { ranking, upper, run } = emailOnlyFirst(threeRows, [2, 0, 0]);
      const late = testRun(run.relax, { at: passed, started: 0 });
      late.offerChoice(Int16Array.of(0, -1, -1, -1));
      vi.mocked(solveMoveMip).mockImplementationOnce(() => ({ optimal: false, moves: undefined, bound: Infinity }));

      // Act
      proveByMoves(highs, late, ranking, upper);
      return vi.mocked(solveMoveMip).mock.calls.map((call) => call[4].maxNodes);
    });

    // Assess: the first run's budget is in nodes and the same; the run with heuristics has only the deadline
    expect(budgets[0][0]).toBeGreaterThan(0);
    expect(budgets[1][0]).toBe(budgets[0][0]);
    expect(budgets[1][1]).toBeUndefined();
  });

  it("runs the MIP again with HiGHS's heuristics on when the first run does not prove", () => {
    // Prepare: three rows bind (no knapsack); HiGHS's first run stops without a proof
    const { ranking, upper, run } = emailOnlyFirst(
      (week) => week.rows.push({ ...week.rows[1], name: 'email_cap', limit: 2, actionCoef: Float64Array.of(1, 0) }),
      [2, 0, 0],
    );
    const unproven = () => ({ optimal: false, moves: undefined, bound: Infinity });
    vi.mocked(solveMoveMip).mockImplementationOnce(unproven);

    // Act
    const bound = proveByMoves(highs, run, ranking, upper);

    // Assess
    const heuristics = vi.mocked(solveMoveMip).mock.calls.map((call) => call[4].heuristics);
    expect(heuristics.slice(0, 2)).toEqual([false, true]);
    expect(Array.from(run.incumbent?.choice ?? [])).toEqual([0, 0, -1, -1]);
    expectClose(bound ?? NaN, 19, { absolute: 1e-6 }, 'the proven bound');
  });
  it('runs the MIP once more with no gap when its bound misses the proof by little (issue 18)', async () => {
    // Prepare: HiGHS stops within its allowed gap, its bound 1.5 times the optimality gap above the best plan (19)
    const { ranking, upper, run } = emailOnlyFirst();
    const actual = await vi.importActual<typeof import('../../../../../src/solver/decomposition/core/move-mip.ts')>(
      '../../../../../src/solver/decomposition/core/move-mip.ts',
    );
    vi.mocked(solveMoveMip).mockImplementation((...args) => {
      const result = actual.solveMoveMip(...args);
      return args[4].absoluteGap > 0 ? { ...result, bound: result.bound + 1.5e-6 * 19 } : result;
    });

    // Act
    const bound = proveByMoves(highs, run, ranking, upper);

    // Assess: a last run asked for no gap proves the plan
    expect(vi.mocked(solveMoveMip).mock.calls.map((call) => call[4].absoluteGap)).toContain(0);
    expect(run.incumbent?.objective).toBe(19);
    expectClose(bound ?? NaN, 19, { absolute: 1e-9 }, 'the proven bound');
  });

  it("stops HiGHS at a check's settling plan when UB settles its bound, and runs again in full when that plan does not", async () => {
    // Prepare: settled by a plan worth 19 with a bound of 23 (UB); the first stopped run offers no better plan
    const { ranking, upper, run } = emailOnlyFirst();
    const settledAt = { objective: 19, bound: 23 };
    run.settled = (objective, bound) => objective >= settledAt.objective && bound <= settledAt.bound;
    const actual = await vi.importActual<typeof import('../../../../../src/solver/decomposition/core/move-mip.ts')>(
      '../../../../../src/solver/decomposition/core/move-mip.ts',
    );
    vi.mocked(solveMoveMip).mockImplementationOnce(() => ({
      optimal: false,
      reachedTarget: true,
      moves: undefined,
      bound: 23,
    }));
    vi.mocked(solveMoveMip).mockImplementation(actual.solveMoveMip);

    // Act
    const bound = proveByMoves(highs, run, ranking, upper, { settledAt });

    // Assess: the first run was given the settling objective as its target, the second none
    const targets = vi.mocked(solveMoveMip).mock.calls.map((call) => call[4].target);
    expect(targets.slice(0, 2)).toEqual([19, undefined]);
    expect(run.incumbent?.objective).toBe(19);
    expect(run.settles(bound ?? NaN)).toBe(true);
  });

  it("sets no target where UB does not settle a check's bound: its MIP must prove that bound", () => {
    // Prepare: settled by a plan worth 19 with a bound of 19.5, under UB (23)
    const { ranking, upper, run } = emailOnlyFirst();
    const settledAt = { objective: 19, bound: 19.5 };
    run.settled = (objective, bound) => objective >= settledAt.objective && bound <= settledAt.bound;

    // Act
    proveByMoves(highs, run, ranking, upper, { settledAt });

    // Assess
    expect(vi.mocked(solveMoveMip).mock.calls.map((call) => call[4].target)).toEqual([undefined]);
  });
});
