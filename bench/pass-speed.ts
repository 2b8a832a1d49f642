import { buildRelaxation } from '../src/solver/decomposition/index.ts';
import { createWorkspace, evaluateLagrangian } from '../src/solver/decomposition/evaluation.ts';
import type { Problem } from '../src/solver/problem.ts';

/** Plain passes timed per size: the first warms V8 up, the rest are measured. */
const PASSES = 6;

/**
 * The cost of one dual pass over every customer (no screening: what a shard of a distributed
 * dual does per iteration, docs/SCALE.md): the median and the least of {@link PASSES} − 1 passes
 * at multipliers of 0.5, in milliseconds, and per customer-action pair in nanoseconds.
 */
export function measurePasses(problem: Problem): Record<string, number> {
  const relax = buildRelaxation(problem);
  const work = createWorkspace(relax, { screen: false });
  const lambda = new Float64Array(relax.R).fill(0.5);
  const times: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    const started = performance.now();
    evaluateLagrangian(relax, lambda, work);
    if (pass > 0) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  return {
    passMs: median,
    bestPassMs: times[0],
    nsPerPair: (1e6 * median) / (problem.n * problem.K),
    rows: relax.R,
    classes: relax.C,
    actions: relax.K,
  };
}
