import type { Highs } from 'highs';
import { OPTIMAL_GAP, relativeGap, type ProgressListener, type SolveOutcome } from '../outcome.ts';
import { minimizeHorizonDual } from './bound.ts';
import { createHorizonWork } from './evaluate.ts';
import type { HorizonModel } from './model.ts';
import { planMyopic } from './myopic.ts';
import { keepsHorizonRows, scoreHorizonPlan, type ScoredHorizonPlan } from './plan-score.ts';
import { priceTypes, type Pricing } from './pricing.ts';
import { proveInfeasible } from './prove-infeasible.ts';
import { searchByCounts, type CountSearchOutcome } from './search-counts.ts';
import { searchDirect } from './search-direct.ts';

export interface HorizonSolveOptions {
  timeLimitSeconds?: number;
  onProgress?: ProgressListener;
  /** Milliseconds clock, injectable for tests. */
  now?: () => number;
  /** A known plan (`choices[t * n + i]`), e.g. the myopic one: the first incumbent when it keeps every rule. */
  start?: Int16Array;
  /**
   * How plans are searched: `direct`, one binary per (customer, sequence), where the customers
   * and their sequences are few enough; `counts`, the count MIP per type of customer. By default
   * the direct MIP when it fits, else the count MIP.
   */
  search?: 'auto' | 'direct' | 'counts';
}

/** What the horizon solve returns: the weekly `SolveOutcome`'s figures, with the plan over every week. */
export interface HorizonSolveOutcome extends Omit<SolveOutcome, 'choice' | 'dual'> {
  /** `choices[t * n + i]`: customer i's action index in week t, -1 for none. */
  choices: Int16Array | undefined;
  /** Evaluations of L(λ), and the sequences (over all types) in the last exact count MIP, for the benchmark. */
  dualIterations: number;
  coreColumns: number;
}

const METHOD = 'horizon-lagrangian';
/** Share of the search's time the direct MIP may take before the count search goes on from its plan. */
const DIRECT_SHARE = 0.5;
/** Share of the time left that the myopic start may take when the direct MIP found no plan. */
const MYOPIC_SHARE = 0.25;
/** Seconds a week the myopic start may take however late: an answer past the time limit beats none. */
const MYOPIC_WEEK_FLOOR = 0.25;

type SearchSettings = Parameters<typeof searchByCounts>[3];

/**
 * The myopic plan (each week planned alone by the weekly solver) as a start, when it keeps every
 * row: a plan to improve on where the MIPs found none. At least {@link MYOPIC_WEEK_FLOOR} seconds
 * a week, so that a search out of time still answers.
 */
async function startMyopic(model: HorizonModel, seconds: number): Promise<ScoredHorizonPlan | undefined> {
  const myopic = await planMyopic(model, model.predictions, {
    timeLimitSeconds: Math.max(seconds, MYOPIC_WEEK_FLOOR * model.weeks),
  });
  const scored = myopic.choices && scoreHorizonPlan(model, myopic.choices);
  return scored && keepsHorizonRows(model, scored.usage) ? scored : undefined;
}

/**
 * The plan search: by default the direct MIP where it fits, for at most {@link DIRECT_SHARE} of
 * the time, then, unless it proved its plan (or that there is none), the count search from that
 * plan, or from the myopic plan when the direct MIP found none; the better plan, with the lesser
 * of both bounds (each bounds every plan).
 */
async function searchPlans(
  highs: Highs,
  model: HorizonModel,
  pricing: Pricing,
  search: SearchSettings,
  how: NonNullable<HorizonSolveOptions['search']>,
): Promise<CountSearchOutcome> {
  if (how === 'counts') return searchByCounts(highs, model, pricing, search);
  const spare = (1 - DIRECT_SHARE) * search.remaining();
  const direct = searchDirect(highs, model, pricing, {
    ...search,
    force: how === 'direct',
    remaining: () => search.remaining() - (how === 'direct' ? 0 : spare),
  });
  if (!direct) return searchByCounts(highs, model, pricing, search);
  const proven = direct.plan !== undefined && relativeGap(direct.plan.objective, direct.bound) <= OPTIMAL_GAP;
  if (how === 'direct' || direct.infeasible || proven) return direct;
  const start = direct.plan ?? (await startMyopic(model, MYOPIC_SHARE * search.remaining()));
  const counts = searchByCounts(highs, model, pricing, { ...search, ...(start ? { incumbent: start } : {}) });
  if (counts.infeasible) return counts;
  const plan =
    !direct.plan || (counts.plan && counts.plan.objective > direct.plan.objective) ? counts.plan : direct.plan;
  const bound = Math.max(Math.min(direct.bound, counts.bound), plan?.objective ?? -Infinity);
  return { plan, bound, infeasible: false, columns: counts.columns };
}

/**
 * Solves the multi-week model: the Lagrangian dual over every week's rows and the horizon budget
 * (one sequence dynamic program per kind of customer per evaluation) bounds every plan; count
 * MIPs over the sequences near the bound find the plan and close the gap (`searchByCounts`), or
 * the gap is reported. `optimal` only when proven within {@link OPTIMAL_GAP}.
 */
export async function solveHorizon(
  highs: Highs,
  model: HorizonModel,
  options: HorizonSolveOptions = {},
): Promise<HorizonSolveOutcome> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const deadline = started + 1000 * (options.timeLimitSeconds ?? 60);
  const remaining = () => Math.max(0, (deadline - now()) / 1000);
  const progress = options.onProgress ?? (() => undefined);
  const maxCost = model.actions.reduce((most, a) => Math.max(most, a.cost), 0);
  const worstPlan = -model.costWeight * model.n * model.weeks * maxCost;
  const finish = (
    status: HorizonSolveOutcome['status'],
    plan: ScoredHorizonPlan | undefined,
    bound: number,
    extra: { iterations: number; core: number; message?: string },
  ): HorizonSolveOutcome => {
    const objective = plan?.objective ?? 0;
    const gap = plan ? relativeGap(objective, bound) : status === 'infeasible' ? 0 : Infinity;
    return {
      status: status === 'feasible' && gap <= OPTIMAL_GAP ? 'optimal' : status,
      choices: plan?.choices,
      objective,
      bound,
      gap,
      seconds: (now() - started) / 1000,
      method: METHOD,
      ...(extra.message ? { message: extra.message } : {}),
      dualIterations: extra.iterations,
      coreColumns: extra.core,
    };
  };

  let pause = now();
  const dual = await minimizeHorizonDual(highs, model, createHorizonWork(model), {
    deadline: started + 0.5 * (deadline - started),
    now,
    worstPlan,
    onIteration: (best, iteration) => {
      progress({ phase: 'dual', fraction: Math.min(0.5, iteration / 400), bound: best.value });
      if (now() - pause < 10) return undefined;
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          pause = now();
          resolve();
        }),
      );
    },
  });
  if (dual.infeasible) return finish('infeasible', undefined, -Infinity, { iterations: dual.iterations, core: 0 });
  const pricing = priceTypes(model, dual.best.lambda);
  progress({ phase: 'core', fraction: 0.6, bound: pricing.point.value });
  const known = options.start ? scoreHorizonPlan(model, options.start) : undefined;
  const search = {
    ...(known && keepsHorizonRows(model, known.usage) ? { incumbent: known } : {}),
    worstPlan,
    remaining,
  };
  const searched = await searchPlans(highs, model, pricing, search, options.search ?? 'auto');
  const extra = { iterations: dual.iterations, core: searched.columns };
  if (searched.infeasible) return finish('infeasible', undefined, -Infinity, extra);
  if (!searched.plan && (await proveInfeasible(highs, model, { deadline, now })))
    return finish('infeasible', undefined, -Infinity, extra);
  if (!searched.plan)
    return finish('error', undefined, searched.bound, {
      ...extra,
      message: 'no plan over the horizon was found in time; try fewer weeks, looser rules or a longer time limit',
    });
  progress({ phase: 'core', fraction: 1, objective: searched.plan.objective, bound: searched.bound });
  return finish('feasible', searched.plan, searched.bound, extra);
}
