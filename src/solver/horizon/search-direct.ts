import type { Highs } from 'highs';
import { OPTIMAL_GAP, relativeGap } from '../outcome.ts';
import { listCustomerOptions, optionCount, planColumns, type CustomerOptions } from './customer-candidates.ts';
import { buildDirectMip } from './direct-mip.ts';
import { runMip } from './mip-model.ts';
import type { HorizonModel } from './model.ts';
import { keepsHorizonRows, scoreHorizonPlan, type ScoredHorizonPlan } from './plan-score.ts';
import type { Pricing } from './pricing.ts';
import { nextSlack } from './next-slack.ts';
import { repairPlan } from './repair-plan.ts';
import { startsFromPlan } from './round-start.ts';
import { FIRST_SLACK, GAP_SHARE, tolerance, type CountSearchOutcome } from './search-counts.ts';

/** Most sequences, over all customers, one direct MIP may hold; beyond, the count MIP's aggregation is worth it. */
export const DIRECT_COLUMNS = 20_000;
/** How much the slack grows from one direct MIP to the next. */
const DIRECT_GROWTH = 4;
/** Most customers the direct MIP serves: each holds at least one column. */
export const DIRECT_CUSTOMERS = 500;

/** Slacks, relative to the bound, of the options the repair heuristic chooses among: the next when it finds no plan. */
const REPAIR_SLACKS = [2e-3, 8e-3];
/** Most options the repair heuristic works on: past them its moves cost more than a MIP's search. */
const REPAIR_OPTIONS = 4_000;

/**
 * The better of `incumbent` and the plan {@link repairPlan} finds among the options near the
 * multipliers (a wider set when it finds none), when it keeps every row: a start close to the
 * optimum lets the direct MIP's last round prove it rather than search for it.
 */
function repairedPlan(
  model: HorizonModel,
  pricing: Pricing,
  upper: number,
  incumbent: ScoredHorizonPlan | undefined,
): ScoredHorizonPlan | undefined {
  let best = incumbent;
  for (const share of REPAIR_SLACKS) {
    const listed = listCustomerOptions(model, pricing, share * Math.max(1, Math.abs(upper)), REPAIR_OPTIONS);
    const choices = listed && repairPlan(model, listed);
    const scored = choices && scoreHorizonPlan(model, choices);
    if (scored && keepsHorizonRows(model, scored.usage) && (!best || scored.objective > best.objective)) best = scored;
    if (!listed || scored) break;
  }
  return best;
}

/**
 * The plan of the first round improved by {@link repairPlan}'s switches among the options within
 * `gap` of the multipliers' best, when that finds a better one that keeps every row: a round's
 * best plan over its small set often lies one or two customers' switches from the optimum.
 */
function improvedPlan(
  model: HorizonModel,
  pricing: Pricing,
  plan: ScoredHorizonPlan,
  gap: number,
): ScoredHorizonPlan | undefined {
  const listed = listCustomerOptions(model, pricing, gap, REPAIR_OPTIONS);
  const choices = listed && repairPlan(model, listed, plan.choices);
  const scored = choices && scoreHorizonPlan(model, choices);
  return scored && keepsHorizonRows(model, scored.usage) && scored.objective > plan.objective ? scored : undefined;
}

interface DirectRun {
  status: 'optimal' | 'stopped' | 'infeasible';
  choices: Int16Array | undefined;
  /** HiGHS's bound on the MIP (+Infinity when unknown). */
  bound: number;
}

/** Solves the direct MIP with HiGHS, from `start` when its sequences are listed, with HiGHS's probing or without. */
function runDirect(
  highs: Highs,
  model: HorizonModel,
  listed: readonly CustomerOptions[],
  settings: {
    slack: number;
    floor: number;
    absoluteGap: number;
    seconds: number;
    start?: Int16Array;
    probing: boolean;
  },
): DirectRun {
  const start = settings.start && planColumns(model, listed, settings.start);
  // At the incumbent's value HiGHS starts from it and the cutoff prunes from the first node; below the
  // floor the incumbent is no start, and a row keeps out the worse plans HiGHS's heuristics would chase.
  const run = runMip(highs, buildDirectMip(model, listed, settings.slack, start ? -Infinity : settings.floor), {
    integer: true,
    ...(start ? { cutoff: settings.floor } : {}),
    absoluteGap: settings.absoluteGap,
    seconds: settings.seconds,
    probing: settings.probing,
    ...(start ? { start: { indices: Int32Array.from(start), values: Float64Array.from(start, () => 1) } } : {}),
  });
  const x = run.x;
  if (run.status === 'infeasible' || !x) return { status: run.status, choices: undefined, bound: run.bound };
  const { n, weeks: W } = model;
  const choices = new Int16Array(W * n).fill(-1);
  let col = 0;
  for (const { customer, options } of listed)
    for (const option of options)
      if (x[col++] > 0.5) for (let t = 0; t < W; t++) choices[t * n + customer] = option.actions[t];
  return { status: run.status, choices, bound: run.bound };
}

/**
 * Finds and proves the best plan by one binary per (customer, sequence) where the customers are
 * few (README, "Planning several weeks"): every plan worth at least UB − s gives each customer a
 * sequence within s of its best at the multipliers, so the MIP over those sequences, asked for a
 * plan worth UB − s, finds the best of them or proves that none exists (then UB − s bounds every
 * plan). The slack starts small and grows fourfold, at most to the gap to the incumbent, until a
 * plan is proven or time runs out. The first round takes the best plan of its small set; the
 * repair heuristic runs after it only when that plan is not already near the bound. Undefined
 * when the first set of sequences is too large ({@link DIRECT_CUSTOMERS}, {@link DIRECT_COLUMNS}):
 * the count MIP serves such inputs.
 */
export function searchDirect(
  highs: Highs,
  model: HorizonModel,
  pricing: Pricing,
  settings: {
    incumbent?: ScoredHorizonPlan;
    worstPlan: number;
    remaining: () => number;
    /** Past the size limits too (tests of small inputs). */
    force?: boolean;
  },
): CountSearchOutcome | undefined {
  const upper = pricing.point.value;
  const hair = 1e-9 * Math.max(1, Math.abs(upper));
  const cap = settings.force ? Infinity : DIRECT_COLUMNS;
  if (!settings.force && model.n > DIRECT_CUSTOMERS) return undefined;
  let plan = settings.incumbent;
  let bound = upper;
  let columns = 0;
  // Plans a quarter of the optimality gap better than the incumbent: past them the incumbent is proven.
  const sought = () => (plan ? upper - (plan.objective + GAP_SHARE * tolerance(plan.objective)) : 0);
  // Small MIPs near the bound are quick to settle; most plans are proven at a slack a little past their gap.
  let slack = FIRST_SLACK * tolerance(upper) * DIRECT_GROWTH ** 2;
  let listedNext: CustomerOptions[] | undefined;
  // The plan is the best of a direct round's set, which wider rounds have not beaten: likely the optimum.
  let fromRound = false;
  for (let round = 0; settings.remaining() > 0; round++) {
    const listed = listedNext ?? listCustomerOptions(model, pricing, slack + hair, cap);
    if (!listed) {
      if (round === 0) return undefined;
      break;
    }
    columns = optionCount(listed);
    // The first round takes any plan of the set better than the incumbent (often the optimum); later ones only UB − slack.
    const floor = !plan ? -Infinity : Math.min(upper - slack - hair, round === 0 ? plan.objective : Infinity);
    const starts =
      plan && startsFromPlan({ floor, planValue: plan.objective, gapFloor: upper - sought(), fromRound, hair });
    // Probing settles at the root the round at the gap that a round's own plan, likely the optimum, floors;
    // in the other rounds it costs more than it saves.
    const probing = plan !== undefined && !starts && floor <= upper - sought() + hair;
    const run = runDirect(highs, model, listed, {
      slack: slack + hair,
      floor,
      absoluteGap: (1 - GAP_SHARE) * 0.99 * tolerance(plan?.objective ?? upper),
      seconds: settings.remaining(),
      probing,
      ...(plan && starts ? { start: plan.choices } : {}),
    });
    if (run.choices) {
      const scored = scoreHorizonPlan(model, run.choices);
      if (scored && keepsHorizonRows(model, scored.usage) && (!plan || scored.objective > plan.objective)) {
        plan = scored;
        fromRound = true;
      }
    }
    // Every plan worth UB − slack is in the MIP: the better of its bound and UB − slack bounds them all.
    bound = Math.min(bound, Math.max(run.status === 'infeasible' ? -Infinity : run.bound, upper - slack));
    if (run.status === 'stopped') break;
    if (plan && relativeGap(plan.objective, bound) <= OPTIMAL_GAP) break;
    if (bound < settings.worstPlan) return { plan: undefined, bound: -Infinity, infeasible: true, columns };
    const improved = round === 0 && plan && improvedPlan(model, pricing, plan, sought() + hair);
    if (improved) {
      plan = improved;
      fromRound = false;
    }
    if (round === 0 && (!plan || upper - plan.objective > REPAIR_SLACKS[0] * Math.max(1, Math.abs(upper)))) {
      const repaired = repairedPlan(model, pricing, upper, plan);
      if (repaired !== plan) fromRound = false;
      plan = repaired;
    }
    const grown = DIRECT_GROWTH * slack;
    const next =
      plan && 2 * grown >= sought() ? nextSlack(model, pricing, { grown, gap: sought(), hair, cap }) : undefined;
    // The same MIP again would settle nothing more.
    if ((next?.slack ?? grown) <= slack) break;
    slack = next?.slack ?? grown;
    listedNext = next?.listed;
  }
  return { plan, bound: Math.max(bound, plan?.objective ?? -Infinity), infeasible: false, columns };
}
