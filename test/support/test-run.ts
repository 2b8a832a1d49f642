import type { Relaxation } from '../../src/solver/decomposition/lagrangian.ts';
import { DecompositionRun } from '../../src/solver/decomposition/run.ts';

/**
 * A decomposition run over `relax` that reports no progress, with `seconds` to its deadline: on
 * the wall clock, or with `at` on a clock stopped at `at` ms (started at `started`, by default
 * the same instant), so that a test's path never turns on the machine's speed.
 */
export function testRun(
  relax: Relaxation,
  { seconds = 60, at, started }: { seconds?: number; at?: number; started?: number } = {},
): DecompositionRun {
  const now = at === undefined ? () => performance.now() : () => at;
  return new DecompositionRun(relax, now, started ?? now(), seconds, () => {});
}
