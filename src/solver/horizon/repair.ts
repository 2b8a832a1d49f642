import type { Highs } from 'highs';
import { OPTIMAL_GAP } from '../outcome.ts';
import { solveSequenceCore, type Chooser, type SequenceCoreResult } from './core-mip.ts';
import type { HorizonModel } from './model.ts';
import { SAME_RISK, sequencesAbove, type NearSequence } from './near-sequences.ts';
import { keepsHorizonRows, scoreHorizonPlan, type ScoredHorizonPlan } from './plan-score.ts';
import type { Pricing } from './pricing.ts';

/** An objective that the bound `upper` proves optimal (a hair inside the optimality gap). */
export function provenAt(upper: number): number {
  return upper - 0.999 * OPTIMAL_GAP * Math.max(1, Math.abs(upper));
}

/** Most sequences a heuristic core offers one customer (its best ones). */
const HEURISTIC_OPTIONS = 16;

export interface CoreAttempt {
  /** The plan the MIP chose, when it keeps every row. */
  plan: ScoredHorizonPlan | undefined;
  result: SequenceCoreResult;
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
 * The core MIP around `core`: every core customer chooses among its sequences whose reduced
 * value is within `slack` of its best (at most `cap`); every other customer, grouped with the
 * customers of its type on the same root label, among the sequences that leave the same share
 * of risk as that label within `slack` (the group's counts). With the exact slack (the gap
 * between the bound and a target plan) and no overflow, every plan better than the target is
 * one of this MIP's.
 */
export function solveAroundCore(
  highs: Highs,
  model: HorizonModel,
  pricing: Pricing,
  core: Int32Array,
  settings: {
    slack: number;
    cap: number;
    timeLimitSeconds: number;
    absoluteGap: number;
    start?: Int16Array;
    /** A plan at least this good ends the MIP (see `solveSequenceCore`). */
    target?: number;
  },
): CoreAttempt {
  const { n, weeks: W } = model;
  const inCore = new Uint8Array(n);
  for (const i of core) inCore[i] = 1;
  const choosers: Chooser[] = [];
  const members: Int32Array[] = [];
  let overflow = false;
  const add = (who: Int32Array, options: NearSequence[], cls: number, unit: (o: NearSequence) => number) => {
    choosers.push({ cls, size: who.length, options, unitValue: Float64Array.from(options, unit) });
    members.push(who);
  };
  for (const i of core) {
    const near = sequencesAbove(model, pricing, i, pricing.best[i] - settings.slack, settings.cap);
    if (!near.complete) overflow = true;
    add(Int32Array.of(i), near.found, model.relax.classOf[i], (o) => o.value);
  }
  model.types.forEach((type, at) => {
    const from = pricing.ranges[at];
    const hulls = pricing.hulls[at];
    for (let j = 0; j + 1 < from.length; j++) {
      const who = type.customers.subarray(from[j], from[j + 1]).filter((i) => !inCore[i]);
      if (who.length === 0) continue;
      const q = hulls.q[hulls.labelStart[0] + j];
      const near = sequencesAbove(model, pricing, who[0], pricing.best[who[0]] - settings.slack, settings.cap);
      if (!near.complete) overflow = true;
      let sum = 0;
      for (const i of who) sum += model.weight[i];
      const mean = sum / who.length;
      const same = near.found.filter((o) => Math.abs(o.q - q) <= SAME_RISK);
      add(who, same, type.cls, (o) => mean * (1 - o.q) - model.costWeight * o.cost);
    }
  });
  const start = settings.start ? startCounts(model, choosers, members, settings.start) : undefined;
  const result = solveSequenceCore(highs, model, choosers, model.relax.limit, {
    timeLimitSeconds: settings.timeLimitSeconds,
    absoluteGap: settings.absoluteGap,
    start,
    target: settings.target,
  });
  let plan: ScoredHorizonPlan | undefined;
  if (result.counts) {
    const choices = new Int16Array(W * n).fill(-1);
    result.counts.forEach((counts, j) => {
      let next = 0;
      counts.forEach((count, o) => {
        for (let c = 0; c < count; c++, next++)
          for (let t = 0; t < W; t++) choices[t * n + members[j][next]] = choosers[j].options[o].actions[t];
      });
    });
    const scored = scoreHorizonPlan(model, choices);
    if (scored && keepsHorizonRows(model, scored.usage)) plan = scored;
  }
  return { plan, result, overflow };
}

/** How many of each chooser's members take each option in a known plan; undefined when some member's sequence is not an option. */
function startCounts(
  model: HorizonModel,
  choosers: readonly Chooser[],
  members: readonly Int32Array[],
  plan: Int16Array,
): Int32Array[] | undefined {
  const { n, weeks: W } = model;
  const counts: Int32Array[] = [];
  for (let j = 0; j < choosers.length; j++) {
    const tally = new Int32Array(choosers[j].options.length);
    for (const i of members[j]) {
      const o = choosers[j].options.findIndex((option) => option.actions.every((k, t) => plan[t * n + i] === k));
      if (o < 0) return undefined;
      tally[o]++;
    }
    counts.push(tally);
  }
  void W;
  return counts;
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
    const slack = Math.max(2 * threshold, 1e-9 * Math.abs(pricing.point.value));
    const attempt = solveAroundCore(highs, model, pricing, customers, {
      slack,
      cap: HEURISTIC_OPTIONS,
      timeLimitSeconds: Math.min(30, settings.remaining() / 3),
      absoluteGap: settings.absoluteGap(pricing.point.value),
      target: provenAt(pricing.point.value),
    });
    if (attempt.plan) return attempt.plan;
    if (size >= settings.maxCore || size >= model.n || settings.remaining() <= 0) return undefined;
  }
}
