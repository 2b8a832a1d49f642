import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawWeek } from '../../../../../bench/families.ts';
import { drawWildWeek } from '../../../../../bench/wild-weeks.ts';
import { rankEvery } from '../../../../../src/solver/decomposition/dual/best-two.ts';
import { createLineScreen } from '../../../../../src/solver/decomposition/dual/line-screen.ts';
import { plainPass, type ScreenInput } from '../../../../../src/solver/decomposition/dual/plain-pass.ts';
import { createWorkspace, evaluateLagrangian } from '../../../../../src/solver/decomposition/evaluation.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { recordValueLines } from '../../../../../src/solver/value-lines.ts';
import { rng } from '../../../../support/random-instance.ts';
import { expectSameEvaluation, expectSameSum, walk } from './dual-walk.ts';

/** A week on lines as buildProblem makes one (net value: (p · uplift) · v − cost), on a coarse grid where ties are exact. */
interface LineWeek {
  input: ScreenInput;
  random: () => number;
}

/**
 * `n` customers in `C` classes (or pieces) with p and v on coarse grids (equal scores, scores at
 * breakpoints; on a dyadic grid where `exact`, so no operation rounds), K actions whose uplifts
 * repeat or are zero, and churn windows and classes that make some pairs ineligible.
 */
function lineWeek(seed: number, n: number, K: number, C: number, exact: boolean): LineWeek {
  const random = rng(seed);
  const pick = (values: readonly number[]) => values[Math.floor(random() * values.length)];
  const uplifts = exact ? [0, 0.25, 0.5, 0.5, 0.75, 1] : [0, 0.07, 0.13, 0.13, 0.3];
  const slope = Float64Array.from({ length: K }, () => pick(uplifts));
  const cost = Float64Array.from({ length: K }, () => pick(exact ? [0, 0.25, 1, 2, 2] : [0, 0.1, 1.3, 2.7, 2.7]));
  const low = Float64Array.from({ length: K }, () => (random() < 0.3 ? pick([0.25, 0.5]) : -Infinity));
  const high = Float64Array.from({ length: K }, () => (random() < 0.3 ? pick([0.5, 0.75]) : Infinity));
  const classOf = Uint32Array.from({ length: n }, () => Math.floor(random() * C));
  const closed = Uint8Array.from({ length: C * K }, () => (random() < 0.15 ? 1 : 0));
  const score = new Float64Array(n);
  const value = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    const p = exact ? pick([0, 0.125, 0.25, 0.5, 0.625, 0.75, 1]) : Math.round(random() * 1e4) / 1e4;
    const v = random() < 0.5 ? pick([0, 4, 8, 12]) : Math.round(random() * 4000) / 100;
    score[i] = p * v;
    for (let k = 0; k < K; k++) {
      const eligible = closed[classOf[i] * K + k] === 0 && p >= low[k] && p <= high[k];
      value[i * K + k] = eligible ? p * slope[k] * v - cost[k] : Number.NaN;
    }
  }
  recordValueLines(value, { score, slope, intercept: cost.map((c) => -c) });
  let valueScale = 1;
  for (const x of value) if (Math.abs(x) > valueScale) valueScale = Math.abs(x);
  return { input: { n, K, C, classOf, value, valueScale }, random };
}

/**
 * Class penalties on the values' grid, or anywhere; then some set so that a customer's stored
 * values tie exactly (two actions, or an action and none), where its lines may differ by a rounding.
 */
function penalties(week: LineWeek, onGrid: boolean): Float64Array {
  const { K, C, n, classOf, value } = week.input;
  const { random } = week;
  const penalty = Float64Array.from({ length: C * K }, () =>
    random() < 0.2 ? 0 : onGrid ? Math.round(random() * 40) / 8 : random() * 6 - 1,
  );
  for (let tie = 0; tie < 3; tie++) {
    const i = Math.floor(random() * n);
    const [a, b] = [Math.floor(random() * K), Math.floor(random() * K)];
    const base = classOf[i] * K;
    if (Number.isNaN(value[i * K + a])) continue;
    if (a === b || Number.isNaN(value[i * K + b])) penalty[base + a] = value[i * K + a];
    else penalty[base + b] = value[i * K + b] - (value[i * K + a] - penalty[base + a]);
  }
  return penalty;
}

/** Asserts the screen's pass is the plain pass: counts exactly, totals up to the order of the sums. */
function expectPlainPass(input: ScreenInput, penalty: Float64Array): void {
  const screen = createLineScreen(input);
  expect(screen).toBeDefined();
  const counts = new Float64Array(input.C * input.K);
  const totals = new Float64Array(input.C);
  const plainCounts = new Float64Array(input.C * input.K);
  const plainTotals = new Float64Array(input.C);
  const total = plainPass(input, penalty, plainCounts, plainTotals);
  for (let round = 0; round < 2; round++) {
    const pass = screen?.pass(penalty, counts, totals);
    expect(Array.from(counts)).toEqual(Array.from(plainCounts));
    expectSameSum(pass?.total ?? Number.NaN, total, 'line pass total');
    for (const [c, classTotal] of plainTotals.entries()) expectSameSum(totals[c], classTotal, 'class total', total);
  }
}

/** Asserts a ranked gap is the exact one or below it by at most `rounding`. */
function expectGapNear(gap: number, exact: number, rounding: number, i: number): void {
  if (gap !== exact && !(gap < exact && gap >= exact - rounding))
    expect.fail(`customer ${i}: gap ${gap} is not within ${rounding} below its exact gap ${exact}`);
}

/**
 * Asserts the screen's ranking is `rankEvery`'s: the same best choices, counts and objective,
 * none marked bounded, and each gap the exact one or less by rounding only.
 */
function expectRankingBounds(input: ScreenInput, penalty: Float64Array): void {
  const { n, K, C } = input;
  const screen = createLineScreen(input);
  const [best, exactBest] = [new Int16Array(n), new Int16Array(n)];
  const [gap, exactGap] = [new Float64Array(n), new Float64Array(n)];
  const [counts, exactCounts] = [new Float64Array(C * K), new Float64Array(C * K)];
  const bounded = new Uint8Array(n);
  const objective = screen?.rank(penalty, best, gap, bounded, counts);
  expect(objective).toBe(rankEvery(input, penalty, exactBest, exactGap, exactCounts));
  expect(Array.from(best)).toEqual(Array.from(exactBest));
  expect(Array.from(counts)).toEqual(Array.from(exactCounts));
  let most = 0;
  for (const x of penalty) most = Math.max(most, Math.abs(x));
  const rounding = 1e-12 * (input.valueScale + most);
  expect(bounded.every((x) => x === 0)).toBe(true);
  for (let i = 0; i < n; i++) expectGapNear(gap[i], exactGap[i], rounding, i);
}

describe('the dual pass by lines of values', () => {
  it('gives the plain pass exactly on random line weeks, ties, windows and pieces included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.boolean(),
        (seed, K, C, exact, onGrid) => {
          // Prepare
          const week = lineWeek(seed, 6000, K, C, exact);

          // Act, Assess
          for (let point = 0; point < 4; point++) {
            const penalty = penalties(week, onGrid);
            expectPlainPass(week.input, penalty);
            expectRankingBounds(week.input, penalty);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('evaluates customers whose values stray from the lines as the plain pass does', () => {
    // Prepare: a tenth of the customers with values off their lines (an uplift model's cells)
    const week = lineWeek(17, 2000, 6, 3, false);
    const { value, K } = week.input;
    for (let i = 0; i < week.input.n; i += 10) for (let k = 0; k < K; k++) value[i * K + k] += 0.5 * (k + 1);

    // Act, Assess
    for (let point = 0; point < 20; point++) {
      const penalty = penalties(week, point % 2 === 0);
      expectPlainPass(week.input, penalty);
      expectRankingBounds(week.input, penalty);
    }
  });

  it('ranks the customers of sure intervals by their lines alone, without reading their values', () => {
    // Prepare: a week on lines, off any grid, so that few customers sit near a breakpoint
    const week = lineWeek(23, 6000, 6, 3, false);
    const { input } = week;
    const { n, K, C } = input;
    const screen = createLineScreen(input);
    const penalty = penalties(week, false);
    const [best, gap] = [new Int16Array(n), new Float64Array(n)];
    const [bounded, counts] = [new Uint8Array(n), new Float64Array(C * K)];
    screen?.rank(penalty, best, gap, bounded, counts);
    const [lineBest, lineGap] = [best.slice(), gap.slice()];

    // Act: every stored value lost after the lines were set up, then the same ranking
    input.value.fill(Number.NaN);
    screen?.rank(penalty, best, gap, bounded, counts);

    // Assess: most customers ranked as before, from their lines (a read value would make them take none)
    let same = 0;
    for (let i = 0; i < n; i++) if (best[i] === lineBest[i] && gap[i] === lineGap[i]) same++;
    expect(same).toBeGreaterThan(0.5 * n);
  });

  it('does not serve a week whose values mostly stray from the lines, nor values with no lines', () => {
    // Prepare
    const strays = lineWeek(18, 2000, 6, 3, true).input;
    for (let i = 0; i < strays.n; i += 2) strays.value[i * strays.K] += 1;
    const unrecorded = { ...lineWeek(19, 2000, 6, 3, true).input };
    unrecorded.value = Float64Array.from(unrecorded.value);

    // Act, Assess
    expect(createLineScreen(strays)).toBeUndefined();
    expect(createLineScreen(unrecorded)).toBeUndefined();
  });

  it('does not serve a week with an uplift model for every customer', async () => {
    // Prepare: two actions' churn_reduction_<id> columns for every customer
    const week = await drawWeek('many-segments', 12_000, 3);
    const relax = buildRelaxation(buildProblem(week.predictions, week.catalog, week.policy));
    const { n, K, C, classOf, valueScale } = relax;

    // Act
    const screen = createLineScreen({ n, K, C, classOf, value: relax.problem.value, valueScale });

    // Assess
    expect(screen).toBeUndefined();
  });

  it('gives the plain evaluation along a dual walk on a week split into pieces, and its ranking', () => {
    // Prepare: one segment, 25 actions each capped (week 45 of bench/explore.ts), so classes are split into pieces
    const week = drawWildWeek(45, 12_000);
    const relax = buildRelaxation(buildProblem(week.predictions, week.catalog, week.policy));
    // The lines set up, as an earlier solve of the week leaves them (see rented-screen.ts)
    const { n, K, C, classOf, valueScale } = relax;
    expect(createLineScreen({ n, K, C, classOf, value: relax.problem.value, valueScale })).toBeDefined();
    const lines = createWorkspace(relax);
    const plain = createWorkspace(relax, { screen: false });
    expect(lines.pieces).toBeDefined();

    for (const lambda of walk(relax, 5, 30)) {
      // Act
      const a = evaluateLagrangian(relax, lambda, lines);
      const ranked = rankChoices(relax, lambda, lines);

      // Assess
      expectSameEvaluation(a, evaluateLagrangian(relax, lambda, plain));
      const exact = rankChoices(relax, lambda);
      expect(Array.from(ranked.best)).toEqual(Array.from(exact.best));
      expect(ranked.objective).toBe(exact.objective);
      expect(ranked.bounded?.every((x) => x === 0)).toBe(true);
      for (let i = 0; i < n; i++) expectGapNear(ranked.gap[i], exact.gap[i], 1e-12 * valueScale, i);
    }
    expect(lines.evaluated).toBeLessThan(0.05 * plain.evaluated);
  });
});
