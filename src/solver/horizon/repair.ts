import type { Highs } from 'highs';
import { solveSequenceCore, type SequenceCoreResult } from './core-mip.ts';
import type { HorizonModel } from './model.ts';
import { sequencesAbove, type NearSequence } from './near-sequences.ts';
import { keepsHorizonRows, scoreHorizonPlan, type ScoredHorizonPlan } from './plan-score.ts';
import type { Pricing } from './pricing.ts';

/** Most sequences a heuristic core offers one customer (its best ones). */
const HEURISTIC_OPTIONS = 16;

export interface CoreAttempt {
  /** The plan made of the fixed customers' best sequences and the core's choice, when it keeps every row. */
  plan: ScoredHorizonPlan | undefined;
  result: SequenceCoreResult;
  /** Objective of the fixed customers (their best sequences). */
  fixedValue: number;
  /** True when some core customer had more than the allowed number of sequences above its floor. */
  overflow: boolean;
}

/** The customers with the smallest margins: at most `size` of them, by a threshold on the margin. */
export function smallestMargins(pricing: Pricing, size: number): { customers: Int32Array; threshold: number } {
  const n = pricing.margin.length;
  if (size >= n) return { customers: Int32Array.from({ length: n }, (_, i) => i), threshold: Infinity };
  const sorted = Float64Array.from(pricing.margin).sort();
  const threshold = sorted[size - 1];
  const customers: number[] = [];
  for (let i = 0; i < n && customers.length < size; i++) if (pricing.margin[i] <= threshold) customers.push(i);
  return { customers: Int32Array.from(customers), threshold };
}

/**
 * Fixes every customer outside `core` at its best sequence and lets HiGHS choose the core's
 * sequences among those whose reduced value is within `slack(i)` of their best (at most `cap`).
 * With the exact slack (the gap between the bound and a known plan) and no overflow, the core's
 * optimum is the optimum of every plan better than that one.
 */
export function solveAroundCore(
  highs: Highs,
  model: HorizonModel,
  pricing: Pricing,
  core: Int32Array,
  settings: {
    slack: (i: number) => number;
    cap: number;
    timeLimitSeconds: number;
    absoluteGap: number;
    start?: Int16Array;
  },
): CoreAttempt {
  const { n, weeks: W } = model;
  const choices = Int16Array.from(pricing.relaxed);
  for (const i of core) for (let t = 0; t < W; t++) choices[t * n + i] = -1;
  // With the core customers taking nothing, the score is the fixed customers' value and usage.
  const fixed = scoreHorizonPlan(model, choices);
  const fixedValue = fixed?.objective ?? 0;
  const limits = Float64Array.from(model.relax.limit, (limit, r) => limit - (fixed?.usage[r] ?? 0));
  const options: NearSequence[][] = [];
  let overflow = false;
  for (const i of core) {
    const near = sequencesAbove(model, pricing, i, pricing.best[i] - settings.slack(i), settings.cap);
    if (!near.complete) overflow = true;
    options.push(near.found);
  }
  const start = settings.start ? startPicks(model, core, options, settings.start) : undefined;
  const result = solveSequenceCore(highs, model, { customers: core, options }, limits, {
    timeLimitSeconds: settings.timeLimitSeconds,
    absoluteGap: settings.absoluteGap,
    start,
  });
  let plan: ScoredHorizonPlan | undefined;
  if (result.pick) {
    const pick = result.pick;
    core.forEach((i, j) => {
      const option = options[j][pick[j]];
      if (option) for (let t = 0; t < W; t++) choices[t * n + i] = option.actions[t];
    });
    const scored = scoreHorizonPlan(model, choices);
    if (scored && keepsHorizonRows(model, scored.usage)) plan = scored;
  }
  return { plan, result, fixedValue, overflow };
}

/** Each core customer's option that matches its sequence in a known plan (-1 when none does). */
function startPicks(model: HorizonModel, core: Int32Array, options: NearSequence[][], plan: Int16Array): Int32Array {
  const { n, weeks: W } = model;
  return Int32Array.from(core, (i, j) =>
    options[j].findIndex((option) => option.actions.every((k, t) => plan[t * n + i] === k)),
  );
}

/**
 * Repairs the relaxed choice into a plan: heuristic cores of the customers nearest to changing
 * their choice, 4 times larger each round, each offering every core customer its best
 * sequences, until HiGHS finds a plan that keeps every row (or the core reaches `maxCore`).
 */
export function repairByCores(
  highs: Highs,
  model: HorizonModel,
  pricing: Pricing,
  settings: { firstCore: number; maxCore: number; remaining: () => number; absoluteGap: (objective: number) => number },
): ScoredHorizonPlan | undefined {
  for (let size = settings.firstCore; ; size *= 4) {
    const { customers, threshold } = smallestMargins(pricing, Math.min(size, settings.maxCore));
    const slack = Number.isFinite(threshold) ? Math.max(2 * threshold, 1e-9) : Infinity;
    const attempt = solveAroundCore(highs, model, pricing, customers, {
      slack: () => slack,
      cap: HEURISTIC_OPTIONS,
      timeLimitSeconds: Math.min(30, settings.remaining() / 3),
      absoluteGap: settings.absoluteGap(pricing.point.value),
    });
    if (attempt.plan) return attempt.plan;
    if (size >= settings.maxCore || size >= model.n || settings.remaining() <= 0) return undefined;
  }
}
