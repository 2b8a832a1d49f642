import type { Highs } from 'highs';
import { OPTIMAL_GAP, relativeGap } from '../outcome.ts';
import { assignCounts, countChoices } from './assign-counts.ts';
import { listCandidates, type Candidates } from './candidates.ts';
import { searchNearLp, solveCountCore } from './count-core.ts';
import type { HorizonModel } from './model.ts';
import { keepsHorizonRows, scoreHorizonPlan, type ScoredHorizonPlan } from './plan-score.ts';
import type { Pricing } from './pricing.ts';

/** Share of the optimality gap the exact search looks past the plan: plans within it count as optimal. */
export const GAP_SHARE = 0.25;
/** Most sequences one type may offer the count MIP; beyond, its set is not exact. */
const MAX_OPTIONS = 4096;
/** The first slack, in optimality gaps: most plans proven optimal lie within it of the bound. */
export const FIRST_SLACK = 2;
/** How far each count of the heuristic MIP may move from its LP value. */
const LP_RADIUS = 2;

export interface CountSearchOutcome {
  plan: ScoredHorizonPlan | undefined;
  /** Proven upper bound on every plan's objective. */
  bound: number;
  /** True when no plan keeps every row. */
  infeasible: boolean;
  /** Options in the last count MIP. */
  columns: number;
}

/** An objective that the bound `upper` proves optimal (a hair inside the optimality gap). */
export function provenAt(upper: number): number {
  return upper - 0.999 * OPTIMAL_GAP * Math.max(1, Math.abs(upper));
}

/** The optimality gap's absolute size at an objective. */
export const tolerance = (objective: number): number => OPTIMAL_GAP * Math.max(1, Math.abs(objective));

/**
 * Finds and proves the best plan by count MIPs over candidate sets (README, "Planning several
 * weeks"). Every plan worth at least UB − s gives each customer a sequence within s of its best
 * at the multipliers, so the MIP over the candidates within s holds all of them: its optimum,
 * or its infeasibility (then no plan is worth UB − s), bounds every plan. At each slack, from
 * twice the optimality gap, a MIP in a small neighbourhood of the count LP looks for a plan the
 * Lagrangian bound proves; failing that, the slack becomes the gap between the bound and the
 * best plan (a quarter of the optimality gap past it), and the exact MIP settles it. Without a
 * plan the slack grows until one is found, some type has too many sequences, or time runs out.
 */
export function searchByCounts(
  highs: Highs,
  model: HorizonModel,
  pricing: Pricing,
  settings: { incumbent?: ScoredHorizonPlan; worstPlan: number; remaining: () => number },
): CountSearchOutcome {
  const upper = pricing.point.value;
  const hair = 1e-9 * Math.max(1, Math.abs(upper));
  let plan = settings.incumbent;
  let bound = upper;
  let columns = 0;
  const done = () => plan !== undefined && relativeGap(plan.objective, bound) <= OPTIMAL_GAP;
  const offer = (candidates: Candidates, counts: Int32Array[] | undefined) => {
    if (!counts) return;
    const scored = scoreHorizonPlan(model, assignCounts(model, candidates, counts));
    if (scored && keepsHorizonRows(model, scored.usage) && (!plan || scored.objective > plan.objective)) plan = scored;
  };
  // Every plan worth UB − slack keeps to the candidates within slack: none over them, none at all.
  const noneWithin = (slack: number) => (bound = Math.min(bound, upper - slack)) < settings.worstPlan;
  // A listing cut short by the clock is no candidate set: nothing is solved over it.
  const outOfTime = () => settings.remaining() <= 0;
  const list = (within: number) => listCandidates(model, pricing, within + hair, MAX_OPTIONS, outOfTime);
  let slack = FIRST_SLACK * tolerance(upper);
  let searched = false;
  while (!done() && !outOfTime()) {
    let candidates = list(slack);
    if (outOfTime()) break;
    if (!plan || !searched) {
      searched = true;
      const near = searchNearLp(highs, model, candidates, {
        radius: LP_RADIUS,
        timeLimitSeconds: settings.remaining() / 4,
        absoluteGap: 0.5 * tolerance(upper),
        target: provenAt(upper),
      });
      offer(candidates, near.counts);
      if (done() || (near.infeasible && !candidates.complete) || outOfTime()) break;
      if (near.infeasible) {
        if (noneWithin(slack)) return { plan: undefined, bound: -Infinity, infeasible: true, columns };
        slack *= 64;
        continue;
      }
    }
    // The exact slack: every plan a quarter of the optimality gap better than the incumbent is within it.
    const exact = plan ? upper - (plan.objective + GAP_SHARE * tolerance(plan.objective)) : slack;
    if (exact > slack) {
      const wider = list(exact);
      if (outOfTime()) break;
      slack = wider.complete ? exact : Math.min(exact, 64 * slack);
      candidates = wider.complete ? wider : list(slack);
      if (outOfTime()) break;
    }
    columns = candidates.columns;
    const start = plan ? countChoices(model, candidates, plan.choices) : undefined;
    const result = solveCountCore(highs, model, candidates, {
      timeLimitSeconds: settings.remaining(),
      // A bound within the rest of the optimality gap of the plan ends the MIP.
      absoluteGap: (1 - GAP_SHARE) * 0.99 * tolerance(plan?.objective ?? upper),
      target: provenAt(upper),
      ...(start ? { start } : {}),
    });
    offer(candidates, result.counts);
    if (!candidates.complete) break;
    if (result.status === 'infeasible') {
      if (noneWithin(slack)) return { plan: undefined, bound: -Infinity, infeasible: true, columns };
      slack *= 64;
    } else if (result.status === 'optimal') {
      bound = Math.min(bound, Math.max(result.bound, upper - slack));
      // Unproven only when the slack fell short of the gap to the best plan: widen it.
      if (!plan || slack >= upper - (plan.objective + GAP_SHARE * tolerance(plan.objective))) break;
    } else break;
  }
  return { plan, bound: Math.max(bound, plan?.objective ?? -Infinity), infeasible: false, columns };
}
