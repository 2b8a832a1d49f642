import { describe, expect, it } from 'vitest';
import { drawWildWeek } from '../../../../../bench/wild-weeks.ts';
import { generatePredictions, scaledPolicy } from '../../../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../../../src/domain/catalog.ts';
import { piecesPerClass, splitClasses } from '../../../../../src/solver/decomposition/dual/pieces.ts';
import { createWorkspace, evaluateLagrangian } from '../../../../../src/solver/decomposition/evaluation.ts';
import {
  buildRelaxation,
  classPenalties,
  withLimits,
  type Relaxation,
} from '../../../../../src/solver/decomposition/lagrangian.ts';
import { rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';
import { rng } from '../../../../support/random-instance.ts';
import { expectClose } from '../../../../support/expect-close.ts';

/** One segment, 25 actions each capped at 5 % of the customers: 31 rows over 2 classes (week 45 of bench/explore.ts). */
function fewClassesManyRows(n: number): Relaxation {
  const week = drawWildWeek(45, n);
  return buildRelaxation(buildProblem(week.predictions, week.catalog, week.policy));
}

function randomLambda(relax: Relaxation, seed: number): Float64Array {
  const random = rng(seed);
  return Float64Array.from({ length: relax.R }, () => (random() < 0.4 ? 0 : (random() * relax.valueScale) / 50));
}

/** The cutting-plane model at λ of the pieces' cuts from one evaluation: Σ_p (V_p − Σ_k N_pk·penalty_ck) + Σ_r λ_r·sign_r·limit_r. */
function modelAt(
  relax: Relaxation,
  perClass: number,
  classCounts: Float64Array,
  classValue: Float64Array,
  lambda: Float64Array,
): number {
  const { C, K, R, sign, limit } = relax;
  const penalty = classPenalties(relax, lambda);
  let total = 0;
  for (let p = 0; p < C * perClass; p++) {
    total += classValue[p];
    for (let k = 0; k < K; k++) total -= classCounts[p * K + k] * penalty[Math.floor(p / perClass) * K + k];
  }
  for (let r = 0; r < R; r++) total += lambda[r] * sign[r] * limit[r];
  return total;
}

describe('classes split into pieces for the dual cuts', () => {
  it('splits classes where a pass would give fewer cuts than half the rows, and only at scale', () => {
    // Prepare
    const manyRows = fewClassesManyRows(12_000);
    // Six classes under 36 rows (week 10 of bench/explore.ts): a pass gives a cut for every sixth row.
    const week = drawWildWeek(10, 12_000);
    const sixClasses = buildRelaxation(buildProblem(week.predictions, week.catalog, week.policy));
    const reference = buildRelaxation(
      buildProblem(generatePredictions(12_000, 7), DEFAULT_CATALOG, scaledPolicy(12_000)),
    );

    // Act
    const split = piecesPerClass(manyRows);
    const splitSix = piecesPerClass(sixClasses);

    // Assess
    expect(manyRows.C * 8).toBeLessThanOrEqual(manyRows.R);
    expect(split).toBeGreaterThan(1);
    expect([sixClasses.C, sixClasses.R]).toEqual([6, 36]);
    expect(splitSix).toBe(3);
    expect(piecesPerClass(fewClassesManyRows(2_000))).toBe(1);
    expect(reference.R).toBeLessThanOrEqual(2 * reference.C);
    expect(piecesPerClass(reference)).toBe(1);
  });

  it('splits a class structure once, for every re-limited copy', () => {
    // Prepare
    const relax = fewClassesManyRows(12_000);
    const relimited = withLimits(
      relax,
      Float64Array.from(relax.limit, (x) => x + 1),
    );

    // Act
    const pieces = splitClasses(relax);

    // Assess
    expect(splitClasses(relimited)).toBe(pieces);
    expect(splitClasses(fewClassesManyRows(12_000))).not.toBe(pieces);
  });

  it('bands each class by the best value of its customers, in pieces of about equal size', () => {
    // Prepare
    const relax = fewClassesManyRows(12_000);
    const { n, K, C, classOf } = relax;
    const value = relax.problem.value;
    const bestValue = (i: number) =>
      Math.max(0, ...Array.from(value.subarray(i * K, i * K + K)).filter((v) => !Number.isNaN(v)));

    // Act
    const pieces = splitClasses(relax);

    // Assess
    const lowest = new Float64Array(pieces.count).fill(Infinity);
    const highest = new Float64Array(pieces.count).fill(-Infinity);
    const size = new Float64Array(pieces.count);
    const members = new Float64Array(C);
    for (let i = 0; i < n; i++) {
      const p = pieces.pieceOf[i];
      expect(Math.floor(p / pieces.perClass)).toBe(classOf[i]);
      lowest[p] = Math.min(lowest[p], bestValue(i));
      highest[p] = Math.max(highest[p], bestValue(i));
      size[p]++;
      members[classOf[i]]++;
    }
    for (let p = 0; p < pieces.count; p++) {
      const c = Math.floor(p / pieces.perClass);
      if (p % pieces.perClass > 0) expect(lowest[p], `piece ${p}`).toBeGreaterThanOrEqual(highest[p - 1]);
      expect(size[p], `piece ${p}`).toBeGreaterThan(members[c] / pieces.perClass / 2);
    }
  });

  it.each([
    ['screened', true],
    ['plain', false],
  ])('gives per-piece cuts that sum to L where evaluated and never pass it elsewhere (%s passes)', (_, screen) => {
    // Prepare
    const relax = fewClassesManyRows(12_000);
    const perClass = piecesPerClass(relax);
    const work = createWorkspace(relax, { screen });
    const check = createWorkspace(relax, { screen: false });

    for (let seed = 1; seed <= 4; seed++) {
      // Act
      const point = evaluateLagrangian(relax, randomLambda(relax, seed), work);
      const elsewhere = evaluateLagrangian(relax, randomLambda(relax, seed + 100), check);

      // Assess
      expect(point.classCounts.length).toBe(relax.C * perClass * relax.K);
      expectClose(
        modelAt(relax, perClass, point.classCounts, point.classValue, point.lambda),
        point.value,
        { relative: 1e-9 },
        'model at its own point',
      );
      const below = modelAt(relax, perClass, point.classCounts, point.classValue, elsewhere.lambda);
      expect(below).toBeLessThanOrEqual(elsewhere.value + 1e-9 * Math.abs(elsewhere.value));
    }
  });

  it('ranks through a split screen as the plain ranking does', () => {
    // Prepare
    const relax = fewClassesManyRows(12_000);
    const work = createWorkspace(relax, { screen: true });
    const lambda = randomLambda(relax, 3);
    evaluateLagrangian(relax, lambda, work);
    const near = Float64Array.from(lambda, (x) => x * 1.01);

    // Act
    const screened = rankChoices(relax, near, work);
    const plain = rankChoices(relax, near);

    // Assess
    expect(Array.from(screened.best)).toEqual(Array.from(plain.best));
    expect(Array.from(screened.usage)).toEqual(Array.from(plain.usage));
  });
});
