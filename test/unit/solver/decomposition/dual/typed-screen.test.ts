import { describe, expect, it } from 'vitest';
import { drawWildWeek } from '../../../../../bench/wild-weeks.ts';
import { plainPass } from '../../../../../src/solver/decomposition/dual/plain-pass.ts';
import { createTypedScreen } from '../../../../../src/solver/decomposition/dual/typed-screen.ts';
import { createWorkspace, evaluateLagrangian } from '../../../../../src/solver/decomposition/evaluation.ts';
import { buildRelaxation, type Relaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { rankChoices } from '../../../../../src/solver/decomposition/ranking.ts';
import { buildProblem, type Problem } from '../../../../../src/solver/problem.ts';
import { tightInstance } from '../tight-instance.ts';
import { expectSameEvaluation, expectSameSum, walk } from './dual-walk.ts';

/** A tie-heavy week of `customers` (two churn probabilities, two CLVs), a third of them with no eligible action. */
function tiedWeek(seed: number, customers: number): Relaxation {
  const instance = tightInstance(seed, customers, 6, true);
  const problem = buildProblem(instance.predictions, instance.catalog, instance.policy);
  for (let i = 0; i < problem.n; i += 3) problem.value.fill(Number.NaN, i * problem.K, (i + 1) * problem.K);
  return buildRelaxation(problem);
}

/** Each customer's values replaced by those of one of the first `kinds` customers of its class: at most `kinds` types a class. */
function repeatValues(problem: Problem, classOf: Uint32Array, kinds: number): void {
  const { n, K, value } = problem;
  const seen = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const firsts = seen.get(classOf[i]) ?? [];
    seen.set(classOf[i], firsts);
    if (firsts.length < kinds) firsts.push(i);
    else value.copyWithin(i * K, firsts[i % kinds] * K, firsts[i % kinds] * K + K);
  }
}

describe('the dual pass by types of interchangeable customers', () => {
  it('gives the plain pass exactly along a dual-like walk, evaluating each type once', () => {
    for (let seed = 1; seed <= 6; seed++) {
      // Prepare
      const relax = tiedWeek(600 + seed, 3000);
      const typed = createWorkspace(relax, { screen: true });
      const plain = createWorkspace(relax, { screen: false });
      const points = walk(relax, seed, 40);

      for (const lambda of points) {
        // Act
        const a = evaluateLagrangian(relax, lambda, typed);

        // Assess
        expectSameEvaluation(a, evaluateLagrangian(relax, lambda, plain));
      }
      expect(typed.evaluated).toBeLessThan(0.05 * plain.evaluated);
    }
  });

  it('gives the plain pass exactly where classes are split into pieces', () => {
    // Prepare: one segment, 25 actions each capped (week 45 of bench/explore.ts), values repeated
    const week = drawWildWeek(45, 12_000);
    const problem = buildProblem(week.predictions, week.catalog, week.policy);
    repeatValues(problem, buildRelaxation(problem).classOf, 40);
    const relax = buildRelaxation(problem);
    const typed = createWorkspace(relax);
    const plain = createWorkspace(relax, { screen: false });
    expect(typed.pieces).toBeDefined();

    for (const lambda of walk(relax, 45, 30)) {
      // Act
      const a = evaluateLagrangian(relax, lambda, typed);

      // Assess
      expectSameEvaluation(a, evaluateLagrangian(relax, lambda, plain));
    }
    expect(typed.evaluated).toBeLessThan(0.05 * plain.evaluated);
  });

  it('ranks every customer as the plain ranking does, every gap exact', () => {
    // Prepare
    const relax = tiedWeek(700, 3000);
    const work = createWorkspace(relax, { screen: true });

    for (const lambda of walk(relax, 7, 20)) {
      // Act
      const typed = rankChoices(relax, lambda, work);
      const plain = rankChoices(relax, lambda);

      // Assess
      expect(Array.from(typed.best)).toEqual(Array.from(plain.best));
      expect(Array.from(typed.gap)).toEqual(Array.from(plain.gap));
      expect(typed.bounded?.every((flag) => flag === 0)).toBe(true);
      expectSameSum(typed.objective, plain.objective, 'objective');
      expect(Array.from(typed.usage)).toEqual(Array.from(plain.usage));
    }
  });

  it('finds the types again when the same values come with finer classes', () => {
    // Prepare: the same value array with every customer in class 0, then under the week's classes
    const relax = tiedWeek(900, 3000);
    const input = { ...relax, value: relax.problem.value };
    const oneClass = { ...input, classOf: new Uint32Array(relax.n) };
    const penalty = Float64Array.from({ length: relax.C * relax.K }, (_, at) => (at % 3) * 0.5);
    const counts = () => new Float64Array(relax.C * relax.K);
    createTypedScreen(oneClass)?.pass(penalty, counts(), new Float64Array(relax.C));
    const expected = counts();
    plainPass(input, penalty, expected, new Float64Array(relax.C));
    expect(relax.C).toBeGreaterThan(1);

    // Act
    const actual = counts();
    createTypedScreen(input)?.pass(penalty, actual, new Float64Array(relax.C));

    // Assess
    expect(Array.from(actual)).toEqual(Array.from(expected));
  });

  it('is kept for weeks whose customers form few types', () => {
    // Prepare
    const input = (relax: Relaxation) => ({ ...relax, value: relax.problem.value });
    const tied = tiedWeek(800, 3000);
    const distinct = tightInstance(800, 3000, 6, false);
    const distinctRelax = buildRelaxation(buildProblem(distinct.predictions, distinct.catalog, distinct.policy));

    // Act
    const few = createTypedScreen(input(tied));
    const many = createTypedScreen(input(distinctRelax));

    // Assess
    expect(few).toBeDefined();
    expect(many).toBeUndefined();
  });
});
