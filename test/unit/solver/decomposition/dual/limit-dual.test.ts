import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { generatePredictions, scaledPolicy } from '../../../../../bench/generate-instance.ts';
import { generateWeek } from '../../../../../bench/families.ts';
import { drawWildWeek } from '../../../../../bench/wild-weeks.ts';
import { DEFAULT_CATALOG } from '../../../../../src/domain/catalog.ts';
import { recallDual, type DualMemory } from '../../../../../src/solver/decomposition/dual/dual-memory.ts';
import { createLimitDual } from '../../../../../src/solver/decomposition/dual/limit-dual.ts';
import { borrowMaster } from '../../../../../src/solver/decomposition/dual/shared-master.ts';
import { solveDecomposition } from '../../../../../src/solver/decomposition/index.ts';
import { getHighs } from '../../../../../src/solver/highs-runtime.ts';
import { buildProblem, type Problem } from '../../../../../src/solver/problem.ts';
import { createLpRelaxation } from '../../../../../src/analytics/lp-relaxation.ts';
import { expectClose } from '../../../../support/expect-close.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await getHighs();
});

/**
 * Re-solves of the plan's dual with the limit of the row `pick` chooses at each of `shares` of its
 * own: the shared master's cuts and `walksFar` after each, and L from a fresh dual at the last limits.
 */
async function resolveAlong(problem: Problem, pick: (memory: DualMemory) => number, shares: number[]) {
  const plan = await solveDecomposition(highs, problem);
  const memory = plan.dual!;
  const r = pick(memory);
  const relax = recallDual(memory, problem)!.relax;
  const dual = createLimitDual(highs, problem, { memory, tolerance: 1e-7, widthShare: 0.02, longWidthShare: 0.005 });
  const limits = Float64Array.from(problem.rows, (row) => row.limit);
  const steps: { cuts: number; far: boolean; value: number }[] = [];
  for (const share of shares) {
    limits[r] = problem.rows[r].limit * share;
    const { value } = await dual.solve(limits, Infinity);
    const lease = borrowMaster(highs, relax);
    steps.push({ cuts: lease.master.cuts, far: dual.walksFar(), value });
    lease.release();
  }
  const fresh = await createLimitDual(highs, problem, { tolerance: 1e-7 }).solve(limits, Infinity);
  return { steps, fresh: fresh.value };
}

const SHARES = [1.05, 1.2, 1.5, 2, 3, 1.1, 1.02];
const growing = (counts: number[]) => counts.every((count, j) => j === 0 || count >= counts[j - 1]);

/** Picks, from a solve's memory, the share cap whose multiplier is largest at its lowest point. */
function mostValuableShare(problem: Problem): (memory: DualMemory) => number {
  return (memory) => {
    const best = memory.points.reduce((a, b) => (a.value < b.value ? a : b));
    return problem.rows.reduce(
      (at, row, j) => (row.rule === 'max_action_share' && (at < 0 || best.lambda[j] > best.lambda[at]) ? j : at),
      -1,
    );
  };
}

describe("the dual's re-solves at moving limits (marginal values)", () => {
  it('keeps every cut of the shared master while its re-solves stay short (a pass is what they save)', async () => {
    // Prepare: the bench's own week, whose budget re-solves take a few iterations each
    const customers = 600;
    const problem = buildProblem(generatePredictions(customers, 7), DEFAULT_CATALOG, scaledPolicy(customers));
    const budget = () => problem.rows.findIndex((row) => row.rule === 'budget');

    // Act
    const { steps, fresh } = await resolveAlong(problem, budget, SHARES);

    // Assess: never counted as walking far, no cut dropped, and the last re-solve still at the optimum
    expect(steps.map((step) => step.far)).toEqual(SHARES.map(() => false));
    expect(growing(steps.map((step) => step.cuts))).toBe(true);
    expectClose(steps[steps.length - 1].value, fresh, { relative: 1e-6 }, 'L at the last re-solve');
  });

  it('drops the long-inactive cuts at each re-solve once one walked far on a master dear against a pass (share caps)', async () => {
    // Prepare: a week of 25 actions under 5 % share caps (bench/wild-weeks.ts), its most valuable share cap
    const week = drawWildWeek(31, 3_000);
    const problem = buildProblem(week.predictions, week.catalog, week.policy);
    const share = mostValuableShare(problem);

    // Act
    const { steps, fresh } = await resolveAlong(problem, share, SHARES);

    // Assess: cuts only grow until a re-solve walks far; after it, a re-solve drops some; L still the optimum
    const first = steps.findIndex((step) => step.far);
    expect(first, 'a re-solve that walked far').toBeGreaterThanOrEqual(0);
    expect(growing(steps.slice(0, first + 1).map((step) => step.cuts))).toBe(true);
    const most = Math.max(...steps.slice(0, first + 1).map((step) => step.cuts));
    expect(Math.min(...steps.slice(first + 1).map((step) => step.cuts))).toBeLessThan(most);
    expectClose(steps[steps.length - 1].value, fresh, { relative: 1e-6 }, 'L at the last re-solve');
  });

  it('counts a pass by the values its screen read: a screened pass cheaper than the master is no reason to keep cuts', async () => {
    // Prepare: the bench's share-caps week (16 actions, 10 % caps), large enough that a pass over
    // every customer and action would cost more than the master, but whose values lie on lines:
    // a screened pass reads a few values per group
    const week = generateWeek('share-caps', 200_000, 7);
    const problem = buildProblem(week.predictions, week.catalog, week.policy);
    const share = mostValuableShare(problem);

    // Act
    const { steps, fresh } = await resolveAlong(problem, share, SHARES);

    // Assess: the re-solve right after the first that walked far drops cuts; L still the optimum
    const first = steps.findIndex((step) => step.far);
    expect(first, 'a re-solve that walked far').toBeGreaterThanOrEqual(0);
    expect(steps[first + 1].cuts, 'cuts after the far walk').toBeLessThan(steps[first].cuts);
    expectClose(steps[steps.length - 1].value, fresh, { relative: 1e-6 }, 'L at the last re-solve');
  });
});

describe("the dual's tight re-solves (a range search's near tries)", () => {
  it('stops a warm re-solve in a narrow box only where the whole model proves its tolerance', async () => {
    // Prepare: a week of 25 actions under share caps; one cap's re-solve far out (5 %), then one
    // near (0.2 %) warm from it, whose first box is a few percent of each multiplier. Each run
    // plans its own copy of the week: a shared master would carry one run's cuts to the other.
    const week = drawWildWeek(212, 3_000);
    const rule = 'max_action_share:21';
    const limitsAt = (problem: Problem, share: number) =>
      Float64Array.from(problem.rows, (row) => (row.name === rule ? share * row.limit : row.limit));
    const nearAfterFar = async (proven: boolean) => {
      const problem = buildProblem(week.predictions, week.catalog, week.policy);
      const plan = await solveDecomposition(highs, problem);
      const dual = createLimitDual(highs, problem, { memory: plan.dual, tolerance: 1e-7, widthShare: 0.02 });
      await dual.solve(limitsAt(problem, 1.05), Infinity);
      return (await dual.solve(limitsAt(problem, 1.002), Infinity, { tolerance: 1e-9, proven })).value;
    };
    const exactly = buildProblem(week.predictions, week.catalog, week.policy);
    const exact = (
      await createLimitDual(highs, exactly, { tolerance: 1e-12 }).solve(limitsAt(exactly, 1.002), Infinity)
    ).value;

    // Act
    const proven = await nearAfterFar(true);
    const boxed = await nearAfterFar(false);

    // Assess: the box's model alone stops tens of tolerances above the minimum; the proven stop within one
    const excess = (value: number) => (value - exact) / Math.abs(exact);
    expect(excess(boxed)).toBeGreaterThan(1e-8);
    expect(excess(proven)).toBeLessThanOrEqual(1e-9);
  });
});

/**
 * Where the exact LP's slope for row r (simplex re-solves, relaxing the row by d) falls below
 * `slope`: bisection on d, the slope falling as d grows (the LP value is concave in the limit).
 */
async function exactEnd(problem: Problem, r: number, slope: number): Promise<number> {
  const lp = createLpRelaxation(highs, problem);
  const row = problem.rows[r];
  const dir = row.sense === '<=' ? 1 : -1;
  const slopeAt = async (d: number) => {
    lp.setLimit(r, row.limit + dir * d);
    return dir * (await lp.solve()).rows[r].perUnitRaise;
  };
  let [lo, hi] = [0, Math.abs(row.limit)];
  for (let step = 0; step < 40; step++) {
    const mid = (lo + hi) / 2;
    if ((await slopeAt(mid)) >= slope) lo = mid;
    else hi = mid;
  }
  lp.dispose();
  return lo;
}

describe("the dual's reach (a range's end in one bounded solve)", () => {
  it("places where a rule's LP slope falls to 95% of its first as the exact LP does: a cap, a floor, a share cap", async () => {
    // Prepare: the bench's week (its budget and a segment floor bind) and a week of share caps
    const reference = buildProblem(generatePredictions(600, 7), DEFAULT_CATALOG, scaledPolicy(600));
    const week = drawWildWeek(31, 1_000);
    const capped = buildProblem(week.predictions, week.catalog, week.policy);
    const named = (problem: Problem, name: string) => problem.rows.findIndex((row) => row.name === name);
    const cases = [
      { problem: reference, r: named(reference, 'budget') },
      { problem: reference, r: named(reference, 'min_segment_coverage:Free') },
      { problem: capped, r: named(capped, 'max_action_share:24') },
    ];
    for (const { problem, r } of cases) {
      const plan = await solveDecomposition(highs, problem);
      const limits = Float64Array.from(problem.rows, (row) => row.limit);
      const dual = createLimitDual(highs, problem, { memory: plan.dual, tolerance: 1e-9, widthShare: 0.02 });
      const slope = 0.95 * (await dual.solve(limits, Infinity)).lambda[r];

      // Act
      const end = await dual.reach(limits, r, slope, Infinity);
      const exact = await exactEnd(problem, r, slope);

      // Assess
      expect(exact, problem.rows[r].name).toBeGreaterThan(1);
      expectClose(end ?? NaN, exact, { relative: 1e-3 }, `${problem.rows[r].name}'s end`);
    }
  });
});
