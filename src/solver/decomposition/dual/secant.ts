import type { DualPoint } from '../evaluation.ts';

/** Largest step past `b` the secant may take, in units of the step from `a` to `b`. */
const MAX_SECANT_STEPS = 4;

/**
 * The point on the line from `a` through `b` where L's slope along it is zero, the slope
 * interpolated linearly between the two points' subgradients (a regula falsi on the rows' use):
 * undefined when L does not fall from `a` towards `b`. Clipped at λ ≥ 0 and at
 * {@link MAX_SECANT_STEPS} steps past `b`.
 */
export function secantPoint(a: DualPoint, b: DualPoint): Float64Array | undefined {
  let slopeA = 0;
  let slopeB = 0;
  for (let r = 0; r < a.lambda.length; r++) {
    const step = b.lambda[r] - a.lambda[r];
    slopeA += a.subgradient[r] * step;
    slopeB += b.subgradient[r] * step;
  }
  if (!(slopeA < 0 && slopeB > slopeA)) return undefined;
  const t = Math.min(1 + MAX_SECANT_STEPS, slopeA / (slopeA - slopeB));
  return Float64Array.from(a.lambda, (x, r) => Math.max(0, x + t * (b.lambda[r] - x)));
}
