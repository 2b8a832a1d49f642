import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Highs } from 'highs';
import { branchAndBound } from '../../../../../src/solver/decomposition/core/move-branch.ts';
import { createHighsModel, SparseColumns, type HighsModelSpec } from '../../../../../src/solver/highs-model.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { solveProblem } from '../../../../../src/solver/solve.ts';
import { drawWeek } from '../../../../../bench/families.ts';
import { expectChecked } from '../../../../support/expect-checked.ts';
import { expectClose } from '../../../../support/expect-close.ts';

vi.mock('../../../../../src/solver/highs-model.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../../../src/solver/highs-model.ts')>();
  return { ...original, createHighsModel: vi.fn(original.createHighsModel) };
});
vi.mock('../../../../../src/solver/decomposition/core/move-branch.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../../../src/solver/decomposition/core/move-branch.ts')>();
  return { ...original, branchAndBound: vi.fn(original.branchAndBound) };
});

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/** Items worth 9, 7, 5 and 4 using 5, 4, 3 and 2 of a row of room 9 and 1, 2, 1 and 2 of one of room 4, 0-2 of each. */
function twoRowKnapsack(): HighsModelSpec {
  const columns = new SparseColumns();
  const items = [
    [9, 5, 1],
    [7, 4, 2],
    [5, 3, 1],
    [4, 2, 2],
  ];
  for (const [worth, first, second] of items) {
    columns.entry(0, first);
    columns.entry(1, second);
    columns.close(worth, 0, 2);
  }
  return {
    sense: 'maximize',
    columns,
    rowLower: Float64Array.of(-Infinity, -Infinity),
    rowUpper: Float64Array.of(9, 4),
  };
}

/** The best whole plan of {@link twoRowKnapsack}, by trying every one. */
function bruteForce(spec: HighsModelSpec): number {
  const { cost, values } = spec.columns;
  let best = -Infinity;
  for (let code = 0; code < 81; code++) {
    const m = [0, 1, 2, 3].map((j) => Math.floor(code / 3 ** j) % 3);
    const uses = [0, 1].map((r) => m.reduce((sum, count, j) => sum + count * values[2 * j + r], 0));
    if (uses[0] <= spec.rowUpper[0] && uses[1] <= spec.rowUpper[1])
      best = Math.max(
        best,
        m.reduce((sum, count, j) => sum + count * cost[j], 0),
      );
  }
  return best;
}

/** {@link branchAndBound} on {@link twoRowKnapsack}, all four counts whole, with at most `maxNodes` nodes. */
function branchKnapsack(spec: HighsModelSpec, maxNodes: number) {
  return branchAndBound(highs, spec, {
    integer: Int32Array.of(0, 1, 2, 3),
    absoluteGap: 1e-9,
    maxNodes,
    timeLimitSeconds: 10,
  });
}

describe("the moves' branch-and-bound over HiGHS's LP", () => {
  it('finds the best whole plan of a two-row knapsack and bounds every plan by it', () => {
    // Prepare
    const spec = twoRowKnapsack();

    // Act
    const answer = branchKnapsack(spec, 100);

    // Assess: settled; its plan whole and worth the optimum, its bound the optimum
    expect(answer.done).toBe(true);
    const x = Array.from(answer.x ?? []);
    expect(x.every((count) => Number.isInteger(Math.round(count * 1e6) / 1e6))).toBe(true);
    const worth = x.reduce((sum, count, j) => sum + count * spec.columns.cost[j], 0);
    expectClose(worth, bruteForce(spec), { absolute: 1e-6 }, 'the plan found');
    expectClose(answer.bound, bruteForce(spec), { absolute: 1e-6 }, 'the bound');
  });

  it('gives up, not answering, when its nodes do not settle the model', () => {
    // Prepare: the LP's root is fractional, so one node cannot settle it
    const spec = twoRowKnapsack();

    // Act
    const answer = branchKnapsack(spec, 1);

    // Assess
    expect(answer.done).toBe(false);
  });

  it("proves a tight week's optimum without HiGHS's MIP: the moves' first runs branch over the LP (issue 18)", async () => {
    // Prepare: a week of the tight family (floors near infeasibility), proven by the moves
    const week = await drawWeek('tight', 10_000, 2);
    const problem = buildProblem(week.predictions, week.catalog, week.policy);
    vi.mocked(createHighsModel).mockClear();
    vi.mocked(branchAndBound).mockClear();

    // Act
    const outcome = await solveProblem(problem, { timeLimitSeconds: 60 });

    // Assess: proven and checked; the branch-and-bound settled each run it was asked, and no model with integer columns was built
    expect(outcome.status).toBe('optimal');
    expectChecked(week, problem, outcome.choice ?? new Int16Array(0), outcome.objective);
    const runs = vi.mocked(branchAndBound).mock.results.map((result) => (result.value as { done: boolean }).done);
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every(Boolean)).toBe(true);
    const integer = vi.mocked(createHighsModel).mock.calls.filter(([, spec]) => spec.integer !== undefined);
    expect(integer).toEqual([]);
  });

  it('finds a plan within the gap by a dive from the root where best-first nodes do not reach one in their budget', () => {
    // Prepare: 300 items of near-equal worth, 2 units each, in 301 units of room: the LP takes
    // 150 whole and half of one more, and a branch only passes the half on to the next item
    const columns = new SparseColumns();
    const worth = Array.from({ length: 300 }, (_, j) => 10 + ((j * 37) % 300) * 1e-4);
    for (const w of worth) {
      columns.entry(0, 2);
      columns.close(w, 0, 1);
    }
    const spec: HighsModelSpec = {
      sense: 'maximize',
      columns,
      rowLower: Float64Array.of(-Infinity),
      rowUpper: Float64Array.of(301),
    };
    const best150 = [...worth]
      .sort((a, b) => b - a)
      .slice(0, 150)
      .reduce((sum, w) => sum + w, 0);

    // Act: half an item's worth is within the gap asked for
    const answer = branchAndBound(highs, spec, {
      integer: Int32Array.from(worth, (_, j) => j),
      absoluteGap: 6,
      maxNodes: 40,
      timeLimitSeconds: 10,
    });

    // Assess: settled with a whole plan that fits, worth the best 150 items, and a bound within the gap of it
    expect(answer.done).toBe(true);
    const x = Array.from(answer.x ?? []);
    expect(x.every((count) => Math.abs(count - Math.round(count)) < 1e-6)).toBe(true);
    expect(x.reduce((sum, count) => sum + 2 * count, 0)).toBeLessThanOrEqual(301 + 1e-6);
    expectClose(
      x.reduce((sum, count, j) => sum + count * worth[j], 0),
      best150,
      { absolute: 1e-6 },
      'the plan found',
    );
    expect(answer.bound).toBeGreaterThanOrEqual(best150 - 1e-6);
    expect(answer.bound).toBeLessThanOrEqual(best150 + 6);
  });
});
