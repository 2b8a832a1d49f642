import type { Highs } from 'highs';
import type { DualPoint } from '../evaluation.ts';
import type { Relaxation } from '../lagrangian.ts';
import { borrowMaster } from './shared-master.ts';

/** A sample's dual at its end: its relaxation (whose master keeps its cuts), its best point, and its share of the customers. */
export interface SampleDual {
  relax: Relaxation;
  best: DualPoint;
  share: number;
}

/**
 * Where the whole dual's optimum lies by the sample's own cutting-plane model, once the whole
 * week's pass at the sample's optimum (`first`) has shown the sample's error in each row's use:
 * the sample's limits moved by that error give its model the whole week's slope there (scaled),
 * and that model's minimum within `reach` of `first` is the guess. Undefined when HiGHS proves none.
 */
export function shiftedSampleOptimum(
  highs: Highs,
  sample: SampleDual,
  first: DualPoint,
  reach: Float64Array,
  seconds: number,
): Float64Array | undefined {
  const { relax, best, share } = sample;
  const limit = Float64Array.from(best.usage, (used, r) => used + share * relax.sign[r] * first.subgradient[r]);
  const lower = Float64Array.from(first.lambda, (x, r) => Math.max(0, x - reach[r]));
  const upper = Float64Array.from(first.lambda, (x, r) => x + reach[r]);
  const lease = borrowMaster(highs, relax);
  try {
    lease.master.relimit(limit);
    return lease.master.solve(lower, upper, seconds)?.lambda;
  } finally {
    lease.release();
  }
}
