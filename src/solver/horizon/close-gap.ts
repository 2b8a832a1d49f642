import type { Highs } from 'highs';
import { OPTIMAL_GAP, relativeGap } from '../outcome.ts';
import type { HorizonModel } from './model.ts';
import type { ScoredHorizonPlan } from './plan-score.ts';
import type { Pricing } from './pricing.ts';
import { provenAt, smallestMargins, solveAroundCore } from './repair.ts';

/** Share of the optimality gap the exact core looks past the plan: plans within it count as optimal. */
const GAP_SHARE = 0.25;
/** Most sequences one exact-core customer may have within the gap; beyond, the gap is reported. */
const EXACT_OPTIONS = 512;

export interface ClosedGap {
  plan: ScoredHorizonPlan;
  /** Proven upper bound on every plan's objective. */
  bound: number;
  /** Customers the last core held. */
  coreCustomers: number;
}

/**
 * Closes the gap between a plan and the bound L(λ) of the pricing, or reports it. Every plan
 * better than the target (the plan plus a quarter of the optimality gap) gives each customer a
 * sequence within UB − target of its best, so customers whose margin exceeds that keep their
 * best sequence, and HiGHS solves the rest over exactly those sequences: its optimum, or its
 * infeasibility, proves the best plan. When that core is larger than `maxCore`, heuristic
 * cores of the nearest customers, 4 times larger each round, first look for a better plan.
 */
export function closeGap(
  highs: Highs,
  model: HorizonModel,
  pricing: Pricing,
  incumbent: ScoredHorizonPlan,
  settings: { firstCore: number; maxCore: number; remaining: () => number },
): ClosedGap {
  const upper = pricing.point.value;
  const scale = Math.max(1, Math.abs(upper));
  let plan = incumbent;
  let heuristicSize = settings.firstCore;
  let coreCustomers = 0;
  for (;;) {
    if (relativeGap(plan.objective, upper) <= OPTIMAL_GAP) return { plan, bound: upper, coreCustomers };
    const target = plan.objective + GAP_SHARE * OPTIMAL_GAP * Math.max(1, Math.abs(plan.objective));
    const slack = upper - target + 1e-9 * scale;
    const exact: number[] = [];
    for (let i = 0; i < model.n && exact.length <= settings.maxCore; i++) if (pricing.margin[i] < slack) exact.push(i);
    const absoluteGap = 0.5 * OPTIMAL_GAP * Math.max(1, Math.abs(plan.objective));
    if (exact.length <= settings.maxCore) {
      const core = Int32Array.from(exact);
      const attempt = solveAroundCore(highs, model, pricing, core, {
        slack,
        cap: EXACT_OPTIONS,
        timeLimitSeconds: Math.max(0.05, settings.remaining()),
        absoluteGap,
        start: plan.choices,
        target: provenAt(upper),
      });
      if (attempt.plan && attempt.plan.objective > plan.objective) plan = attempt.plan;
      coreCustomers = core.length;
      if (relativeGap(plan.objective, upper) <= OPTIMAL_GAP) return { plan, bound: upper, coreCustomers };
      if (attempt.overflow) return { plan, bound: upper, coreCustomers };
      const { result } = attempt;
      const coreBound = result.status === 'infeasible' ? -Infinity : result.bound;
      const bound = Math.min(upper, Math.max(target, coreBound, plan.objective));
      return { plan, bound: result.status === 'failed' ? upper : bound, coreCustomers };
    }
    if (heuristicSize > settings.maxCore || settings.remaining() <= 0) return { plan, bound: upper, coreCustomers };
    const { customers } = smallestMargins(pricing, heuristicSize);
    const attempt = solveAroundCore(highs, model, pricing, customers, {
      slack,
      cap: 16,
      timeLimitSeconds: Math.min(30, settings.remaining() / 3),
      absoluteGap,
      start: plan.choices,
      target: provenAt(upper),
    });
    coreCustomers = customers.length;
    if (attempt.plan && attempt.plan.objective > plan.objective) plan = attempt.plan;
    heuristicSize *= 4;
  }
}
