import { expect } from 'vitest';
import type { DualPoint } from '../../../../../src/solver/decomposition/evaluation.ts';
import type { Relaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { expectClose } from '../../../../support/expect-close.ts';
import { rng } from '../../../../support/random-instance.ts';

/**
 * A walk of multipliers like a dual's: a few far jumps, then steps that shrink towards a point,
 * returns to earlier points, and points on a coarse grid (where reduced values tie exactly).
 */
export function walk(relax: Relaxation, seed: number, steps: number): Float64Array[] {
  const random = rng(seed);
  const scale = relax.valueScale / 20;
  const far = () => Float64Array.from({ length: relax.R }, () => (random() < 0.3 ? 0 : random() * scale));
  const points: Float64Array[] = [far(), far(), far()];
  let centre = far();
  for (let step = 0; step < steps; step++) {
    const roll = random();
    if (roll < 0.1) {
      points.push(Float64Array.from(points[Math.floor(random() * points.length)]));
      continue;
    }
    if (roll < 0.2) {
      points.push(Float64Array.from(centre, (x) => Math.round(x * 4) / 4));
      continue;
    }
    const width = scale * 0.3 * 0.8 ** step;
    const next = Float64Array.from(centre, (x) => Math.max(0, x + (random() - 0.5) * width));
    if (random() < 0.5) centre = next;
    points.push(next);
  }
  return points;
}

/** `actual` within 1e-9 of `expected`'s size (at least 1): the same sum in another order. */
export function expectSameSum(actual: number, expected: number, label: string, scale = expected): void {
  expectClose(actual, expected, { absolute: 1e-9 * Math.max(1, Math.abs(scale)) }, label);
}

/** The same usage, subgradient and counts exactly, and the same L(λ) and piece values up to the order of the sums. */
export function expectSameEvaluation(screened: DualPoint, plain: DualPoint): void {
  expect(Array.from(screened.usage)).toEqual(Array.from(plain.usage));
  expect(Array.from(screened.subgradient)).toEqual(Array.from(plain.subgradient));
  expectSameSum(screened.value, plain.value, 'screened dual value');
  expect(Array.from(screened.classCounts)).toEqual(Array.from(plain.classCounts));
  for (const [p, value] of plain.classValue.entries())
    expectSameSum(screened.classValue[p], value, 'piece value', plain.value);
}
