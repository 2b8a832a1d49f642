import { expect } from 'vitest';

/** How near two numbers must be: `absolute` and/or `relative` (to the larger magnitude, at least 1). */
export interface Tolerance {
  absolute?: number;
  relative?: number;
}

/** The default: a relative gap of 1e-6, the solver's optimality tolerance. */
export const DEFAULT_TOLERANCE: Tolerance = { relative: 1e-6 };

/** The largest difference `tolerance` allows between `actual` and `expected`. */
export function allowedDifference(actual: number, expected: number, tolerance: Tolerance = DEFAULT_TOLERANCE): number {
  const scale = Math.max(1, Math.abs(actual), Math.abs(expected));
  return Math.max(tolerance.absolute ?? 0, (tolerance.relative ?? 0) * scale);
}

/** True when `actual` is within `tolerance` of `expected` (for filters; assertions use {@link expectClose}). */
export function isClose(actual: number, expected: number, tolerance: Tolerance = DEFAULT_TOLERANCE): boolean {
  return Math.abs(actual - expected) <= allowedDifference(actual, expected, tolerance);
}

/**
 * Asserts that `actual` is within `tolerance` of `expected`; a failure names both numbers, their
 * difference and what was allowed ("net value: 3478.8 is not within 1e-6 of 3478.9 (Δ = 0.1)").
 */
export function expectClose(
  actual: number,
  expected: number,
  tolerance: Tolerance = DEFAULT_TOLERANCE,
  what = 'value',
): void {
  const allowed = allowedDifference(actual, expected, tolerance);
  const difference = Math.abs(actual - expected);
  if (Number.isFinite(difference) && difference <= allowed) return;
  expect.fail(`${what}: ${actual} is not within ${allowed} of ${expected} (Δ = ${actual - expected})`);
}
