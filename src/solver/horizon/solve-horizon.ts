import type { Highs } from 'highs';
import { OPTIMAL_GAP, relativeGap, type ProgressListener, type SolveOutcome } from '../outcome.ts';
import { minimizeHorizonDual } from './bound.ts';
import { closeGap } from './close-gap.ts';
import { createHorizonWork } from './evaluate.ts';
import type { HorizonModel } from './model.ts';
import { keepsHorizonRows, scoreHorizonPlan, type ScoredHorizonPlan } from './plan-score.ts';
import { priceCustomers } from './pricing.ts';
import { proveInfeasible } from './prove-infeasible.ts';
import { repairByCores } from './repair.ts';

export interface HorizonSolveOptions {
  timeLimitSeconds?: number;
  onProgress?: ProgressListener;
  /** Milliseconds clock, injectable for tests. */
  now?: () => number;
  /** A known plan (`choices[t * n + i]`), e.g. the myopic one: the first incumbent when it keeps every rule. */
  start?: Int16Array;
  /** Customers in the first heuristic core (grown 4x per round). */
  firstCore?: number;
  /** Largest core handed to HiGHS. */
  maxCore?: number;
}

/** What the horizon solve returns: the weekly `SolveOutcome`'s figures, with the plan over every week. */
export interface HorizonSolveOutcome extends Omit<SolveOutcome, 'choice' | 'dual'> {
  /** `choices[t * n + i]`: customer i's action index in week t, -1 for none. */
  choices: Int16Array | undefined;
  /** Evaluations of L(λ) and customers in the last core, for the benchmark. */
  dualIterations: number;
  coreCustomers: number;
}

const METHOD = 'horizon-lagrangian';

/**
 * Solves the multi-week model: the Lagrangian dual over every week's rows and the horizon budget
 * (one sequence dynamic program per kind of customer per evaluation) bounds every plan; the
 * relaxed choice is repaired by heuristic cores of the customers nearest to changing their
 * sequence; an exact core closes the gap, or the gap is reported. `optimal` only when proven
 * within {@link OPTIMAL_GAP}.
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
      coreCustomers: extra.core,
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
  const upper = dual.best.value;
  const pricing = priceCustomers(model, dual.best);
  progress({ phase: 'repair', fraction: 0.6, bound: upper });

  const firstCore = options.firstCore ?? 256;
  const maxCore = options.maxCore ?? 20_000;
  const known = options.start ? scoreHorizonPlan(model, options.start) : undefined;
  let incumbent = known && keepsHorizonRows(model, known.usage) ? known : undefined;
  if (!incumbent || relativeGap(incumbent.objective, upper) > OPTIMAL_GAP) {
    const repaired = repairByCores(highs, model, pricing, {
      firstCore,
      maxCore,
      remaining,
      absoluteGap: (objective) => 0.5 * OPTIMAL_GAP * Math.max(1, Math.abs(objective)),
    });
    if (repaired && (!incumbent || repaired.objective > incumbent.objective)) incumbent = repaired;
  }
  if (!incumbent && (await proveInfeasible(highs, model, pricing, { deadline, now })))
    return finish('infeasible', undefined, -Infinity, { iterations: dual.iterations, core: 0 });
  if (!incumbent)
    return finish('error', undefined, upper, {
      iterations: dual.iterations,
      core: 0,
      message: 'no plan over the horizon was found in time; try fewer weeks, looser rules or a longer time limit',
    });
  progress({ phase: 'core', fraction: 0.8, objective: incumbent.objective, bound: upper });
  const closed = closeGap(highs, model, pricing, incumbent, { firstCore, maxCore, remaining });
  progress({ phase: 'core', fraction: 1, objective: closed.plan.objective, bound: closed.bound });
  return finish('feasible', closed.plan, Math.max(closed.bound, closed.plan.objective), {
    iterations: dual.iterations,
    core: closed.coreCustomers,
  });
}
